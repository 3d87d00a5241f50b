using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Nutritionist.Messaging.Aws.Inbound;

namespace Nutritionist.Messaging.Benchmarks.Suites;

/// <summary>
/// SNS signature verification of a real SNS notification (the vectors and certificate in
/// <c>shared/reference/aws/sns/</c>; the certificate is served from memory, as after the verifier's first fetch, and the
/// clock is set inside its validity). Baseline: the RSA verification alone on the precomputed string to sign, with a
/// key imported once. Without the reference files the benchmark is skipped with a message.
/// </summary>
[MemoryDiagnoser]
public class SnsVerification
{
    private SnsEnvelope? _envelope;
    private SnsMessageVerifier _verifier = null!;
    private RSA? _rsa;
    private byte[] _data = [];
    private byte[] _signature = [];
    private HashAlgorithmName _hash;

    [Params("1", "2")]
    public string SignatureVersion { get; set; } = "1";

    [GlobalSetup]
    public async Task SetupAsync()
    {
        var vectors = Reference.Find("aws/sns/sns-signature-vectors.json");
        var pem = Reference.Find("aws/sns/sns-signing-cert-2021-sns.amazonaws.com.pem");
        if (vectors is null || pem is null)
        {
            Console.WriteLine("// SKIPPED: shared/reference/aws/sns/ (vectors and certificate) not found; SNS verification is not measured.");
            return;
        }

        using var document = JsonDocument.Parse(await File.ReadAllTextAsync(vectors));
        var vector = document.RootElement.GetProperty("vectors").EnumerateArray()
            .First(v => v.GetProperty("expectValid").GetBoolean() && v.GetProperty("message").GetProperty("SignatureVersion").GetString() == SignatureVersion);
        _envelope = SnsEnvelope.From(vector.GetProperty("message"))!;
        var certificate = X509Certificate2.CreateFromPem(await File.ReadAllTextAsync(pem));
        _verifier = new SnsMessageVerifier(new FixedCertificate(certificate), new FixedClock(new DateTimeOffset(2022, 7, 29, 0, 0, 0, TimeSpan.Zero)));
        if (await _verifier.VerifyAsync(_envelope) != InboundFailureReason.None)
        {
            throw new InvalidOperationException("The reference vector does not verify.");
        }

        _rsa = certificate.GetRSAPublicKey()!;
        _data = Encoding.UTF8.GetBytes(vector.GetProperty("stringToSign").GetString()!);
        _signature = Convert.FromBase64String(_envelope.Signature!);
        _hash = SignatureVersion == "1" ? HashAlgorithmName.SHA1 : HashAlgorithmName.SHA256;
    }

    [GlobalCleanup]
    public void Cleanup() => _rsa?.Dispose();

    [Benchmark(Baseline = true, Description = "RSA VerifyData only")]
    public bool RsaOnly() => _rsa is null || _rsa.VerifyData(_data, _signature, _hash, RSASignaturePadding.Pkcs1);

    [Benchmark(Description = "SnsMessageVerifier.VerifyAsync")]
    public async ValueTask<bool> Verifier() => _envelope is null || await _verifier.VerifyAsync(_envelope) == InboundFailureReason.None;

    private sealed class FixedCertificate(X509Certificate2 certificate) : ISnsCertificateSource
    {
        public ValueTask<X509Certificate2> GetCertificateAsync(Uri certificateUrl, CancellationToken cancellationToken = default) => ValueTask.FromResult(certificate);
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
