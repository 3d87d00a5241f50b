using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Nutritionist.Messaging.Aws.Inbound;

/// <summary>
/// Fetches SNS signing certificates through the <see cref="HttpClientName"/> client of <see cref="IHttpClientFactory"/>
/// (redirects off, short timeout) and keeps them by URL. SNS rotates to a new URL when it rotates the certificate, so an
/// entry never goes stale; the cache holds at most <see cref="Capacity"/> URLs and starts over when it is full.
/// </summary>
/// <remarks>Thread-safe singleton. Two messages that miss the cache at once may both fetch; the second result wins.</remarks>
internal sealed class HttpSnsCertificateSource : ISnsCertificateSource
{
    /// <summary>The name of the <see cref="HttpClient"/> used for the certificate downloads.</summary>
    public const string HttpClientName = "Nutritionist.Messaging.Aws.SnsCertificates";

    /// <summary>How many certificate URLs are cached.</summary>
    public const int Capacity = 32;

    /// <summary>A PEM certificate is about 2 KB; anything much larger is not one.</summary>
    private const int MaxResponseBytes = 64 * 1024;

    private readonly IHttpClientFactory _httpClientFactory;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, X509Certificate2> _cache = new(StringComparer.Ordinal);

    public HttpSnsCertificateSource(IHttpClientFactory httpClientFactory, ILogger<HttpSnsCertificateSource>? logger = null)
    {
        _httpClientFactory = httpClientFactory;
        _logger = logger ?? (ILogger)NullLogger.Instance;
    }

    public async ValueTask<X509Certificate2> GetCertificateAsync(Uri certificateUrl, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(certificateUrl);
        var key = certificateUrl.AbsoluteUri;
        if (_cache.TryGetValue(key, out var cached))
        {
            return cached;
        }

        var client = _httpClientFactory.CreateClient(HttpClientName);
        using var request = new HttpRequestMessage(HttpMethod.Get, certificateUrl);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/x-pem-file"));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("*/*", 0.5));
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        if (response.Content.Headers.ContentLength > MaxResponseBytes)
        {
            throw new HttpRequestException($"The SNS certificate at {certificateUrl} is larger than {MaxResponseBytes} bytes.");
        }

        var bytes = await ReadLimitedAsync(response.Content, cancellationToken).ConfigureAwait(false);
        var certificate = X509Certificate2.CreateFromPem(Encoding.ASCII.GetString(bytes));
        if (_cache.Count >= Capacity)
        {
            // Evicted certificates are not disposed: another thread may still be verifying with one. The GC frees them.
            _cache.Clear();
        }

        _cache[key] = certificate;
        InboundLog.CertificateFetched(_logger, key, certificate.Subject, certificate.NotAfter.ToUniversalTime());
        return certificate;
    }

    private static async Task<byte[]> ReadLimitedAsync(HttpContent content, CancellationToken cancellationToken)
    {
        var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            using var buffer = new MemoryStream();
            var chunk = new byte[8192];
            int read;
            while ((read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
            {
                if (buffer.Length + read > MaxResponseBytes)
                {
                    throw new CryptographicException($"The SNS certificate response is larger than {MaxResponseBytes} bytes.");
                }

                buffer.Write(chunk, 0, read);
            }

            return buffer.ToArray();
        }
    }
}
