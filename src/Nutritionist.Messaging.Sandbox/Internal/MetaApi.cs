using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Nutritionist.Messaging.Sandbox.Internal;

/// <summary>
/// The emulated Cloud API of Meta: <c>POST /{version}/{phone-number-id}/messages</c> with a Bearer token, the message
/// checked by <see cref="CloudApiMessageCheck"/>, Meta's answer (<c>messaging_product</c>, <c>contacts</c>,
/// <c>messages[0].id</c>) and Meta's error JSON (<c>{"error":{message, type, code, error_subcode, error_data, fbtrace_id}}</c>).
/// </summary>
internal sealed partial class MetaApi(SandboxState state, SandboxEmulator emulator)
{
    public static bool Handles(string path) => MessagesPath().IsMatch(path);

    public async Task<SandboxResponse> HandleAsync(SandboxRequest request, CancellationToken cancellationToken)
    {
        if (Authenticate(request) is { } refused)
        {
            return refused;
        }

        var match = MessagesPath().Match(request.Path);
        if (!request.Method.Equals("POST", StringComparison.OrdinalIgnoreCase))
        {
            return Error(400, 100, "Unsupported get request. Please read the Graph API documentation at https://developers.facebook.com/docs/graph-api", "GraphMethodException", subcode: 33);
        }

        var options = state.Options;
        var phoneNumberId = Uri.UnescapeDataString(match.Groups[2].Value);
        if (phoneNumberId != options.MetaPhoneNumberId && options.Strict)
        {
            return Error(400, 100, $"Unsupported post request. Object with ID '{phoneNumberId}' does not exist, cannot be loaded due to missing permissions, or does not support this operation.", "GraphMethodException", subcode: 33);
        }

        switch (await emulator.FaultAsync(SandboxProvider.Meta, cancellationToken).ConfigureAwait(false))
        {
            case FaultKind.Throttled:
                return Error(429, 130429, "(#130429) Rate limit hit", details: "Cloud API message throughput has been reached (sandbox fault).").WithHeader("Retry-After", "1");
            case FaultKind.ServerError:
                return Error(500, 131000, "(#131000) Something went wrong", details: "Something went wrong (sandbox fault).");
        }

        var (accepted, problem) = CloudApiMessageCheck.Check(request.Body);
        if (problem is not null)
        {
            return Error(400, problem.Code, problem.Message, details: problem.Details);
        }

        var id = WhatsAppCloud.Accept(state, SandboxProvider.Meta, accepted!, Encoding.UTF8.GetString(request.Body));
        var body = new JsonObject
        {
            ["messaging_product"] = "whatsapp",
            ["contacts"] = new JsonArray(new JsonObject { ["input"] = accepted!.To, ["wa_id"] = accepted.To.TrimStart('+') }),
            ["messages"] = new JsonArray(new JsonObject { ["id"] = id, ["message_status"] = "accepted" }),
        };
        return SandboxResponse.Json(200, body.ToJsonString());
    }

    private SandboxResponse? Authenticate(SandboxRequest request)
    {
        var header = request.Header("Authorization");
        if (header is null || !header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) || header.Length == "Bearer ".Length)
        {
            return Error(401, 190, "An access token is required to request this resource.", subcode: null);
        }

        var token = header["Bearer ".Length..].Trim();
        var options = state.Options;
        if (Same(token, SandboxOptions.ExpiredMetaAccessToken))
        {
            return Error(401, 190, "Error validating access token: Session has expired on Tuesday, 24-Nov-26 12:00:00 PST. The current time is later.", subcode: 463);
        }

        // A token the sandbox cannot know (the host's own): permissive mode takes it on trust, strict mode refuses it.
        return Same(token, options.MetaAccessToken) || !options.Strict
            ? null
            : Error(401, 190, "Invalid OAuth access token - Cannot parse access token", subcode: null);
    }

    private SandboxResponse Error(int status, int code, string message, string type = "OAuthException", int? subcode = null, string? details = null)
    {
        emulator.Refused(SandboxProvider.Meta, code.ToString(CultureInfo.InvariantCulture), status);
        var error = new JsonObject
        {
            ["message"] = message,
            ["type"] = type,
            ["code"] = code,
        };
        if (subcode is { } s)
        {
            error["error_subcode"] = s;
        }

        if (details is not null)
        {
            error["error_data"] = new JsonObject { ["messaging_product"] = "whatsapp", ["details"] = details };
        }

        error["fbtrace_id"] = "ASandbox" + Convert.ToHexString(RandomNumberGenerator.GetBytes(8));
        var response = SandboxResponse.Json(status, new JsonObject { ["error"] = error }.ToJsonString());
        return status == 401 ? response.WithHeader("WWW-Authenticate", $"OAuth \"Facebook Platform\" \"invalid_token\" \"{message.Replace("\"", "'", StringComparison.Ordinal)}\"") : response;
    }

    private static bool Same(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(a), Encoding.UTF8.GetBytes(b));

    [GeneratedRegex(@"^/(v[0-9]+\.[0-9]+)/([^/]+)/messages$", RegexOptions.CultureInvariant)]
    private static partial Regex MessagesPath();
}
