using System.Net.Http.Headers;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Nutritionist.Messaging.Benchmarks;

/// <summary>
/// The SMS baseline: what a hand-written client does without the library — serialise the same SendTextMessage JSON
/// (same members, same encoder), POST it with the same headers minus the SigV4 ones, read the MessageId. No signing,
/// no normalisation, no routing, no resilience: that is the library's cost being measured.
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
    private readonly (string Host, string Path) _signedFor;

    /// <summary>Creates the client.</summary>
    /// <param name="endpoint">Where to POST.</param>
    /// <param name="handler">The handler; by default the one IHttpClientFactory gives the library's named client.</param>
    public RawAwsClient(Uri endpoint, HttpMessageHandler? handler = null)
    {
        _http = new HttpClient(handler ?? new HttpClientHandler());
        _endpoint = endpoint;
        _signedFor = (endpoint.Authority, endpoint.AbsolutePath);
    }

    public static byte[] Serialize(string to) => JsonSerializer.SerializeToUtf8Bytes(
        new RawSendTextMessageRequest { DestinationPhoneNumber = to, OriginationIdentity = LoopbackServer.AwsPool, MessageBody = Workload.Body, MessageType = "TRANSACTIONAL" },
        Json.RawSendTextMessageRequest);

    /// <summary>
    /// Profiling aid, not the baseline (<c>throughput --baseline signed</c>): also signs each request with SigV4, as
    /// AWS requires, using the library's own fast signer, so a comparison shows what the library costs beyond signing.
    /// </summary>
    public bool Sign { get; init; }

    public Task<string> SendAsync(string to, CancellationToken cancellationToken = default) =>
        SendAsync(_http, _endpoint, to, cancellationToken, Sign ? _signedFor : null);

    private static readonly Aws.Internal.AwsCredentialsSnapshot Credentials = new(LoopbackServer.AwsAccessKeyId, LoopbackServer.AwsSecretAccessKey, null);

    /// <param name="signedFor">The host and path to sign for (read from the endpoint once), or <see langword="null"/> not to sign.</param>
    public static async Task<string> SendAsync(HttpClient http, Uri endpoint, string to, CancellationToken cancellationToken = default, (string Host, string Path)? signedFor = null)
    {
        var body = Serialize(to);
        using var message = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = new ByteArrayContent(body) };
        message.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-amz-json-1.0");
        message.Headers.TryAddWithoutValidation("X-Amz-Target", "PinpointSMSVoiceV2.SendTextMessage");
        if (signedFor is var (host, path))
        {
            var signature = Aws.Internal.SigV4.Sign(
                new Aws.Internal.SigV4Request
                {
                    Method = "POST",
                    Path = path,
                    Headers = [new("Host", host), new("Content-Type", "application/x-amz-json-1.0"), new("X-Amz-Target", "PinpointSMSVoiceV2.SendTextMessage")],
                    Body = body,
                },
                Credentials, "us-east-1", "sms-voice", DateTimeOffset.UtcNow);
            message.Headers.TryAddWithoutValidation("X-Amz-Date", signature.AmzDate);
            message.Headers.TryAddWithoutValidation("Authorization", signature.Authorization);
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
