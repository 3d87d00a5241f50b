using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using Nutritionist.Messaging.Aws.Inbound;
using Nutritionist.Messaging.Testing.Shared;

namespace Nutritionist.Messaging.Aws.Tests.Inbound;

/// <summary>SNS signatures against the real SNS messages in <c>../shared/reference/aws/sns/</c>.</summary>
public sealed class SnsMessageVerifierTests
{
    private const string VectorsPath = "aws/sns/sns-signature-vectors.json";
    private const string CertificatePath = "aws/sns/sns-signing-cert-2021-sns.amazonaws.com.pem";

    // The vectors were signed on 2022-07-28 with a certificate valid from 2021-09-07 to 2022-08-17.
    private static readonly DateTimeOffset VectorTime = new(2022, 7, 29, 0, 0, 0, TimeSpan.Zero);

    [Test]
    public async Task Every_vector_verifies_or_fails_as_the_collector_says()
    {
        using var vectors = JsonDocument.Parse(ReferenceData.ReadText(VectorsPath));
        using var harness = HarnessServingRealCertificate(new FakeTimeProvider(VectorTime));
        var all = vectors.RootElement.GetProperty("vectors").EnumerateArray().ToList();
        Assert.That(all, Has.Count.GreaterThanOrEqualTo(12), "all vectors are read");

        var results = new List<string>();
        foreach (var vector in all)
        {
            var envelope = SnsEnvelope.From(vector.GetProperty("message"))!;
            var expectValid = vector.GetProperty("expectValid").GetBoolean();
            var verdict = await harness.Verifier.VerifyAsync(envelope);
            results.Add($"{vector.GetProperty("name").GetString()}: {verdict}");
            Assert.That(verdict, expectValid ? Is.EqualTo(InboundFailureReason.None) : Is.EqualTo(InboundFailureReason.SnsSignatureInvalid), results[^1]);
        }

        Assert.That(all.Count(v => v.GetProperty("expectValid").GetBoolean()), Is.EqualTo(10));
    }

    [Test]
    public void The_string_to_sign_matches_the_collector_for_every_vector()
    {
        using var vectors = JsonDocument.Parse(ReferenceData.ReadText(VectorsPath));
        foreach (var vector in vectors.RootElement.GetProperty("vectors").EnumerateArray())
        {
            if (!vector.TryGetProperty("stringToSign", out var expected))
            {
                continue;
            }

            var envelope = SnsEnvelope.From(vector.GetProperty("message"))!;
            Assert.That(SnsMessageVerifier.BuildStringToSign(envelope), Is.EqualTo(expected.GetString()), vector.GetProperty("name").GetString());
        }
    }

    [Test]
    public async Task The_certificate_is_fetched_once_per_url_through_the_named_client()
    {
        using var vectors = JsonDocument.Parse(ReferenceData.ReadText(VectorsPath));
        using var harness = HarnessServingRealCertificate(new FakeTimeProvider(VectorTime));
        foreach (var vector in vectors.RootElement.GetProperty("vectors").EnumerateArray().Take(6))
        {
            await harness.Verifier.VerifyAsync(SnsEnvelope.From(vector.GetProperty("message"))!);
        }

        Assert.That(harness.Certificates.Requests, Has.Count.EqualTo(1));
        var request = harness.Certificates.Requests.Single().Message;
        Assert.That(request.Method, Is.EqualTo(HttpMethod.Get));
        Assert.That(request.RequestUri!.AbsoluteUri, Is.EqualTo("https://sns.us-east-2.amazonaws.com/SimpleNotificationService-7ff5318490ec183fbaddaa2a969abfda.pem"));
    }

    [TestCase("http://sns.us-east-2.amazonaws.com/SimpleNotificationService-7ff5318490ec183fbaddaa2a969abfda.pem", TestName = "plain http")]
    [TestCase("https://sns.us-east-2.amazonaws.com/SimpleNotificationService-7ff5318490ec183fbaddaa2a969abfda.txt", TestName = "not .pem")]
    [TestCase("https://sns.us-east-2.amazonaws.com.evil.example/SimpleNotificationService.pem", TestName = "AWS host as a prefix")]
    [TestCase("https://evil.example/sns.us-east-2.amazonaws.com/SimpleNotificationService.pem", TestName = "AWS host in the path")]
    [TestCase("https://sns.us-east-2.amazonaws.com@evil.example/SimpleNotificationService.pem", TestName = "AWS host as user info")]
    [TestCase("https://sqs.us-east-2.amazonaws.com/SimpleNotificationService.pem", TestName = "another AWS service")]
    [TestCase("https://sns.amazonaws.com/SimpleNotificationService.pem", TestName = "no region")]
    [TestCase("https://sns.eu.amazonaws.com/SimpleNotificationService.pem", TestName = "region shorter than three characters")]
    [TestCase("https://sns.us-east-2.amazonaws.com:8443/SimpleNotificationService.pem", TestName = "custom port")]
    [TestCase("https://sns.us-east-2.amazonaws.com/SimpleNotificationService.pem?x=.pem", TestName = "query string")]
    [TestCase("sns.us-east-2.amazonaws.com/SimpleNotificationService.pem", TestName = "relative URL")]
    public async Task A_certificate_url_off_the_sns_hosts_is_refused_without_any_fetch(string certificateUrl)
    {
        using var vectors = JsonDocument.Parse(ReferenceData.ReadText(VectorsPath));
        using var harness = HarnessServingRealCertificate(new FakeTimeProvider(VectorTime));
        harness.CertificatesByUrl[certificateUrl] = harness.CertificatesByUrl.Values.First();
        var message = JsonNode.Parse(vectors.RootElement.GetProperty("vectors")[0].GetProperty("message").GetRawText())!.AsObject();
        message["SigningCertURL"] = certificateUrl;

        var verdict = await harness.Verifier.VerifyAsync(SnsEnvelope.From(TestSns.Parse(message.ToJsonString()))!);

        Assert.That(verdict, Is.EqualTo(InboundFailureReason.SnsCertificateUrlRejected));
        Assert.That(harness.Certificates.Requests, Is.Empty, "nothing may be fetched from a URL that is not an SNS certificate URL");
    }

    [TestCase("https://sns.cn-north-1.amazonaws.com.cn/SimpleNotificationService-abc.pem")]
    [TestCase("https://sns.us-gov-west-1.amazonaws.com/SimpleNotificationService-abc.pem")]
    [TestCase("https://sns.eu-west-1.amazonaws.com/SimpleNotificationService-abc.pem")]
    public void Sns_certificate_urls_in_every_partition_are_accepted(string certificateUrl) =>
        Assert.That(SnsMessageVerifier.TryGetCertificateUrl(certificateUrl, out _), Is.True);

    [Test]
    public async Task The_expired_2022_certificate_is_refused_at_todays_date()
    {
        using var vectors = JsonDocument.Parse(ReferenceData.ReadText(VectorsPath));
        using var harness = HarnessServingRealCertificate(TimeProvider.System);
        var envelope = SnsEnvelope.From(vectors.RootElement.GetProperty("vectors")[0].GetProperty("message"))!;

        Assert.That(await harness.Verifier.VerifyAsync(envelope), Is.EqualTo(InboundFailureReason.SnsCertificateRejected));
    }

    [Test]
    public async Task A_certificate_not_issued_to_sns_is_refused_even_at_an_sns_url()
    {
        var now = DateTimeOffset.UtcNow;
        using var sns = new TestSns(now);
        using var rsa = System.Security.Cryptography.RSA.Create(2048);
        var request = new System.Security.Cryptography.X509Certificates.CertificateRequest(
            "CN=evil.example", rsa, System.Security.Cryptography.HashAlgorithmName.SHA256, System.Security.Cryptography.RSASignaturePadding.Pkcs1);
        using var evil = request.CreateSelfSigned(now.AddDays(-1), now.AddDays(1));
        using var harness = new InboundHarness().Serve(TestSns.CertificateUrl, evil.ExportCertificatePem());

        var verdict = await harness.Verifier.VerifyAsync(SnsEnvelope.From(TestSns.Parse(sns.Envelope("{}", now)))!);

        Assert.That(verdict, Is.EqualTo(InboundFailureReason.SnsCertificateRejected));
    }

    [Test]
    public async Task A_certificate_that_cannot_be_fetched_is_reported_as_unavailable()
    {
        var now = DateTimeOffset.UtcNow;
        using var sns = new TestSns(now);
        using var harness = new InboundHarness().Serve("https://sns.us-east-1.amazonaws.com/other.pem", "x");

        var verdict = await harness.Verifier.VerifyAsync(SnsEnvelope.From(TestSns.Parse(sns.Envelope("{}", now)))!);

        Assert.That(verdict, Is.EqualTo(InboundFailureReason.SnsCertificateUnavailable));
        Assert.That(harness.Certificates.Requests, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task An_oversized_certificate_response_is_not_read_to_the_end()
    {
        var now = DateTimeOffset.UtcNow;
        using var sns = new TestSns(now);
        using var harness = new InboundHarness().Serve(TestSns.CertificateUrl, new string('A', 200_000));

        var verdict = await harness.Verifier.VerifyAsync(SnsEnvelope.From(TestSns.Parse(sns.Envelope("{}", now)))!);

        Assert.That(verdict, Is.EqualTo(InboundFailureReason.SnsCertificateUnavailable));
    }

    [TestCase("3", nameof(InboundFailureReason.SnsUnsupportedSignatureVersion))]
    [TestCase("", nameof(InboundFailureReason.SnsSignatureMissing))]
    public async Task Unsupported_or_missing_signature_versions_are_refused(string version, string expectedReason)
    {
        var expected = Enum.Parse<InboundFailureReason>(expectedReason);
        using var vectors = JsonDocument.Parse(ReferenceData.ReadText(VectorsPath));
        using var harness = HarnessServingRealCertificate(new FakeTimeProvider(VectorTime));
        var envelope = SnsEnvelope.From(vectors.RootElement.GetProperty("vectors")[0].GetProperty("message"))! with { SignatureVersion = version };

        Assert.That(await harness.Verifier.VerifyAsync(envelope), Is.EqualTo(expected));
        Assert.That(harness.Certificates.Requests, Is.Empty);
    }

    [Test]
    public async Task A_signature_that_is_not_base64_is_invalid()
    {
        using var vectors = JsonDocument.Parse(ReferenceData.ReadText(VectorsPath));
        using var harness = HarnessServingRealCertificate(new FakeTimeProvider(VectorTime));
        var envelope = SnsEnvelope.From(vectors.RootElement.GetProperty("vectors")[0].GetProperty("message"))! with { Signature = "not base64!" };

        Assert.That(await harness.Verifier.VerifyAsync(envelope), Is.EqualTo(InboundFailureReason.SnsSignatureInvalid));
    }

    [Test]
    public void Confirmation_messages_sign_subscribe_url_and_token_in_byte_order()
    {
        var envelope = new SnsEnvelope
        {
            Type = SnsEnvelope.SubscriptionConfirmationType,
            Message = "You have chosen to subscribe",
            MessageId = "m-1",
            SubscribeUrl = "https://sns.us-east-2.amazonaws.com/?Action=ConfirmSubscription",
            Timestamp = "2019-01-31T19:25:13.719Z",
            Token = "233",
            TopicArn = "arn:aws:sns:us-east-2:123456789012:t",
            Subject = "ignored for confirmations",
        };

        Assert.That(SnsMessageVerifier.BuildStringToSign(envelope), Is.EqualTo(
            "Message\nYou have chosen to subscribe\nMessageId\nm-1\nSubscribeURL\nhttps://sns.us-east-2.amazonaws.com/?Action=ConfirmSubscription\n"
            + "Timestamp\n2019-01-31T19:25:13.719Z\nToken\n233\nTopicArn\narn:aws:sns:us-east-2:123456789012:t\nType\nSubscriptionConfirmation\n"));
    }

    private static InboundHarness HarnessServingRealCertificate(TimeProvider time)
    {
        var harness = new InboundHarness(time: time);
        return harness.Serve(
            "https://sns.us-east-2.amazonaws.com/SimpleNotificationService-7ff5318490ec183fbaddaa2a969abfda.pem",
            ReferenceData.ReadText(CertificatePath));
    }
}
