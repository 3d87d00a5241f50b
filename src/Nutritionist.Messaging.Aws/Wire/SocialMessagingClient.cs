using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Logging;
using Nutritionist.Messaging.Aws.Internal;

namespace Nutritionist.Messaging.Aws.Wire;

/// <summary>
/// The typed client of AWS End User Messaging Social (<c>socialmessaging</c>, restJson1): <c>SendWhatsAppMessage</c> as
/// <c>POST /v1/whatsapp/send</c>, <c>PostWhatsAppMessageMedia</c> and <c>GetWhatsAppMessageMedia</c>, SigV4 with signing name <c>social-messaging</c>. It never retries: a retried send can
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
    public const string PostMediaPath = "/v1/whatsapp/media";
    public const string GetMediaPath = "/v1/whatsapp/media/get";

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
    public async ValueTask<string?> SendWhatsAppMessageAsync(SendWhatsAppMessageRequest request, CancellationToken cancellationToken) =>
        (await PostAsync("SendWhatsAppMessage", SendPath, request, Json.SendWhatsAppMessageRequest, Json.SendWhatsAppMessageResult, cancellationToken).ConfigureAwait(false))?.MessageId;

    /// <summary><c>PostWhatsAppMessageMedia</c>: uploads an S3 object to WhatsApp; the answer's <c>mediaId</c> (<see langword="null"/> when AWS left it out).</summary>
    public async ValueTask<string?> PostWhatsAppMessageMediaAsync(PostWhatsAppMessageMediaRequest request, CancellationToken cancellationToken) =>
        (await PostAsync("PostWhatsAppMessageMedia", PostMediaPath, request, Json.PostWhatsAppMessageMediaRequest, Json.PostWhatsAppMessageMediaResult, cancellationToken).ConfigureAwait(false))?.MediaId;

    /// <summary><c>GetWhatsAppMessageMedia</c>: copies a received media item to S3; the answer (MIME type and size), or <see langword="null"/> for an empty one.</summary>
    public ValueTask<GetWhatsAppMessageMediaResult?> GetWhatsAppMessageMediaAsync(GetWhatsAppMessageMediaRequest request, CancellationToken cancellationToken) =>
        PostAsync("GetWhatsAppMessageMedia", GetMediaPath, request, Json.GetWhatsAppMessageMediaRequest, Json.GetWhatsAppMessageMediaResult, cancellationToken);

    private async ValueTask<TResult?> PostAsync<TRequest, TResult>(
        string operation, string path, TRequest request, JsonTypeInfo<TRequest> requestType, JsonTypeInfo<TResult> resultType, CancellationToken cancellationToken)
        where TResult : class
    {
        var context = await _connection.GetAsync(cancellationToken).ConfigureAwait(false);
        var body = JsonSerializer.SerializeToUtf8Bytes(request, requestType);

        using var message = new HttpRequestMessage(HttpMethod.Post, UriOf(context.Endpoint, path)) { Content = new ByteArrayContent(body) };
        message.Content.Headers.TryAddWithoutValidation("Content-Type", ContentType);
        SmsVoiceClient.Sign(message, body, context, _timeProvider.GetUtcNow(), SigningName);

        var (content, status) = await SmsVoiceClient.SendSignedAsync(_httpClientFactory.CreateClient(_httpClientName), message, operation, _logger, _timeProvider, cancellationToken).ConfigureAwait(false);
        try
        {
            return content.Length == 0 ? null : JsonSerializer.Deserialize(content, resultType);
        }
        catch (JsonException e)
        {
            throw new MessagingException(
                MessagingErrorCode.ProviderUnavailable,
                $"AWS answered {operation} with HTTP {status} but a body that is not the expected JSON: {e.Message}",
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

/// <summary>The <c>S3File</c> shape: a bucket and a key (for <c>GetWhatsAppMessageMedia</c>, a key prefix).</summary>
internal sealed record S3FileModel(
    [property: JsonPropertyName("bucketName")] string BucketName,
    [property: JsonPropertyName("key")] string Key);

/// <summary>The <c>PostWhatsAppMessageMediaInput</c> shape, from an S3 object.</summary>
internal sealed class PostWhatsAppMessageMediaRequest
{
    [JsonPropertyName("originationPhoneNumberId")]
    public required string OriginationPhoneNumberId { get; init; }

    [JsonPropertyName("sourceS3File")]
    public required S3FileModel SourceS3File { get; init; }
}

/// <summary>The <c>PostWhatsAppMessageMediaOutput</c> shape.</summary>
internal sealed class PostWhatsAppMessageMediaResult
{
    [JsonPropertyName("mediaId")]
    public string? MediaId { get; init; }
}

/// <summary>The <c>GetWhatsAppMessageMediaInput</c> shape, to an S3 location.</summary>
internal sealed class GetWhatsAppMessageMediaRequest
{
    [JsonPropertyName("mediaId")]
    public required string MediaId { get; init; }

    [JsonPropertyName("originationPhoneNumberId")]
    public required string OriginationPhoneNumberId { get; init; }

    [JsonPropertyName("destinationS3File")]
    public required S3FileModel DestinationS3File { get; init; }
}

/// <summary>The <c>GetWhatsAppMessageMediaOutput</c> shape.</summary>
internal sealed class GetWhatsAppMessageMediaResult
{
    [JsonPropertyName("mimeType")]
    public string? MimeType { get; init; }

    [JsonPropertyName("fileSize")]
    public long? FileSize { get; init; }
}

[JsonSerializable(typeof(SendWhatsAppMessageRequest))]
[JsonSerializable(typeof(PostWhatsAppMessageMediaRequest))]
[JsonSerializable(typeof(PostWhatsAppMessageMediaResult))]
[JsonSerializable(typeof(GetWhatsAppMessageMediaRequest))]
[JsonSerializable(typeof(GetWhatsAppMessageMediaResult))]
[JsonSerializable(typeof(SendWhatsAppMessageResult))]
internal sealed partial class SocialMessagingJsonContext : JsonSerializerContext;
