using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Nutritionist.Messaging.Sandbox.Internal;

/// <summary>
/// The emulated AWS End User Messaging Social (<c>socialmessaging</c>, restJson1): <c>SendWhatsAppMessage</c> as
/// <c>POST /v1/whatsapp/send</c>, SigV4 with signing name <c>social-messaging</c>, the model's required members and
/// constraints (<c>shared/reference/aws/socialmessaging.service-2.json</c>: <c>originationPhoneNumberId</c> 1–115 characters
/// of the <c>phone-number-id-…</c> or ARN form, <c>message</c> a base64 blob of 1 to 2,048,000 bytes, <c>metaApiVersion</c>),
/// the decoded message checked as Meta checks it, and restJson1 errors (<c>X-Amzn-ErrorType</c> and <c>{"message"}</c>).
/// </summary>
internal sealed partial class AwsSocialApi(SandboxState state, SandboxEmulator emulator)
{
    public const string SigningName = "social-messaging";
    public const string SendPath = "/v1/whatsapp/send";

    public static bool Handles(string path) => path == SendPath || path.StartsWith("/v1/whatsapp/", StringComparison.Ordinal);

    public async Task<SandboxResponse> HandleAsync(SandboxRequest request, CancellationToken cancellationToken)
    {
        if (SigV4Verifier.Check(request, state, SigningName) is { } refusal)
        {
            return Error(403, refusal.Type, refusal.Message);
        }

        if (request.Path != SendPath || !request.Method.Equals("POST", StringComparison.OrdinalIgnoreCase))
        {
            return Error(404, "UnknownOperationException", $"The sandbox emulates SendWhatsAppMessage (POST {SendPath}); nothing is at {request.Method} {request.Path}.");
        }

        JsonNode? root;
        try
        {
            root = JsonNode.Parse(request.Body.Length == 0 ? "{}"u8.ToArray() : request.Body);
        }
        catch (JsonException)
        {
            return Error(400, "SerializationException", "The request body is not JSON.");
        }

        if (root is not JsonObject input)
        {
            return Error(400, "SerializationException", "The request body is not a JSON object.");
        }

        var origination = Member(input, "originationPhoneNumberId");
        var version = Member(input, "metaApiVersion");
        var blob = Member(input, "message");
        var missing = new[] { ("originationPhoneNumberId", origination), ("message", blob), ("metaApiVersion", version) }
            .Where(static m => m.Item2 is null).Select(static m => m.Item1).ToList();
        if (missing.Count > 0)
        {
            return Validation($"{missing.Count.ToString(CultureInfo.InvariantCulture)} validation error(s) detected: " + string.Join("; ", missing.Select(static m => $"Value null at '{m}' failed to satisfy constraint: Member must not be null")));
        }

        if (origination!.Length is < 1 or > 115 || !PhoneNumberIdPattern().IsMatch(origination))
        {
            return Validation($"1 validation error detected: Value at 'originationPhoneNumberId' failed to satisfy constraint: Member must satisfy regular expression pattern: .*(^phone-number-id-.*$)|(^arn:.*:phone-number-id/[0-9a-zA-Z]+$).* and length between 1 and 115");
        }

        if (!VersionPattern().IsMatch(version!))
        {
            return Error(400, "InvalidParametersException", $"metaApiVersion '{version}' is not a Meta API version (v{{major}}.{{minor}}).");
        }

        byte[] message;
        try
        {
            message = Convert.FromBase64String(blob!);
        }
        catch (FormatException)
        {
            return Error(400, "SerializationException", "Value of 'message' is not valid base64 for a blob.");
        }

        if (message.Length is < 1 or > 2_048_000)
        {
            return Validation("1 validation error detected: Value at 'message' failed to satisfy constraint: Member must have length between 1 and 2048000");
        }

        var options = state.Options;
        if (!Known(origination, options.AwsWhatsAppPhoneNumberId) && options.Strict)
        {
            return Error(404, "ResourceNotFoundException", $"Phone number {origination} not found.");
        }

        switch (await emulator.FaultAsync(SandboxProvider.AwsWhatsApp, cancellationToken).ConfigureAwait(false))
        {
            case FaultKind.Throttled:
                return Error(429, "ThrottledRequestException", "Rate exceeded (sandbox fault)").WithHeader("Retry-After", "1");
            case FaultKind.ServerError:
                return Error(500, "InternalServiceException", "Internal service error (sandbox fault)");
        }

        // AWS hands the message to Meta, whose refusal comes back as InvalidParametersException with Meta's words.
        var (accepted, problem) = CloudApiMessageCheck.Check(message);
        if (problem is not null)
        {
            return Error(400, "InvalidParametersException", $"{problem.Message}: {problem.Details}");
        }

        var id = WhatsAppCloud.Accept(state, SandboxProvider.AwsWhatsApp, accepted!, Encoding.UTF8.GetString(message));
        return SandboxResponse.Json(200, new JsonObject { ["messageId"] = id }.ToJsonString()).WithHeader("x-amzn-RequestId", Ids.AwsMessageId());
    }

    /// <summary>Whether <paramref name="origination"/> names the sandbox's number, by id or by ARN.</summary>
    private static bool Known(string origination, string id) =>
        origination == id || origination.EndsWith(":phone-number-id/" + id.Replace("phone-number-id-", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);

    private static string? Member(JsonObject input, string name) =>
        input[name] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    private SandboxResponse Validation(string message) => Error(400, "ValidationException", message);

    /// <summary>A restJson1 error: the type in <c>X-Amzn-ErrorType</c>, the text in <c>message</c>.</summary>
    private SandboxResponse Error(int status, string type, string message)
    {
        emulator.Refused(SandboxProvider.AwsWhatsApp, type, status);
        return SandboxResponse.Json(status, new JsonObject { ["message"] = message }.ToJsonString())
            .WithHeader("X-Amzn-ErrorType", type)
            .WithHeader("x-amzn-RequestId", Ids.AwsMessageId());
    }

    [GeneratedRegex(@".*(^phone-number-id-.*$)|(^arn:.*:phone-number-id/[0-9a-zA-Z]+$).*", RegexOptions.CultureInvariant)]
    private static partial Regex PhoneNumberIdPattern();

    [GeneratedRegex(@"^v[0-9]+\.[0-9]+$", RegexOptions.CultureInvariant)]
    private static partial Regex VersionPattern();
}
