using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Nutritionist.Messaging.Aws.Inbound;

/// <summary>
/// Verifies the signature of an SNS envelope: <c>SignatureVersion</c> 1 (SHA1withRSA) and 2 (SHA256withRSA) over the
/// canonical string to sign, with the public key of the certificate at <c>SigningCertURL</c>.
/// </summary>
/// <remarks>
/// <para>
/// The certificate URL must be https, end in <c>.pem</c> and be on a host matching
/// <c>^sns\.[a-zA-Z0-9\-]{3,}\.amazonaws\.com(\.cn)?$</c>; any other URL is refused before anything is fetched (the rule
/// of AWS's own validators). Trust in the certificate comes from that: it is downloaded over TLS from an AWS-owned SNS
/// host. On top, the certificate must name an SNS host as its subject CN (<c>sns.amazonaws.com</c>, or
/// <c>sns.&lt;region&gt;.amazonaws.com[.cn]</c>) and the current time (<see cref="TimeProvider"/>) must be inside its
/// validity period. The chain is not built: that would add revocation look-ups to every new certificate for no gain over
/// the TLS check of the download, and AWS's validators do not do it either.
/// </para>
/// <para>
/// What can be worked out from a certificate once — whether its CN is an SNS host, its validity period, its RSA public
/// key — is kept per certificate instance for as long as the instance is alive, so a message only costs the clock check
/// and the RSA verification. The cached key is shared by concurrent calls (RSA verification is thread-safe) and is
/// never disposed here, because another call may be using it; it is freed with the certificate's cache entry.
/// </para>
/// <para>Thread-safe singleton.</para>
/// </remarks>
internal sealed partial class SnsMessageVerifier
{
    private readonly ISnsCertificateSource _certificates;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly ConditionalWeakTable<X509Certificate2, CertificateFacts> _facts = new();

    public SnsMessageVerifier(ISnsCertificateSource certificates, TimeProvider timeProvider, ILogger<SnsMessageVerifier>? logger = null)
    {
        _certificates = certificates;
        _timeProvider = timeProvider;
        _logger = logger ?? (ILogger)NullLogger.Instance;
    }

    /// <summary>Checks the envelope's signature.</summary>
    /// <returns><see cref="InboundFailureReason.None"/> when it is genuine; otherwise why not.</returns>
    public async ValueTask<InboundFailureReason> VerifyAsync(SnsEnvelope envelope, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        if (string.IsNullOrEmpty(envelope.Signature) || string.IsNullOrEmpty(envelope.SignatureVersion) || string.IsNullOrEmpty(envelope.SigningCertUrl))
        {
            return InboundFailureReason.SnsSignatureMissing;
        }

        HashAlgorithmName hash;
        switch (envelope.SignatureVersion)
        {
            case "1":
                hash = HashAlgorithmName.SHA1;
                break;
            case "2":
                hash = HashAlgorithmName.SHA256;
                break;
            default:
                return InboundFailureReason.SnsUnsupportedSignatureVersion;
        }

        if (!TryGetCertificateUrl(envelope.SigningCertUrl, out var certificateUrl))
        {
            return InboundFailureReason.SnsCertificateUrlRejected;
        }

        var signature = new byte[envelope.Signature.Length];
        if (!Convert.TryFromBase64String(envelope.Signature, signature, out var signatureLength))
        {
            return InboundFailureReason.SnsSignatureInvalid;
        }

        X509Certificate2 certificate;
        try
        {
            certificate = await _certificates.GetCertificateAsync(certificateUrl, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpRequestException or CryptographicException or IOException
            || (e is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            // A TaskCanceledException without our cancellation is the HttpClient timeout.
            InboundLog.CertificateUnavailable(_logger, e, certificateUrl.AbsoluteUri);
            return InboundFailureReason.SnsCertificateUnavailable;
        }

        var facts = _facts.GetValue(certificate, static c => new CertificateFacts(c));
        if (!facts.IsAcceptableAt(_timeProvider.GetUtcNow()))
        {
            return InboundFailureReason.SnsCertificateRejected;
        }

        var rsa = facts.PublicKey;
        if (rsa is null)
        {
            return InboundFailureReason.SnsCertificateRejected;
        }

        var data = Encoding.UTF8.GetBytes(BuildStringToSign(envelope));
        return rsa.VerifyData(data, signature.AsSpan(0, signatureLength), hash, RSASignaturePadding.Pkcs1)
            ? InboundFailureReason.None
            : InboundFailureReason.SnsSignatureInvalid;
    }

    /// <summary>
    /// The canonical string: <c>Key\nValue\n</c> for each signed key that is present (not null), in byte order.
    /// Notifications sign Message, MessageId, Subject (when present), Timestamp, TopicArn, Type; confirmations sign
    /// Message, MessageId, SubscribeURL, Timestamp, Token, TopicArn, Type.
    /// </summary>
    public static string BuildStringToSign(SnsEnvelope envelope)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        var builder = new StringBuilder(envelope.Message.Length + 512);
        Append(builder, "Message", envelope.Message);
        Append(builder, "MessageId", envelope.MessageId);
        if (envelope.IsNotification)
        {
            Append(builder, "Subject", envelope.Subject);
        }
        else
        {
            Append(builder, "SubscribeURL", envelope.SubscribeUrl);
        }

        Append(builder, "Timestamp", envelope.Timestamp);
        if (!envelope.IsNotification)
        {
            Append(builder, "Token", envelope.Token);
        }

        Append(builder, "TopicArn", envelope.TopicArn);
        Append(builder, "Type", envelope.Type);
        return builder.ToString();
    }

    /// <summary>Whether the certificate URL may be fetched: https, no user info or custom port, an SNS host, a <c>.pem</c> path.</summary>
    public static bool TryGetCertificateUrl(string? value, out Uri url)
    {
        url = null!;
        if (!Uri.TryCreate(value, UriKind.Absolute, out var parsed)
            || parsed.Scheme != Uri.UriSchemeHttps
            || !parsed.IsDefaultPort
            || parsed.UserInfo.Length != 0
            || !parsed.AbsolutePath.EndsWith(".pem", StringComparison.Ordinal)
            || parsed.Query.Length != 0
            || !SnsHost().IsMatch(parsed.IdnHost))
        {
            return false;
        }

        url = parsed;
        return true;
    }

    private static void Append(StringBuilder builder, string key, string? value)
    {
        if (value is null)
        {
            return;
        }

        builder.Append(key).Append('\n').Append(value).Append('\n');
    }

    /// <summary>What the verifier needs from one certificate instance, worked out once.</summary>
    private sealed class CertificateFacts
    {
        private readonly bool _namesSnsHost;
        private readonly DateTime _notBefore;
        private readonly DateTime _notAfter;

        // Imported on first use, and only for a certificate that passed the name and date checks, as before the cache.
        // PublicationOnly: a failed import is not remembered (the next message tries again), and a key imported by a
        // losing thread is left to the GC rather than disposed.
        private readonly Lazy<RSA?> _publicKey;

        public CertificateFacts(X509Certificate2 certificate)
        {
            var commonName = certificate.GetNameInfo(X509NameType.SimpleName, forIssuer: false);
            _namesSnsHost = commonName is not null && SnsCertificateName().IsMatch(commonName);
            if (_namesSnsHost)
            {
                _notBefore = certificate.NotBefore.ToUniversalTime();
                _notAfter = certificate.NotAfter.ToUniversalTime();
            }

            _publicKey = new Lazy<RSA?>(certificate.GetRSAPublicKey, LazyThreadSafetyMode.PublicationOnly);
        }

        /// <summary>The certificate's RSA public key, or <see langword="null"/> when it has none. Shared: never dispose it.</summary>
        public RSA? PublicKey => _publicKey.Value;

        /// <summary>Whether the certificate names an SNS host and <paramref name="now"/> is inside its validity period.</summary>
        public bool IsAcceptableAt(DateTimeOffset now) => _namesSnsHost && now >= _notBefore && now <= _notAfter;
    }

    [GeneratedRegex(@"^sns\.[a-zA-Z0-9\-]{3,}\.amazonaws\.com(\.cn)?$", RegexOptions.CultureInvariant)]
    private static partial Regex SnsHost();

    [GeneratedRegex(@"^sns(\.[a-zA-Z0-9\-]{3,})?\.amazonaws\.com(\.cn)?$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex SnsCertificateName();
}
