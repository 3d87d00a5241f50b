using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using Nutritionist.Messaging.Aws.Inbound;
using Nutritionist.Messaging.Testing.Shared;

namespace Nutritionist.Messaging.Aws.Tests.Inbound;

/// <summary>
/// The verifier keeps what it learns from a certificate instance (name check, validity period, public key): the same
/// instance, asked again, must still give the answer of the clock at that moment.
/// </summary>
public sealed class SnsMessageVerifierCacheTests
{
    private const string VectorsPath = "aws/sns/sns-signature-vectors.json";
    private const string CertificatePath = "aws/sns/sns-signing-cert-2021-sns.amazonaws.com.pem";

    [Test]
    public async Task The_same_certificate_instance_is_judged_at_the_time_of_each_call()
    {
        // The reference certificate is valid from 2021-09-07 to 2022-08-17; the vectors were signed on 2022-07-28.
        using var certificate = X509Certificate2.CreateFromPem(ReferenceData.ReadText(CertificatePath));
        var clock = new MovableClock(new DateTimeOffset(2021, 9, 1, 0, 0, 0, TimeSpan.Zero));
        var verifier = new SnsMessageVerifier(new OneCertificate(certificate), clock);
        var envelope = FirstValidVector();

        var before = await verifier.VerifyAsync(envelope);
        clock.Now = new DateTimeOffset(2022, 7, 29, 0, 0, 0, TimeSpan.Zero);
        var inside = await verifier.VerifyAsync(envelope);
        var insideAgain = await verifier.VerifyAsync(envelope);
        clock.Now = new DateTimeOffset(2022, 8, 18, 0, 0, 0, TimeSpan.Zero);
        var after = await verifier.VerifyAsync(envelope);
        clock.Now = new DateTimeOffset(2022, 7, 29, 0, 0, 0, TimeSpan.Zero);
        var insideOnceMore = await verifier.VerifyAsync(envelope);

        Assert.Multiple(() =>
        {
            Assert.That(before, Is.EqualTo(InboundFailureReason.SnsCertificateRejected), "not yet valid");
            Assert.That(inside, Is.EqualTo(InboundFailureReason.None));
            Assert.That(insideAgain, Is.EqualTo(InboundFailureReason.None), "from the cache");
            Assert.That(after, Is.EqualTo(InboundFailureReason.SnsCertificateRejected), "expired, though cached");
            Assert.That(insideOnceMore, Is.EqualTo(InboundFailureReason.None));
        });
    }

    [Test]
    public async Task The_validity_bounds_are_inclusive_as_before()
    {
        using var certificate = X509Certificate2.CreateFromPem(ReferenceData.ReadText(CertificatePath));
        var clock = new MovableClock(certificate.NotBefore.ToUniversalTime());
        var verifier = new SnsMessageVerifier(new OneCertificate(certificate), clock);
        var envelope = FirstValidVector();

        var atNotBefore = await verifier.VerifyAsync(envelope);
        clock.Now = certificate.NotBefore.ToUniversalTime().AddTicks(-1);
        var justBefore = await verifier.VerifyAsync(envelope);
        clock.Now = certificate.NotAfter.ToUniversalTime();
        var atNotAfter = await verifier.VerifyAsync(envelope);
        clock.Now = certificate.NotAfter.ToUniversalTime().AddTicks(1);
        var justAfter = await verifier.VerifyAsync(envelope);

        Assert.Multiple(() =>
        {
            Assert.That(atNotBefore, Is.EqualTo(InboundFailureReason.None));
            Assert.That(justBefore, Is.EqualTo(InboundFailureReason.SnsCertificateRejected));
            Assert.That(atNotAfter, Is.EqualTo(InboundFailureReason.None));
            Assert.That(justAfter, Is.EqualTo(InboundFailureReason.SnsCertificateRejected));
        });
    }

    [Test]
    public async Task A_certificate_not_issued_to_sns_stays_refused_on_every_call()
    {
        var now = DateTimeOffset.UtcNow;
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=evil.example", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var evil = request.CreateSelfSigned(now.AddDays(-1), now.AddDays(1));
        var verifier = new SnsMessageVerifier(new OneCertificate(evil), new MovableClock(now));
        var envelope = SignedEnvelope(rsa);

        for (var i = 0; i < 3; i++)
        {
            Assert.That(await verifier.VerifyAsync(envelope), Is.EqualTo(InboundFailureReason.SnsCertificateRejected), $"call {i}");
        }
    }

    [Test]
    public async Task A_certificate_without_an_rsa_key_stays_refused_on_every_call()
    {
        var now = DateTimeOffset.UtcNow;
        using var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=sns.amazonaws.com", ecdsa, HashAlgorithmName.SHA256);
        using var certificate = request.CreateSelfSigned(now.AddDays(-1), now.AddDays(1));
        using var rsa = RSA.Create(2048);
        var verifier = new SnsMessageVerifier(new OneCertificate(certificate), new MovableClock(now));
        var envelope = SignedEnvelope(rsa);

        for (var i = 0; i < 3; i++)
        {
            Assert.That(await verifier.VerifyAsync(envelope), Is.EqualTo(InboundFailureReason.SnsCertificateRejected), $"call {i}");
        }
    }

    [Test]
    public async Task Concurrent_calls_share_the_cached_key()
    {
        using var certificate = X509Certificate2.CreateFromPem(ReferenceData.ReadText(CertificatePath));
        var verifier = new SnsMessageVerifier(new OneCertificate(certificate), new MovableClock(new DateTimeOffset(2022, 7, 29, 0, 0, 0, TimeSpan.Zero)));
        using var vectors = JsonDocument.Parse(ReferenceData.ReadText(VectorsPath));
        var cases = vectors.RootElement.GetProperty("vectors").EnumerateArray()
            .Select(v => (Envelope: SnsEnvelope.From(v.GetProperty("message"))!, Valid: v.GetProperty("expectValid").GetBoolean()))
            .ToList();

        var results = await Task.WhenAll(Enumerable.Range(0, 200).Select(i => Task.Run(async () =>
        {
            var (envelope, valid) = cases[i % cases.Count];
            return (await verifier.VerifyAsync(envelope) == InboundFailureReason.None) == valid;
        })));

        Assert.That(results, Is.All.True);
    }

    [Test]
    public async Task A_new_certificate_instance_is_judged_on_its_own()
    {
        var now = DateTimeOffset.UtcNow;
        using var rsa = RSA.Create(2048);
        using var good = new CertificateRequest("CN=sns.amazonaws.com", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
            .CreateSelfSigned(now.AddDays(-1), now.AddDays(1));
        using var expired = new CertificateRequest("CN=sns.amazonaws.com", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
            .CreateSelfSigned(now.AddDays(-3), now.AddDays(-2));
        var source = new OneCertificate(good);
        var verifier = new SnsMessageVerifier(source, new MovableClock(now));
        var envelope = SignedEnvelope(rsa);

        var withGood = await verifier.VerifyAsync(envelope);
        source.Certificate = expired;
        var withExpired = await verifier.VerifyAsync(envelope);

        Assert.That(withGood, Is.EqualTo(InboundFailureReason.None));
        Assert.That(withExpired, Is.EqualTo(InboundFailureReason.SnsCertificateRejected));
    }

    private static SnsEnvelope FirstValidVector()
    {
        using var vectors = JsonDocument.Parse(ReferenceData.ReadText(VectorsPath));
        var vector = vectors.RootElement.GetProperty("vectors").EnumerateArray().First(v => v.GetProperty("expectValid").GetBoolean());
        return SnsEnvelope.From(vector.GetProperty("message"))!;
    }

    private static SnsEnvelope SignedEnvelope(RSA key)
    {
        var envelope = new SnsEnvelope
        {
            Type = SnsEnvelope.NotificationType,
            MessageId = "m-1",
            TopicArn = TestSns.TopicArn,
            Message = "{}",
            Timestamp = "2026-01-01T00:00:00.000Z",
            SignatureVersion = "2",
            SigningCertUrl = TestSns.CertificateUrl,
        };
        var signature = key.SignData(Encoding.UTF8.GetBytes(SnsMessageVerifier.BuildStringToSign(envelope)), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return envelope with { Signature = Convert.ToBase64String(signature) };
    }

    private sealed class OneCertificate(X509Certificate2 certificate) : ISnsCertificateSource
    {
        public X509Certificate2 Certificate { get; set; } = certificate;

        public ValueTask<X509Certificate2> GetCertificateAsync(Uri certificateUrl, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(Certificate);
    }

    private sealed class MovableClock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
