using System.Text.Json;
using Twilio.Http;
using TwilioRequest = Twilio.Http.Request;

namespace Nutritionist.Messaging.Twilio.Internal;

/// <summary>
/// One configured Twilio account: its options, credentials and the SDK's HTTP transport over the named
/// <see cref="TwilioHttp.ClientName"/> client. Every request goes through <see cref="RequestAsync"/>, which forwards the
/// caller's token, applies <see cref="TwilioWhatsAppOptions.ApiBaseUrl"/> and classifies failures.
/// </summary>
/// <remarks>
/// <para>
/// The SDK builds the requests (<see cref="TwilioRequest"/>: hosts, paths, form encoding, basic auth, user agent) and
/// sends them; the answers are read here with source-generated System.Text.Json. The SDK's own answer handling
/// (<c>TwilioRestClient</c>'s error parsing, the resources' <c>FromJson</c>) uses Newtonsoft.Json by reflection, which is
/// not safe in a trimmed or Native AOT app, so no path of this package reaches it.
/// </para>
/// <para>
/// Thread-safe: the transport holds an <see cref="System.Net.Http.HttpClient"/> and the credentials are immutable. No
/// static SDK state is touched (never <c>TwilioClient.Init</c>), so any number of accounts live side by side.
/// </para>
/// </remarks>
internal sealed class TwilioAccount
{
    private readonly Uri? _redirectTo;
    private readonly SystemNetHttpClient _http;
    private readonly string _username;
    private readonly string _password;

    public TwilioAccount(TwilioWhatsAppOptions options, IHttpClientFactory httpClientFactory, string httpClientName = TwilioHttp.ClientName)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(httpClientFactory);
        Options = options;

        // One HttpClient for the life of the account. The factory's handler rotation does not reach a client held this
        // long, so the primary handler recycles its connections itself (PooledConnectionLifetime, set at registration).
        var http = httpClientFactory.CreateClient(httpClientName);
        http.Timeout = options.RequestTimeout;
        _http = new SystemNetHttpClient(http);

        var useApiKey = !string.IsNullOrEmpty(options.ApiKeySid) && !string.IsNullOrEmpty(options.ApiKeySecret);
        _username = useApiKey ? options.ApiKeySid! : options.AccountSid!;
        _password = useApiKey ? options.ApiKeySecret! : options.AuthToken!;

        _redirectTo = options.ApiBaseUrl is { } baseUrl && !IsDefault(baseUrl) ? baseUrl : null;
    }

    public TwilioWhatsAppOptions Options { get; }

    public string AccountSid => Options.AccountSid!;

    /// <summary>
    /// Sends one request with the account's credentials and returns the body of its 2xx (or 3xx) answer unread, for the
    /// caller to parse with source-generated JSON.
    /// </summary>
    /// <exception cref="MessagingException">Twilio refused the request or could not be reached.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async Task<string> RequestAsync(TwilioRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        cancellationToken.ThrowIfCancellationRequested();
        var context = new TwilioCallContext(_redirectTo, cancellationToken);
        TwilioCallContext.Current = context;
        request.SetAuth(_username, _password);

        Response response;
        try
        {
            response = await _http.MakeRequestAsync(request).ConfigureAwait(false);
        }
        catch (OperationCanceledException e) when (cancellationToken.IsCancellationRequested && e.CancellationToken == cancellationToken)
        {
            throw;
        }
        catch (Exception e) when (cancellationToken.IsCancellationRequested)
        {
            // A failure after the caller's token fired (the handler's linked token, a torn connection) is that
            // cancellation, not a messaging failure: reported with the caller's token.
            throw new OperationCanceledException("The Twilio request was cancelled.", e, cancellationToken);
        }
        catch (Exception e)
        {
            // Refused, unresolvable, failed TLS (not sent), or a failure or timeout after the request left (may have been sent).
            throw TwilioErrorMapper.FromConnection(e);
        }

        var status = (int)response.StatusCode;
        if (status is >= 200 and < 400)
        {
            return response.Content ?? string.Empty;
        }

        throw TwilioErrorMapper.FromResponse(status, response.Content, context.RetryAfter);
    }

    /// <summary>Sends one request and parses its answer as a JSON document.</summary>
    /// <exception cref="MessagingException">Twilio refused the request, could not be reached, or answered with something other than JSON.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async Task<JsonDocument> RequestJsonAsync(TwilioRequest request, CancellationToken cancellationToken)
    {
        var content = await RequestAsync(request, cancellationToken).ConfigureAwait(false);
        try
        {
            return JsonDocument.Parse(content);
        }
        catch (JsonException e)
        {
            throw new MessagingException(MessagingErrorCode.Unknown, $"Twilio's answer to {request.Method} {request.Uri?.AbsolutePath} could not be read: {e.Message}", innerException: e);
        }
    }

    /// <summary>
    /// Fetches one page of a Twilio list resource: its records (each read by <paramref name="read"/>) and the next page's
    /// URL. Read directly rather than through the SDK's <c>ResourceSet</c>, which fetches later pages synchronously and
    /// parses with Newtonsoft.Json.
    /// </summary>
    /// <exception cref="MessagingException">Twilio refused the request, could not be reached, or answered with something other than JSON.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async Task<(List<T> Records, string? NextPageUrl)> ReadPageAsync<T>(TwilioRequest request, string recordKey, Func<JsonElement, T> read, CancellationToken cancellationToken)
    {
        using var document = await RequestJsonAsync(request, cancellationToken).ConfigureAwait(false);
        var root = document.RootElement;
        var records = new List<T>();
        if (TwilioJson.Array(root, recordKey) is { } array)
        {
            foreach (var item in array.EnumerateArray().Where(static i => i.ValueKind == JsonValueKind.Object))
            {
                records.Add(read(item));
            }
        }

        var next = TwilioJson.Object(root, "meta") is { } meta ? TwilioJson.String(meta, "next_page_url") : null;
        return (records, string.IsNullOrEmpty(next) ? null : next);
    }

    private static bool IsDefault(Uri baseUrl) =>
        Uri.Compare(baseUrl, TwilioWhatsAppOptions.DefaultApiBaseUrl, UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) == 0;
}
