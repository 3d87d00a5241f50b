using System.Text.Json;
using Twilio.Clients;
using Twilio.Exceptions;
using Twilio.Http;
using TwilioRequest = Twilio.Http.Request;

namespace Nutritionist.Messaging.Twilio.Internal;

/// <summary>
/// One configured Twilio account: its options and its <see cref="TwilioRestClient"/>, built over the named
/// <see cref="TwilioHttp.ClientName"/> client. Every SDK call goes through <see cref="InvokeAsync{T}"/>, which forwards the
/// caller's token, applies <see cref="TwilioWhatsAppOptions.ApiBaseUrl"/> and classifies failures.
/// </summary>
/// <remarks>
/// Thread-safe: <see cref="TwilioRestClient"/> holds only immutable credentials and an <see cref="System.Net.Http.HttpClient"/>.
/// No static SDK state is touched (never <c>TwilioClient.Init</c>), so any number of accounts live side by side.
/// </remarks>
internal sealed class TwilioAccount
{
    private readonly Uri? _redirectTo;

    public TwilioAccount(TwilioWhatsAppOptions options, IHttpClientFactory httpClientFactory, string httpClientName = TwilioHttp.ClientName)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(httpClientFactory);
        Options = options;

        // One HttpClient for the life of the account. The factory's handler rotation does not reach a client held this
        // long, so the primary handler recycles its connections itself (PooledConnectionLifetime, set at registration).
        var http = httpClientFactory.CreateClient(httpClientName);
        http.Timeout = options.RequestTimeout;

        var useApiKey = !string.IsNullOrEmpty(options.ApiKeySid) && !string.IsNullOrEmpty(options.ApiKeySecret);
        var username = useApiKey ? options.ApiKeySid! : options.AccountSid!;
        var password = useApiKey ? options.ApiKeySecret! : options.AuthToken!;
        Client = new TwilioRestClient(username, password, accountSid: options.AccountSid, httpClient: new SystemNetHttpClient(http))
        {
            // The SDK reads TWILIO_LOG_LEVEL and writes requests to the console when it says "debug"; we log ourselves.
            LogLevel = null,
        };

        _redirectTo = options.ApiBaseUrl is { } baseUrl && !IsDefault(baseUrl) ? baseUrl : null;
    }

    public TwilioWhatsAppOptions Options { get; }

    public ITwilioRestClient Client { get; }

    public string AccountSid => Options.AccountSid!;

    /// <summary>
    /// Sends one request through the SDK's low-level API (auth, user agent and HTTP stay the SDK's) and returns the body of
    /// its 2xx answer unread, for the caller to parse with source-generated JSON.
    /// </summary>
    /// <exception cref="MessagingException">Twilio refused the request or could not be reached.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public Task<string> RequestAsync(TwilioRequest request, CancellationToken cancellationToken) =>
        InvokeAsync(async client => (await client.RequestAsync(request).ConfigureAwait(false)).Content ?? string.Empty, cancellationToken);

    /// <summary>Runs one SDK call with the caller's token and maps its failures to <see cref="MessagingException"/>.</summary>
    /// <exception cref="MessagingException">Twilio refused the request or could not be reached.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async Task<T> InvokeAsync<T>(Func<ITwilioRestClient, Task<T>> call, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var context = new TwilioCallContext(_redirectTo, cancellationToken);
        TwilioCallContext.Current = context;
        try
        {
            return await call(Client).ConfigureAwait(false);
        }
        catch (ApiException e)
        {
            throw TwilioErrorMapper.FromApi(e, context.LastStatus, context.RetryAfter, context.ErrorBody);
        }
        catch (ApiConnectionException e)
        {
            // The SDK wraps everything its transport throws, the caller's cancellation included: surface that as the
            // OperationCanceledException for the caller's token it is, never as a messaging failure.
            if (cancellationToken.IsCancellationRequested)
            {
                throw new OperationCanceledException("The Twilio request was cancelled.", FindCancellation(e) ?? (Exception)e, cancellationToken);
            }

            throw TwilioErrorMapper.FromConnection(e);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            // Not the caller's token: a timeout inside the transport, after the request may have left.
            throw TwilioErrorMapper.FromConnection(e);
        }
        catch (Newtonsoft.Json.JsonException e)
        {
            // A 2xx answer the SDK's resource parser cannot read: Twilio took the request, so what it asked for may have happened.
            throw new MessagingException(MessagingErrorCode.Unknown, $"Twilio's answer could not be read: {e.Message}", innerException: e) { MayHaveBeenSent = true };
        }
    }

    /// <summary>
    /// Fetches one page of a Twilio list resource: its records (each parsed by the SDK's <paramref name="fromJson"/>) and
    /// the next page's URL. Read directly rather than through the SDK's <c>ResourceSet</c>, which fetches later pages
    /// synchronously, and <c>Page.FromJson</c>, which throws on a page without full <c>meta</c>.
    /// </summary>
    public async Task<(List<T> Records, string? NextPageUrl)> ReadPageAsync<T>(TwilioRequest request, string recordKey, Func<string, T> fromJson, CancellationToken cancellationToken)
    {
        var content = await RequestAsync(request, cancellationToken).ConfigureAwait(false);
        try
        {
            using var document = JsonDocument.Parse(content);
            var records = new List<T>();
            if (document.RootElement.TryGetProperty(recordKey, out var array) && array.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in array.EnumerateArray())
                {
                    records.Add(fromJson(item.GetRawText()));
                }
            }

            var next = document.RootElement.TryGetProperty("meta", out var meta) && meta.ValueKind == JsonValueKind.Object &&
                meta.TryGetProperty("next_page_url", out var url) && url.ValueKind == JsonValueKind.String
                ? url.GetString()
                : null;
            return (records, string.IsNullOrEmpty(next) ? null : next);
        }
        catch (Exception e) when (e is JsonException or Newtonsoft.Json.JsonException)
        {
            throw new MessagingException(MessagingErrorCode.Unknown, $"Twilio's answer to {request.Method} {request.Uri?.AbsolutePath} could not be read: {e.Message}", innerException: e);
        }
    }

    private static OperationCanceledException? FindCancellation(Exception exception)
    {
        for (var e = exception.InnerException; e is not null; e = e.InnerException)
        {
            if (e is OperationCanceledException oce)
            {
                return oce;
            }
        }

        return null;
    }

    private static bool IsDefault(Uri baseUrl) =>
        Uri.Compare(baseUrl, TwilioWhatsAppOptions.DefaultApiBaseUrl, UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) == 0;
}
