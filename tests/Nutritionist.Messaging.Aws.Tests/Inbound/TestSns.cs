using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using System.Text.Json.Nodes;
using Nutritionist.Messaging.Aws.Inbound;

namespace Nutritionist.Messaging.Aws.Tests.Inbound;

/// <summary>
/// A test stand-in for SNS: an RSA key with a certificate named <c>CN=sns.amazonaws.com</c>, served (through the stub HTTP
/// handler) at <see cref="CertificateUrl"/>, that signs envelopes the way SNS does (SignatureVersion 2).
/// </summary>
internal sealed class TestSns : IDisposable
{
    public const string CertificateUrl = "https://sns.us-east-1.amazonaws.com/SimpleNotificationService-test0123456789.pem";
    public const string TopicArn = "arn:aws:sns:us-east-1:123456789012:sms-inbound";

    // Generating a 2048-bit RSA key costs about 0.2 s of CPU, and the tests make some sixty instances; the keys come from
    // a small pool made once per run instead. Consecutive instances get different keys, so a test's forger (a second
    // instance) never signs with its SNS's key.
    private static readonly Lazy<RSA>[] Keys = [.. Enumerable.Range(0, 3).Select(_ => new Lazy<RSA>(() => RSA.Create(2048)))];
    private static int _nextKey = -1;

    private readonly RSA _key = Keys[(int)((uint)Interlocked.Increment(ref _nextKey) % (uint)Keys.Length)].Value;

    public TestSns(DateTimeOffset now)
    {
        var request = new CertificateRequest("CN=sns.amazonaws.com", _key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(now.AddDays(-1), now.AddYears(1));
        CertificatePem = certificate.ExportCertificatePem();
    }

    public string CertificatePem { get; }

    /// <summary>The SQS body SNS would deliver for <paramref name="message"/> (a JSON string inside the envelope).</summary>
    public string Envelope(string message, DateTimeOffset timestamp, string? subject = null, bool sign = true)
    {
        var envelope = new SnsEnvelope
        {
            Type = SnsEnvelope.NotificationType,
            MessageId = Guid.NewGuid().ToString(),
            TopicArn = TopicArn,
            Subject = subject,
            Message = message,
            Timestamp = timestamp.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture),
            SignatureVersion = "2",
            SigningCertUrl = CertificateUrl,
        };
        var signature = Convert.ToBase64String(_key.SignData(
            System.Text.Encoding.UTF8.GetBytes(SnsMessageVerifier.BuildStringToSign(envelope)), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
        var json = new JsonObject
        {
            ["Type"] = envelope.Type,
            ["MessageId"] = envelope.MessageId,
            ["TopicArn"] = envelope.TopicArn,
            ["Message"] = envelope.Message,
            ["Timestamp"] = envelope.Timestamp,
            ["SignatureVersion"] = envelope.SignatureVersion,
            ["Signature"] = sign ? signature : null,
            ["SigningCertURL"] = envelope.SigningCertUrl,
            ["UnsubscribeURL"] = "https://sns.us-east-1.amazonaws.com/?Action=Unsubscribe&SubscriptionArn=" + TopicArn + ":1",
        };
        if (subject is not null)
        {
            json["Subject"] = subject;
        }

        if (!sign)
        {
            json.Remove("Signature");
        }

        return json.ToJsonString();
    }

    /// <summary>A two-way SMS payload as AWS publishes it.</summary>
    public static string InboundSms(string from, string body, string to = "+12065550100", string? keyword = null, string? id = null) =>
        new JsonObject
        {
            ["originationNumber"] = from,
            ["destinationNumber"] = to,
            ["messageKeyword"] = keyword ?? "KEYWORD_123456789012",
            ["messageBody"] = body,
            ["inboundMessageId"] = id ?? Guid.NewGuid().ToString(),
            ["previousPublishedMessageId"] = "prev-" + Guid.NewGuid().ToString("N"),
        }.ToJsonString();

    /// <summary>An SMS event record as a configuration set's event destination publishes it (<paramref name="isFinal"/> <see langword="null"/> leaves the field out).</summary>
    public static string Event(string eventType, string messageId, string to = "+14255550156", decimal price = 0.00581m, decimal carrierFee = 0.0025m, string? clientReference = null, long timestamp = 1764072000000, bool? isFinal = true)
    {
        var context = new JsonObject { ["account"] = "bar" };
        if (clientReference is not null)
        {
            context["ClientReference"] = clientReference;
        }

        var status = eventType[(eventType.IndexOf('_', StringComparison.Ordinal) + 1)..];
        var record = new JsonObject
        {
            ["eventType"] = eventType,
            ["eventVersion"] = "1.0",
            ["eventTimestamp"] = timestamp,
            ["isFinal"] = isFinal,
            ["originationPhoneNumber"] = "+12065550152",
            ["destinationPhoneNumber"] = to,
            ["isInternationalSend"] = false,
            ["isoCountryCode"] = "US",
            ["mcc"] = "310",
            ["mnc"] = "800",
            ["messageId"] = messageId,
            ["messageRequestTimestamp"] = timestamp - 300,
            ["messageEncoding"] = "GSM",
            ["messageType"] = "TRANSACTIONAL",
            ["messageStatus"] = status,
            ["messageStatusDescription"] = "Description of " + status,
            ["context"] = context,
            ["totalMessageParts"] = 2,
            ["totalMessagePrice"] = price,
            ["totalCarrierFee"] = carrierFee,
        };
        if (isFinal is null)
        {
            record.Remove("isFinal");
        }

        return record.ToJsonString();
    }

    public static JsonElement Parse(string json) => JsonDocument.Parse(json).RootElement.Clone();

    /// <summary>Nothing to release: the key belongs to the pool, which lives as long as the test run.</summary>
    public void Dispose()
    {
    }
}
