using Twilio.Clients;
using Twilio.Http;
using Twilio.Rest.Api.V2010.Account;
using Twilio.Types;
using HttpClient = System.Net.Http.HttpClient;

namespace Nutritionist.Messaging.Benchmarks;

/// <summary>
/// The WhatsApp baseline: the Twilio SDK alone, <c>MessageResource.CreateAsync(..., client:)</c> on a
/// <see cref="TwilioRestClient"/> over <see cref="SystemNetHttpClient"/>. Its HttpClient has the handler the library
/// registers for Twilio (SocketsHttpHandler, 5-minute pooled connection lifetime) and a handler that sends
/// api.twilio.com requests to the loopback server, as the library's own redirect handler does.
/// </summary>
internal sealed class TwilioSdkClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly TwilioRestClient _client;

    public TwilioSdkClient(Uri server, HttpMessageHandler? primaryHandler = null)
    {
        var primary = primaryHandler ?? new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) };
        _http = new HttpClient(new RedirectHandler(server) { InnerHandler = primary });
        _client = new TwilioRestClient(LoopbackServer.TwilioAccountSid, LoopbackServer.TwilioAuthToken, accountSid: LoopbackServer.TwilioAccountSid, httpClient: new SystemNetHttpClient(_http))
        {
            LogLevel = null,
        };
    }

    public async Task<string> SendAsync(string to)
    {
        var message = await MessageResource.CreateAsync(
            to: new PhoneNumber("whatsapp:" + to),
            from: new PhoneNumber(LoopbackServer.TwilioFrom),
            body: Workload.Body,
            pathAccountSid: LoopbackServer.TwilioAccountSid,
            client: _client);
        return message.Sid ?? throw new InvalidOperationException("No SID in the answer.");
    }

    public void Dispose() => _http.Dispose();

    /// <summary>
    /// Keeps path and query, takes scheme, host and port from the loopback server. Like the library's handler, it keeps
    /// the last redirected URL (the SDK builds the same one for every message), so neither side pays a Uri parse per send.
    /// </summary>
    private sealed class RedirectHandler(Uri target) : DelegatingHandler
    {
        private volatile Tuple<string, Uri>? _last;

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var original = request.RequestUri!;
            var last = _last;
            if (last is null || !string.Equals(last.Item1, original.OriginalString, StringComparison.Ordinal))
            {
                last = Tuple.Create(original.OriginalString, new UriBuilder(original) { Scheme = target.Scheme, Host = target.Host, Port = target.Port }.Uri);
                _last = last;
            }

            request.RequestUri = last.Item2;
            return base.SendAsync(request, cancellationToken);
        }
    }
}
