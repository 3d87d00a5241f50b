using System.Buffers;
using System.Text.Json;

namespace Nutritionist.Messaging.Twilio.Lambda;

/// <summary>
/// The answer to a webhook received through a Lambda Function URL or an API Gateway HTTP API (payload format 2.0):
/// <c>{"statusCode":…,"headers":{…},"body":"…","isBase64Encoded":false}</c>.
/// </summary>
public sealed class LambdaHttpResponse
{
    internal LambdaHttpResponse(int statusCode, string? contentType, string? body, TwilioWebhookResult? webhookResult, string? allow = null)
    {
        StatusCode = statusCode;
        ContentType = contentType;
        Body = body;
        WebhookResult = webhookResult;
        Allow = allow;
    }

    /// <summary>The HTTP status: 200 (accepted, with TwiML), 400, 403, 405 or 500.</summary>
    public int StatusCode { get; }

    /// <summary>The <c>content-type</c> of <see cref="Body"/>, or <see langword="null"/> when there is no body.</summary>
    public string? ContentType { get; }

    /// <summary>The body: the TwiML document for an accepted request, a short reason for a 400, else <see langword="null"/>.</summary>
    public string? Body { get; }

    /// <summary>What the webhook handler made of the request, when it got that far.</summary>
    public TwilioWebhookResult? WebhookResult { get; }

    /// <summary>The <c>allow</c> header of a 405.</summary>
    internal string? Allow { get; }

    /// <summary>The response object Lambda expects, as UTF-8 JSON.</summary>
    /// <returns>The JSON bytes.</returns>
    public byte[] ToJson()
    {
        var buffer = new ArrayBufferWriter<byte>(256 + (Body?.Length ?? 0));
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteNumber("statusCode", StatusCode);
            writer.WriteStartObject("headers");
            if (ContentType is not null)
            {
                writer.WriteString("content-type", ContentType);
            }

            if (Allow is not null)
            {
                writer.WriteString("allow", Allow);
            }

            writer.WriteEndObject();
            writer.WriteString("body", Body ?? string.Empty);
            writer.WriteBoolean("isBase64Encoded", false);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}
