using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using BenchmarkDotNet.Attributes;
using Nutritionist.Messaging.Aws.Internal;
using Nutritionist.Messaging.Aws.Wire;

namespace Nutritionist.Messaging.Benchmarks.Suites;

/// <summary>
/// SigV4 signing of a SendTextMessage request. Baseline: the irreducible cryptography of one signature (signing-key
/// derivation — four HMAC-SHA256 —, SHA-256 of the body and of the canonical request, the final HMAC, hex) over
/// precomputed strings. <c>SigV4.Sign</c> adds canonicalisation; <c>SmsVoiceClient.Sign</c> is what each send runs
/// (header collection from the HttpRequestMessage, signing, header writes; it includes building the message).
/// </summary>
[MemoryDiagnoser]
public class SigV4Signing
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);
    private static readonly Uri Endpoint = new("https://sms-voice.us-east-1.amazonaws.com/");

    private readonly AwsCredentialsSnapshot _credentials = new(LoopbackServer.AwsAccessKeyId, LoopbackServer.AwsSecretAccessKey, null);
    private byte[] _body = [];
    private SigV4Request _request = null!;
    private string _canonicalRequest = string.Empty;
    private string _scope = string.Empty;

    [GlobalSetup]
    public void Setup()
    {
        _body = RawAwsClient.Serialize(Workload.Recipients[0]);
        _request = new SigV4Request
        {
            Method = "POST",
            Path = "/",
            Headers =
            [
                new("Host", Endpoint.Authority),
                new("Content-Type", "application/x-amz-json-1.0"),
                new("X-Amz-Target", "PinpointSMSVoiceV2.SendTextMessage"),
            ],
            Body = _body,
        };
        var signature = SigV4.Sign(_request, _credentials, "us-east-1", SmsVoiceClient.SigningName, Now, withIntermediates: true);
        _canonicalRequest = signature.CanonicalRequest!;
        _scope = "20261125/us-east-1/sms-voice/aws4_request";
        if (CryptoOnly() != signature.Signature)
        {
            throw new InvalidOperationException("The crypto-only baseline does not reproduce the library's signature.");
        }
    }

    [Benchmark(Baseline = true, Description = "HMAC/SHA-256 work only")]
    public string CryptoOnly()
    {
        // The body hash is inside the precomputed canonical request; it is computed here only for its cost.
        _ = Convert.ToHexStringLower(SHA256.HashData(_body));
        var stringToSign = "AWS4-HMAC-SHA256\n20261125T120000Z\n" + _scope + "\n" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(_canonicalRequest)));
        var kDate = HMACSHA256.HashData(Encoding.UTF8.GetBytes("AWS4" + LoopbackServer.AwsSecretAccessKey), "20261125"u8);
        var kRegion = HMACSHA256.HashData(kDate, "us-east-1"u8);
        var kService = HMACSHA256.HashData(kRegion, "sms-voice"u8);
        var key = HMACSHA256.HashData(kService, "aws4_request"u8);
        return Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(stringToSign)));
    }

    [Benchmark(Description = "SigV4.SigningKey alone (4 × HMAC, same every call within a day)")]
    public byte[] SigningKeyOnly() => SigV4.SigningKey(LoopbackServer.AwsSecretAccessKey, "20261125", "us-east-1", SmsVoiceClient.SigningName);

    [Benchmark(Description = "SigV4.Sign")]
    public string Sign() => SigV4.Sign(_request, _credentials, "us-east-1", SmsVoiceClient.SigningName, Now).Authorization;


    [Benchmark(Description = "SmsVoiceClient.Sign (general signer, with HttpRequestMessage)")]
    public HttpRequestMessage SignHttpRequest()
    {
        var message = new HttpRequestMessage(HttpMethod.Post, Endpoint) { Content = new ByteArrayContent(_body) };
        message.Content.Headers.ContentType = new MediaTypeHeaderValue(SmsVoiceClient.ContentType);
        message.Headers.TryAddWithoutValidation(SmsVoiceClient.TargetHeader, "PinpointSMSVoiceV2.SendTextMessage");
        SmsVoiceClient.Sign(message, _body, new AwsRequestContext(Endpoint, "us-east-1", _credentials), Now);
        return message;
    }
}
