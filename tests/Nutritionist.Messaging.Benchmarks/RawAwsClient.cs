using System.Net.Http.Headers;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Nutritionist.Messaging.Benchmarks;

/// <summary>
/// The SMS baseline: what a hand-written client does without the library — serialise the same SendTextMessage JSON
/// (same members, same encoder), POST it with the same headers, read the MessageId. Unsigned by default (the issue 9
/// report); with <see cref="Sign"/>, signed with SigV4 by <see cref="HandSigV4"/>: the physical limit of issue 15. No
/// normalisation, no routing, no resilience: that is the library's cost being measured.
/// </summary>
internal sealed class RawAwsClient : IDisposable
{
    // The relaxed encoder, as the library uses: "+" is written as it is, not as \u002B.
    private static readonly RawJsonContext Json = new(new JsonSerializerOptions
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });

    private readonly HttpClient _http;
    private readonly Uri _endpoint;

    /// <summary>Creates the client.</summary>
    /// <param name="endpoint">Where to POST.</param>
    /// <param name="handler">The handler; by default the one IHttpClientFactory gives the library's named client.</param>
    public RawAwsClient(Uri endpoint, HttpMessageHandler? handler = null)
    {
        _http = new HttpClient(handler ?? new HttpClientHandler());
        _endpoint = endpoint;
    }

    public static byte[] Serialize(string to) => JsonSerializer.SerializeToUtf8Bytes(
        new RawSendTextMessageRequest { DestinationPhoneNumber = to, OriginationIdentity = LoopbackServer.AwsPool, MessageBody = Workload.Body, MessageType = "TRANSACTIONAL" },
        Json.RawSendTextMessageRequest);

    /// <summary>
    /// Whether to sign each request with SigV4, as AWS requires (<c>throughput --baseline signed</c>, the
    /// <c>SendVsSdks</c> baseline), with the hand-written signer, not the library's.
    /// </summary>
    public bool Sign { get; init; }

    public Task<string> SendAsync(string to, CancellationToken cancellationToken = default) =>
        SendAsync(_http, _endpoint, to, cancellationToken, Sign);

    /// <param name="sign">Whether to sign with SigV4.</param>
    public static async Task<string> SendAsync(HttpClient http, Uri endpoint, string to, CancellationToken cancellationToken = default, bool sign = false)
    {
        var body = Serialize(to);
        using var message = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = new ByteArrayContent(body) };
        message.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-amz-json-1.0");
        message.Headers.TryAddWithoutValidation("X-Amz-Target", "PinpointSMSVoiceV2.SendTextMessage");
        if (sign)
        {
            HandSigV4.SignJsonPost(message, body, "application/x-amz-json-1.0", "PinpointSMSVoiceV2.SendTextMessage", "us-east-1", "sms-voice", DateTimeOffset.UtcNow);
        }

        using var response = await http.SendAsync(message, cancellationToken);
        response.EnsureSuccessStatusCode();
        var content = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        var result = JsonSerializer.Deserialize(content, Json.RawSendMessageResult);
        return result?.MessageId ?? throw new InvalidOperationException("No MessageId in the answer.");
    }

    public void Dispose() => _http.Dispose();
}

internal sealed class RawSendTextMessageRequest
{
    public required string DestinationPhoneNumber { get; init; }
    public string? OriginationIdentity { get; init; }
    public string? MessageBody { get; init; }
    public string? MessageType { get; init; }
}

internal sealed class RawSendMessageResult
{
    public string? MessageId { get; init; }
}

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(RawSendTextMessageRequest))]
[JsonSerializable(typeof(RawSendMessageResult))]
internal sealed partial class RawJsonContext : JsonSerializerContext;
