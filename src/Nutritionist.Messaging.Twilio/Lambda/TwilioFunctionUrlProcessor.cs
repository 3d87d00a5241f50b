using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Nutritionist.Messaging.Twilio.Internal;

namespace Nutritionist.Messaging.Twilio.Lambda;

/// <summary>
/// The entry point of an AWS Lambda function that answers Twilio's webhooks (inbound messages and status callbacks)
/// through a Lambda Function URL or an API Gateway HTTP API with payload format 2.0: it takes the event JSON Lambda passes,
/// rebuilds the URL Twilio signed, decodes the body, and runs <see cref="TwilioWebhookHandler"/>, answering as
/// <c>MapTwilioWebhooks</c> does in ASP.NET Core.
/// </summary>
/// <remarks>
/// <para>The URL Twilio signed is rebuilt as <c>{x-forwarded-proto}://{requestContext.domainName}[:{x-forwarded-port}]{rawPath}[?{rawQueryString}]</c>
/// (https and the default port when the headers are absent), with the path and query exactly as received. Behind a custom
/// domain (CloudFront, an API Gateway custom domain with a base path), set
/// <see cref="TwilioWhatsAppOptions.WebhookPublicBaseUrl"/> to the public base URL Twilio calls: its scheme, host, port and
/// path prefix then replace the received ones. A base64 body (Function URLs encode form posts) is decoded first.</para>
/// <para>Answers: 200 with an empty TwiML document (<c>text/xml</c>) for an accepted message or status callback; 403 for a
/// missing or wrong <c>X-Twilio-Signature</c>; 400 for a correctly signed request that is neither kind, a body that is not
/// valid base64 or UTF-8, or an event that is not payload format 2.0; 405 for a method other than POST; 500 when a handler
/// (or the pipeline) threw, so that Twilio retries, or when no auth token is configured.</para>
/// <para>Registered as a singleton by <c>AddTwilioWhatsApp()</c>; resolve it once per Lambda instance. Thread-safe. Its own
/// JSON is source-generated, but the Twilio package as a whole depends on the Twilio SDK, which is not trimming-safe.</para>
/// </remarks>
public sealed class TwilioFunctionUrlProcessor
{
    /// <summary>The TwiML that tells Twilio to do nothing more (no auto-reply).</summary>
    internal const string EmptyTwiml = """<?xml version="1.0" encoding="UTF-8"?><Response></Response>""";

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly TwilioWebhookHandler _handler;
    private readonly ILogger _logger;

    /// <summary>Creates a processor.</summary>
    /// <param name="handler">Checks, parses and processes the webhook.</param>
    /// <param name="logger">Logs refusals and failures (the path only: never the query, the form, the signature or a number).</param>
    public TwilioFunctionUrlProcessor(TwilioWebhookHandler handler, ILogger<TwilioFunctionUrlProcessor>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(handler);
        _handler = handler;
        _logger = logger ?? (ILogger)NullLogger.Instance;
    }

    /// <summary>Processes one Function URL / HTTP API event.</summary>
    /// <param name="httpEvent">The event JSON (UTF-8) exactly as Lambda passed it.</param>
    /// <param name="cancellationToken">Cancels the processing.</param>
    /// <returns>The response; <see cref="LambdaHttpResponse.ToJson"/> is what the function returns.</returns>
    public async Task<LambdaHttpResponse> ProcessAsync(ReadOnlyMemory<byte> httpEvent, CancellationToken cancellationToken = default)
    {
        HttpApiEventModel? model;
        try
        {
            model = JsonSerializer.Deserialize(httpEvent.Span, HttpApiEventJsonContext.Default.HttpApiEventModel);
        }
        catch (JsonException e)
        {
            return Refuse(400, "(none)", "UnreadableEvent", $"The event is not JSON (line {e.LineNumber}, byte {e.BytePositionInLine}).");
        }

        if (model is not { RawPath: { } rawPath, RequestContext: { } context } || model.Version != "2.0")
        {
            return Refuse(400, "(none)", "UnreadableEvent", "The event is not an HTTP event in payload format 2.0 (a Function URL, or an HTTP API route with payload format version 2.0).");
        }

        if (!string.Equals(context.Http?.Method, "POST", StringComparison.OrdinalIgnoreCase))
        {
            Log.Answered(_logger, rawPath, 405, "MethodNotAllowed");
            return new LambdaHttpResponse(405, null, null, null, allow: "POST");
        }

        // Payload 2.0 lower-cases header names; a hand-made event may not, so look them up ignoring case (first one wins).
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in model.Headers ?? [])
        {
            headers.TryAdd(name, value);
        }

        var host = context.DomainName is { Length: > 0 } domain ? domain : Header(headers, "host");
        if (string.IsNullOrEmpty(host))
        {
            return Refuse(400, rawPath, "UnreadableEvent", "The event names no host (requestContext.domainName).");
        }

        var url = ReceivedUrl(Header(headers, "x-forwarded-proto"), host, Header(headers, "x-forwarded-port"), rawPath, model.RawQueryString);
        string body;
        try
        {
            body = model.Body is null ? string.Empty
                : model.IsBase64Encoded ? StrictUtf8.GetString(Convert.FromBase64String(model.Body))
                : model.Body;
        }
        catch (Exception e) when (e is FormatException or DecoderFallbackException)
        {
            return Refuse(400, rawPath, "UnreadableBody", "The request body is not valid base64 UTF-8.");
        }

        var signature = Header(headers, "x-twilio-signature");
        var contentType = Header(headers, "content-type");
        TwilioWebhookRequest request;
        if (contentType is not null && contentType.Contains("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase))
        {
            request = new TwilioWebhookRequest(url, ParseForm(body), signature);
        }
        else
        {
            // Twilio signs JSON webhooks over the URL, which carries the body's SHA-256; the processor checks both.
            var json = contentType is not null && contentType.Contains("json", StringComparison.OrdinalIgnoreCase) ? body : null;
            request = new TwilioWebhookRequest(url, [], signature) { JsonBody = json };
        }

        TwilioWebhookResult result;
        try
        {
            result = await _handler.HandleAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // The handler logged the exception with the message id; answering 500 makes Twilio retry the webhook.
            Log.FunctionUrlHandlerFailed(_logger, rawPath, e.GetType().Name);
            return new LambdaHttpResponse(500, null, null, null);
        }

        var (status, text) = result.Outcome switch
        {
            TwilioWebhookOutcome.InboundMessage or TwilioWebhookOutcome.StatusCallback => (200, EmptyTwiml),
            TwilioWebhookOutcome.MissingSignature or TwilioWebhookOutcome.InvalidSignature => (403, null),
            TwilioWebhookOutcome.Unrecognized => (400, result.Error),
            _ => (500, (string?)null),
        };
        Log.Answered(_logger, rawPath, status, result.Outcome.ToString());
        return new LambdaHttpResponse(status, status == 200 ? "text/xml" : text is null ? null : "text/plain; charset=utf-8", text, result);
    }

    /// <summary>Processes one event read from a stream (read to its end, not disposed).</summary>
    /// <param name="httpEvent">The event JSON.</param>
    /// <param name="cancellationToken">Cancels the processing.</param>
    /// <returns>The response.</returns>
    public async Task<LambdaHttpResponse> ProcessAsync(Stream httpEvent, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(httpEvent);
        using var buffer = new MemoryStream();
        await httpEvent.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
        return await ProcessAsync(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The whole of a Stream-based Lambda handler: processes the event and returns the response JSON as a new stream.</summary>
    /// <param name="httpEvent">The event JSON.</param>
    /// <param name="cancellationToken">Cancels the processing.</param>
    /// <returns><c>{"statusCode":…,"headers":{…},"body":"…","isBase64Encoded":false}</c>.</returns>
    public async Task<Stream> HandleAsync(Stream httpEvent, CancellationToken cancellationToken = default)
    {
        var response = await ProcessAsync(httpEvent, cancellationToken).ConfigureAwait(false);
        return new MemoryStream(response.ToJson(), writable: false);
    }

    /// <summary>The URL the request was made to, from the event's parts (path and query verbatim).</summary>
    internal static string ReceivedUrl(string? forwardedProto, string host, string? forwardedPort, string rawPath, string? rawQueryString)
    {
        var scheme = forwardedProto is { Length: > 0 } proto ? FirstValue(proto).ToLowerInvariant() : "https";
        var port = forwardedPort is { Length: > 0 } p ? FirstValue(p) : null;
        var defaultPort = scheme == "http" ? "80" : "443";
        var builder = new StringBuilder(scheme.Length + host.Length + rawPath.Length + (rawQueryString?.Length ?? 0) + 16)
            .Append(scheme).Append("://").Append(host);
        if (port is not null && port != defaultPort && int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out _) && !host.Contains(':', StringComparison.Ordinal))
        {
            builder.Append(':').Append(port);
        }

        builder.Append(rawPath.StartsWith('/') ? rawPath : "/" + rawPath);
        if (!string.IsNullOrEmpty(rawQueryString))
        {
            builder.Append('?').Append(rawQueryString);
        }

        return builder.ToString();
    }

    /// <summary>Decodes an <c>application/x-www-form-urlencoded</c> body; repeated keys are kept, a key without '=' has an empty value.</summary>
    internal static List<KeyValuePair<string, string>> ParseForm(string body)
    {
        var pairs = new List<KeyValuePair<string, string>>();
        foreach (var part in body.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            var key = eq < 0 ? part : part[..eq];
            var value = eq < 0 ? string.Empty : part[(eq + 1)..];
            pairs.Add(new(Decode(key), Decode(value)));
        }

        return pairs;
    }

    private static string Decode(string component) => Uri.UnescapeDataString(component.Replace('+', ' '));

    /// <summary>A proxy chain may append values ("https,http"); the first is the client's.</summary>
    private static string FirstValue(string value)
    {
        var comma = value.IndexOf(',', StringComparison.Ordinal);
        return (comma < 0 ? value : value[..comma]).Trim();
    }

    private static string? Header(Dictionary<string, string> headers, string name) =>
        headers.TryGetValue(name, out var value) && !string.IsNullOrEmpty(value) ? value : null;

    private LambdaHttpResponse Refuse(int status, string path, string outcome, string reason)
    {
        Log.FunctionUrlRefused(_logger, path, status, outcome, reason);
        return new LambdaHttpResponse(status, "text/plain; charset=utf-8", reason, null);
    }
}
