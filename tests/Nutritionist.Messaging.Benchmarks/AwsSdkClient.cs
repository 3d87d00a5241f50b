using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Amazon.Runtime;
using Amazon.SQS;
using Amazon.SQS.Model;

namespace Nutritionist.Messaging.Benchmarks;

/// <summary>
/// What a user would pick instead of the library for SMS: the official AWS SDK for .NET making one JSON-protocol,
/// SigV4-signed call of the same size. The SMS SDK is not served here; <c>AmazonSQSClient.SendMessageAsync</c> stands in
/// for it (AWSSDK.SQS 4.x speaks AWS JSON 1.0 — <c>POST /</c>, <c>Content-Type: application/x-amz-json-1.0</c>,
/// <c>X-Amz-Target: AmazonSQS.SendMessage</c> — through the same runtime pipeline, marshallers, signer and retry handler
/// the SMS SDK would use). The message body is padded so the request JSON is as long as the SMS request's.
/// </summary>
/// <remarks>
/// In memory, the SDK gets the stub handler through <see cref="ClientConfig.HttpClientFactory"/>, so no socket is used;
/// over loopback it uses its own default HttpClient. Credentials are fixed <see cref="BasicAWSCredentials"/>, so no
/// credential chain is searched per call.
/// </remarks>
internal sealed class AwsSdkClient : IDisposable
{
    public const string Target = "AmazonSQS.SendMessage";

    private readonly AmazonSQSClient _client;
    private readonly string _queueUrl;

    /// <param name="serviceUrl">Where to POST.</param>
    /// <param name="handler">An in-memory handler; <see langword="null"/> for the SDK's own HttpClient (sockets).</param>
    public AwsSdkClient(Uri serviceUrl, HttpMessageHandler? handler = null)
    {
        var config = new AmazonSQSConfig
        {
            ServiceURL = serviceUrl.ToString(),
            AuthenticationRegion = "us-east-1",
            HttpClientFactory = handler is null ? null : new HandlerFactory(handler),
        };
        _client = new AmazonSQSClient(new BasicAWSCredentials(LoopbackServer.AwsAccessKeyId, LoopbackServer.AwsSecretAccessKey), config);
        _queueUrl = new Uri(serviceUrl, "000000000000/benchmark").ToString();

        // {"MessageBody":"…","QueueUrl":"…"}: 32 bytes of JSON around the two values.
        var padding = RawAwsClient.Serialize(Workload.Recipients[0]).Length - 32 - _queueUrl.Length - Workload.Body.Length;
        MessageBody = Workload.Body + new string('.', Math.Max(0, padding));
    }

    /// <summary>The body sent with every message (the workload's, padded to the SMS request's size).</summary>
    public string MessageBody { get; }

    public async Task<string> SendAsync()
    {
        var response = await _client.SendMessageAsync(new SendMessageRequest { QueueUrl = _queueUrl, MessageBody = MessageBody });
        return response.MessageId ?? throw new InvalidOperationException("No MessageId in the answer.");
    }

    public void Dispose() => _client.Dispose();

    /// <summary>
    /// The SQS JSON-protocol answer to a SendMessage request body, as SQS gives it: the message id and the MD5 of the
    /// message body (hex), which the SDK checks against its own. The MD5 of the last body is kept: every benchmark send
    /// carries the same one, and the stub's work counts into the SDK's row.
    /// </summary>
    public static byte[] SendMessageAnswer(ReadOnlySpan<byte> requestBody, long id)
    {
        var reader = new Utf8JsonReader(requestBody);
        string? md5 = null;
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.PropertyName && reader.ValueTextEquals("MessageBody"u8) && reader.Read())
            {
                md5 = Md5Of(ref reader);
                break;
            }
        }

        return Encoding.UTF8.GetBytes($$"""{"MD5OfMessageBody":"{{md5 ?? throw new InvalidOperationException("No MessageBody in the SendMessage request.")}}","MessageId":"00000000-0000-4000-8000-{{id:D12}}"}""");
    }

    private static volatile Tuple<byte[], string>? s_lastMd5;

    private static string Md5Of(ref Utf8JsonReader reader)
    {
        if (s_lastMd5 is { } last && !reader.ValueIsEscaped && reader.ValueSpan.SequenceEqual(last.Item1))
        {
            return last.Item2;
        }

        var raw = reader.ValueSpan.ToArray();
        var md5 = Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(reader.GetString()!)));
        if (!reader.ValueIsEscaped)
        {
            s_lastMd5 = Tuple.Create(raw, md5);
        }

        return md5;
    }

    /// <summary>Gives the SDK one HttpClient over the given handler, kept for the client's lifetime.</summary>
    private sealed class HandlerFactory(HttpMessageHandler handler) : HttpClientFactory
    {
        public override HttpClient CreateHttpClient(IClientConfig clientConfig) => new(handler, disposeHandler: false);

        public override bool UseSDKHttpClientCaching(IClientConfig clientConfig) => true;

        public override bool DisposeHttpClientsAfterUse(IClientConfig clientConfig) => false;
    }
}
