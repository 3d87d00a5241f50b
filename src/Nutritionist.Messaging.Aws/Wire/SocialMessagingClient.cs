using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Logging;
using Nutritionist.Messaging.Aws.Internal;

namespace Nutritionist.Messaging.Aws.Wire;

/// <summary>
/// The typed client of AWS End User Messaging Social (<c>socialmessaging</c>, restJson1): <c>SendWhatsAppMessage</c> as
/// <c>POST /v1/whatsapp/send</c>, SigV4 with signing name <c>social-messaging</c>. It never retries: a retried send can
/// message a person twice, so retries belong to the router. Transport and error handling are the SMS client's
/// (<see cref="SmsVoiceClient.SendSignedAsync"/>).
/// </summary>
/// <remarks>Thread-safe; one instance per container. The <see cref="HttpClient"/> comes from <see cref="IHttpClientFactory"/> on each call.</remarks>
internal sealed class SocialMessagingClient
{
    /// <summary>The name of the <see cref="IHttpClientFactory"/> client (configure its primary handler to stub the API).</summary>
    public const string HttpClientName = "Nutritionist.Messaging.Aws.WhatsApp";

    /// <summary>The client of the provider registered as <paramref name="name"/>: <c>Nutritionist.Messaging.Aws.WhatsApp:{name}</c>.</summary>
    public static string HttpClientNameFor(string name) => HttpClientName + ":" + name;
    public const string SigningName = "social-messaging";
    public const string ContentType = "application/json";
    public const string SendPath = "/v1/whatsapp/send";

    /// <summary>The key of the keyed <see cref="IAwsConnection"/> this client uses (its endpoint is <c>social-messaging.{region}</c>).</summary>
    public const string ConnectionKey = "social-messaging";

    private static readonly SocialMessagingJsonContext Json = new(new JsonSerializerOptions
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });

    private readonly IHttpClientFactory _httpClientFactory;
    private readonly IAwsConnection _connection;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly string _httpClientName;

    public SocialMessagingClient(IHttpClientFactory httpClientFactory, IAwsConnection connection, TimeProvider timeProvider, ILogger<SocialMessagingClient> logger, string httpClientName = HttpClientName)
    {
        _httpClientName = httpClientName;
        _httpClientFactory = httpClientFactory;
        _connection = connection;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    /// <summary>Sends one WhatsApp message; the answer's <c>messageId</c> (<see langword="null"/> when AWS left it out).</summary>
    public async ValueTask<string?> SendWhatsAppMessageAsync(SendWhatsAppMessageRequest request, CancellationToken cancellationToken)
    {
        const string Operation = "SendWhatsAppMessage";
        var context = await _connection.GetAsync(cancellationToken).ConfigureAwait(false);
        var body = JsonSerializer.SerializeToUtf8Bytes(request, Json.SendWhatsAppMessageRequest);

        using var message = new HttpRequestMessage(HttpMethod.Post, UriOf(context.Endpoint, SendPath)) { Content = new ByteArrayContent(body) };
        message.Content.Headers.TryAddWithoutValidation("Content-Type", ContentType);
        SmsVoiceClient.Sign(message, body, context, _timeProvider.GetUtcNow(), SigningName);

        var (content, status) = await SmsVoiceClient.SendSignedAsync(_httpClientFactory.CreateClient(_httpClientName), message, Operation, _logger, _timeProvider, cancellationToken).ConfigureAwait(false);
        try
        {
            return content.Length == 0 ? null : JsonSerializer.Deserialize(content, Json.SendWhatsAppMessageResult)?.MessageId;
        }
        catch (JsonException e)
        {
            throw new MessagingException(
                MessagingErrorCode.ProviderUnavailable,
                $"AWS answered {Operation} with HTTP {status} but a body that is not the expected JSON: {e.Message}",
                "InvalidResponse",
                status,
                isTransient: true,
                innerException: e)
            { MayHaveBeenSent = true };
        }
    }

    /// <summary>The operation's URI under <paramref name="endpoint"/>, keeping a path prefix of a custom endpoint.</summary>
    internal static Uri UriOf(Uri endpoint, string path) => new(endpoint.AbsoluteUri.TrimEnd('/') + path);
}

/// <summary>The <c>SendWhatsAppMessageInput</c> shape; <see cref="Message"/> (a blob) is written as base64.</summary>
internal sealed class SendWhatsAppMessageRequest
{
    [JsonPropertyName("originationPhoneNumberId")]
    public required string OriginationPhoneNumberId { get; init; }

    [JsonPropertyName("metaApiVersion")]
    public required string MetaApiVersion { get; init; }

    /// <summary>The WhatsApp Cloud API message object, UTF-8 JSON.</summary>
    [JsonPropertyName("message")]
    public required byte[] Message { get; init; }
}

/// <summary>The <c>SendWhatsAppMessageOutput</c> shape.</summary>
internal sealed class SendWhatsAppMessageResult
{
    [JsonPropertyName("messageId")]
    public string? MessageId { get; init; }
}

[JsonSerializable(typeof(SendWhatsAppMessageRequest))]
[JsonSerializable(typeof(SendWhatsAppMessageResult))]
internal sealed partial class SocialMessagingJsonContext : JsonSerializerContext;
