using System.Security.Cryptography.X509Certificates;

namespace Nutritionist.Messaging.Aws.Inbound;

/// <summary>Gets the X.509 certificate an SNS message was signed with (the seam tests use to inject a certificate).</summary>
/// <remarks>Implementations are singletons and must be thread-safe. The verifier has already checked the URL.</remarks>
internal interface ISnsCertificateSource
{
    /// <summary>The certificate at <paramref name="certificateUrl"/>.</summary>
    /// <param name="certificateUrl">An https URL on an SNS host, ending in <c>.pem</c>.</param>
    /// <param name="cancellationToken">Cancels the fetch.</param>
    /// <returns>The certificate (owned by the source: callers must not dispose it).</returns>
    /// <exception cref="HttpRequestException">The certificate could not be fetched.</exception>
    /// <exception cref="System.Security.Cryptography.CryptographicException">The response is not a certificate.</exception>
    ValueTask<X509Certificate2> GetCertificateAsync(Uri certificateUrl, CancellationToken cancellationToken = default);
}
