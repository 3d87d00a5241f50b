using System.Net.Http.Headers;
using System.Text.Json;

namespace Nutritionist.Messaging.Meta.Internal;

/// <summary>
/// One Graph API call outside the send path (template catalog, business profile): the configured base URL and version,
/// the Bearer token, the named client, and failures classified by <see cref="MetaErrorMapper"/>.
/// </summary>
/// <remarks>Thread-safe: it holds only the options and the factory.</remarks>
internal sealed class MetaGraph(MetaWhatsAppOptions options, IHttpClientFactory httpClientFactory, TimeProvider timeProvider)
{
    public MetaWhatsAppOptions Options => options;

    /// <summary><c>{BaseUrl}/{ApiVersion}/{node}/{edge}?{query}</c>, keeping a path prefix of the base URL.</summary>
    public Uri Uri(string node, string edge, string? query = null)
    {
        var root = options.BaseUrl.AbsoluteUri.TrimEnd('/');
        var uri = $"{root}/{System.Uri.EscapeDataString(options.ApiVersion)}/{System.Uri.EscapeDataString(node)}/{edge}";
        return new Uri(query is null ? uri : uri + "?" + query);
    }

    /// <summary>Sends the request and parses the 2xx answer as JSON.</summary>
    /// <exception cref="MessagingException">Meta refused, could not be reached, or answered something that is not JSON.</exception>
    public async Task<JsonDocument> SendAsync(HttpMethod method, Uri uri, byte[]? json, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, uri);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", options.AccessToken);
        if (json is not null)
        {
            request.Content = new ByteArrayContent(json);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }

        HttpResponseMessage response;
        try
        {
            response = await httpClientFactory.CreateClient(MetaHttp.ClientName).SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (MetaErrorMapper.IsTransportFailure(e, cancellationToken))
        {
            throw MetaErrorMapper.TransportFailure(e, requestLeft: !MetaErrorMapper.IsCertainlyNotSent(e));
        }

        using (response)
        {
            byte[] content;
            try
            {
                content = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (MetaErrorMapper.IsTransportFailure(e, cancellationToken))
            {
                throw MetaErrorMapper.TransportFailure(e, requestLeft: true);
            }

            if (!response.IsSuccessStatusCode)
            {
                throw MetaErrorMapper.FromResponse(response, content, timeProvider);
            }

            try
            {
                return JsonDocument.Parse(content);
            }
            catch (JsonException e)
            {
                throw new MessagingException(MessagingErrorCode.Unknown, $"Meta answered {method} {uri.AbsolutePath} with HTTP {(int)response.StatusCode} but no JSON: {e.Message}", "InvalidResponse", (int)response.StatusCode, innerException: e);
            }
        }
    }

    /// <summary>The string member <paramref name="name"/> of an object, or <see langword="null"/>.</summary>
    public static string? Str(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
