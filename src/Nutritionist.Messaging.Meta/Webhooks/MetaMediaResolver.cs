using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Nutritionist.Messaging.Inbound;
using Nutritionist.Messaging.Meta.Internal;

namespace Nutritionist.Messaging.Meta;

/// <summary>
/// Resolves the media id of an inbound message (<see cref="InboundMedia.Id"/>) to its download URL on demand, with
/// <c>GET {BaseUrl}/{ApiVersion}/{media-id}</c> and the configured Bearer token. Registered by <c>AddMetaWhatsApp()</c>.
/// </summary>
/// <remarks>
/// Meta's download URLs expire after minutes, so resolve just before downloading. Failures are classified like sends
/// (<see cref="MessagingException"/> with Meta's code, an inner <see cref="MetaApiException"/>). Thread-safe singleton.
/// </remarks>
public sealed class MetaMediaResolver
{
    private readonly MetaWhatsAppOptions _options;
    private readonly IHttpClientFactory _httpClientFactory;
    private readonly TimeProvider _timeProvider;

    /// <summary>Creates a resolver.</summary>
    /// <param name="options">The Meta settings (token, base URL, API version).</param>
    /// <param name="httpClientFactory">Supplies the provider's named client.</param>
    /// <param name="timeProvider">Reads <c>Retry-After</c> dates; <see cref="TimeProvider.System"/> when <see langword="null"/>.</param>
    public MetaMediaResolver(IOptions<MetaWhatsAppOptions> options, IHttpClientFactory httpClientFactory, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(httpClientFactory);
        _options = options.Value;
        _httpClientFactory = httpClientFactory;
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <summary>Fetches the download URL and metadata of one media item.</summary>
    /// <param name="mediaId">The media id (<see cref="InboundMedia.Id"/>).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The download URL and what Meta says about the file.</returns>
    /// <exception cref="ArgumentException"><paramref name="mediaId"/> is empty.</exception>
    /// <exception cref="MessagingException">Meta refused or could not be reached.</exception>
    public async Task<MetaMedia> ResolveAsync(string mediaId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(mediaId);
        var uri = new Uri($"{_options.BaseUrl.AbsoluteUri.TrimEnd('/')}/{Uri.EscapeDataString(_options.ApiVersion)}/{Uri.EscapeDataString(mediaId)}");
        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _options.AccessToken);

        HttpResponseMessage response;
        try
        {
            response = await _httpClientFactory.CreateClient(MetaHttp.ClientName).SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (MetaErrorMapper.IsTransportFailure(e, cancellationToken))
        {
            throw MetaErrorMapper.TransportFailure(e, requestLeft: !MetaErrorMapper.IsCertainlyNotSent(e));
        }

        using (response)
        {
            var content = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw MetaErrorMapper.FromResponse(response, content, _timeProvider);
            }

            try
            {
                using var document = JsonDocument.Parse(content);
                var root = document.RootElement;
                if (root.ValueKind == JsonValueKind.Object
                    && root.TryGetProperty("url", out var url) && url.ValueKind == JsonValueKind.String
                    && Uri.TryCreate(url.GetString(), UriKind.Absolute, out var download))
                {
                    long? size = root.TryGetProperty("file_size", out var s) && s.ValueKind == JsonValueKind.Number && s.TryGetInt64(out var n) ? n
                        : s.ValueKind == JsonValueKind.String && long.TryParse(s.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) ? parsed
                        : null;
                    return new MetaMedia(mediaId, download, Str(root, "mime_type"), Str(root, "sha256"), size);
                }
            }
            catch (JsonException)
            {
                // Reported below.
            }

            throw new MessagingException(MessagingErrorCode.Unknown, $"Meta answered the media lookup with HTTP {(int)response.StatusCode} but no download URL.", "InvalidResponse", (int)response.StatusCode);
        }
    }

    private static string? Str(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
