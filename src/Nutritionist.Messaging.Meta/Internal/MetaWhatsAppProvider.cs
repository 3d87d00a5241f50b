using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Nutritionist.Messaging.CloudApi;
using Nutritionist.Messaging.PhoneNumbers;

namespace Nutritionist.Messaging.Meta.Internal;

/// <summary>
/// <see cref="IWhatsAppProvider"/> over Meta's WhatsApp Cloud API: <c>POST {BaseUrl}/{ApiVersion}/{PhoneNumberId}/messages</c>
/// with a Bearer token and the message object written by <see cref="CloudApiMessageWriter"/>.
/// </summary>
/// <remarks>
/// Thread-safe singleton. It never retries (the router owns retries; the named client has no outside handlers, see
/// <c>DisableSendRetries</c>). What the Cloud API would refuse is refused before any request, by the writer.
/// </remarks>
internal sealed class MetaWhatsAppProvider : IWhatsAppProvider
{
    /// <summary>The name this provider reports in results and logs.</summary>
    public const string ProviderName = "meta";

    private readonly MetaWhatsAppOptions _options;
    private readonly IHttpClientFactory _httpClientFactory;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly CloudApiMessageOptions _writerOptions;
    private readonly Uri _messagesUri;
    private readonly string _httpClientName;

    public MetaWhatsAppProvider(MetaWhatsAppOptions options, IHttpClientFactory httpClientFactory, TimeProvider? timeProvider = null, ILogger<MetaWhatsAppProvider>? logger = null, string httpClientName = MetaHttp.ClientName)
    {
        _httpClientName = httpClientName;
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(httpClientFactory);
        _options = options;
        _httpClientFactory = httpClientFactory;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _writerOptions = new CloudApiMessageOptions { PreviewUrlByDefault = options.PreviewUrls, DefaultTemplateLanguage = options.DefaultTemplateLanguage };
        _messagesUri = MessagesUri(options);
    }

    public string Name => ProviderName;

    /// <summary><c>{BaseUrl}/{ApiVersion}/{PhoneNumberId}/messages</c>, keeping a path prefix of the base URL.</summary>
    internal static Uri MessagesUri(MetaWhatsAppOptions options)
    {
        var root = options.BaseUrl.AbsoluteUri.TrimEnd('/');
        return new Uri($"{root}/{Uri.EscapeDataString(options.ApiVersion)}/{Uri.EscapeDataString(options.PhoneNumberId ?? string.Empty)}/messages");
    }

    public async Task<ProviderReceipt> SendAsync(WhatsAppMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        cancellationToken.ThrowIfCancellationRequested();

        // Masked only when a Debug line will use it.
        var masked = _logger.IsEnabled(LogLevel.Debug) ? PhoneNumberMasking.Mask(message.To) : string.Empty;
        if (string.IsNullOrEmpty(_options.AccessToken) || string.IsNullOrEmpty(_options.PhoneNumberId))
        {
            // Only reachable when the options were not validated (a provider built by hand).
            throw Invalid(masked, new MessagingException(MessagingErrorCode.NotConfigured, "NutritionistMessaging:Meta:AccessToken (META_WHATSAPP_TOKEN) and PhoneNumberId must be set."));
        }

        byte[] body;
        try
        {
            body = CloudApiMessageWriter.Write(message, _writerOptions);
        }
        catch (MessagingException e)
        {
            throw Invalid(masked, e);
        }

        Log.Sending(_logger, message.Template is not null ? "template" : message.MediaUrls.Count > 0 ? "media" : "text", masked, _options.PhoneNumberId);
        Log.Body(_logger, masked, message.Body);

        using var request = new HttpRequestMessage(HttpMethod.Post, _messagesUri) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _options.AccessToken);

        var http = _httpClientFactory.CreateClient(_httpClientName);
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (MetaErrorMapper.IsTransportFailure(e, cancellationToken))
        {
            throw Refused(masked, MetaErrorMapper.TransportFailure(e, requestLeft: !MetaErrorMapper.IsCertainlyNotSent(e)));
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
                throw Refused(masked, MetaErrorMapper.TransportFailure(e, requestLeft: true));
            }

            if (!response.IsSuccessStatusCode)
            {
                throw Refused(masked, MetaErrorMapper.FromResponse(response, content, _timeProvider));
            }

            var (id, status) = ReadReceipt(content);
            if (id is null)
            {
                throw Refused(masked, new MessagingException(
                    MessagingErrorCode.Unknown,
                    $"Meta answered HTTP {(int)response.StatusCode} without a message id; the message may have been sent.",
                    "InvalidResponse",
                    (int)response.StatusCode)
                { MayHaveBeenSent = true });
            }

            Log.Accepted(_logger, id, masked, status);
            return new ProviderReceipt(id)
            {
                OriginationIdentity = _options.PhoneNumberId,
                ProviderStatus = status,
            };
        }
    }

    /// <summary>Reads <c>messages[0].id</c> and <c>messages[0].message_status</c>; <see langword="null"/> id when the body is not that.</summary>
    internal static (string? Id, string? Status) ReadReceipt(byte[] content)
    {
        try
        {
            using var document = JsonDocument.Parse(content);
            if (document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("messages", out var messages)
                && messages.ValueKind == JsonValueKind.Array
                && messages.GetArrayLength() > 0
                && messages[0] is { ValueKind: JsonValueKind.Object } first
                && first.TryGetProperty("id", out var id)
                && id.ValueKind == JsonValueKind.String
                && !string.IsNullOrEmpty(id.GetString()))
            {
                var status = first.TryGetProperty("message_status", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString() : null;
                return (id.GetString(), status);
            }
        }
        catch (JsonException)
        {
            // Reported by the caller as a possibly sent message.
        }

        return (null, null);
    }

    private MessagingException Invalid(string masked, MessagingException e)
    {
        Log.Invalid(_logger, masked, e.Message);
        return e;
    }

    private MessagingException Refused(string masked, MessagingException e)
    {
        Log.Refused(_logger, masked, e.Code, e.ProviderCode, e.StatusCode, (e.InnerException as MetaApiException)?.FbTraceId);
        return e;
    }
}
