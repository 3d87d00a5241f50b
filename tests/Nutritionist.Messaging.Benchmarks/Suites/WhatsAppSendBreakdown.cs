using System.Net;
using System.Text;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Nutritionist.Messaging.Delivery;
using Nutritionist.Messaging.Twilio.Internal;

namespace Nutritionist.Messaging.Benchmarks.Suites;

/// <summary>
/// Profiling aid, not a target: the WhatsApp path with the network taken out. The Twilio SDK alone and the library
/// (with and without its default in-memory delivery tracker) talk to the same in-memory handler that answers like
/// Twilio (201, Message JSON). Baseline: the Twilio SDK alone.
/// </summary>
[MemoryDiagnoser]
public class WhatsAppSendBreakdown
{
    private static readonly Uri Endpoint = new("http://127.0.0.1:9/");

    private ServiceProvider _full = null!;
    private ServiceProvider _noTracker = null!;
    private IMessagingClient _fullClient = null!;
    private IMessagingClient _noTrackerClient = null!;
    private IWhatsAppProvider _provider = null!;
    private TwilioSdkClient _sdk = null!;
    private int _next;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _sdk = new TwilioSdkClient(Endpoint, new StubTwilioHandler());
        _full = LibraryHost.Build(Endpoint, StubHttp);
        _fullClient = _full.GetRequiredService<IMessagingClient>();
        _provider = _full.GetRequiredService<IWhatsAppProvider>();
        _noTracker = LibraryHost.Build(Endpoint, services =>
        {
            StubHttp(services);
            services.Replace(ServiceDescriptor.Singleton<IDeliveryTracker, SmsSendBreakdown.NoTracker>());
        });
        _noTrackerClient = _noTracker.GetRequiredService<IMessagingClient>();
        await _sdk.SendAsync(Workload.Recipients[0]);
        await LibraryHost.SendWhatsAppAsync(_fullClient, Workload.Recipients[0]);
        await LibraryHost.SendWhatsAppAsync(_noTrackerClient, Workload.Recipients[0]);
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        _sdk.Dispose();
        await _full.DisposeAsync();
        await _noTracker.DisposeAsync();
    }

    [Benchmark(Baseline = true, Description = "Twilio SDK alone, in-memory handler")]
    public Task<string> Sdk() => _sdk.SendAsync(Workload.Recipients[_next++ & 63]);

    [Benchmark(Description = "library, full")]
    public Task<SendResult> Library() => LibraryHost.SendWhatsAppAsync(_fullClient, Workload.Recipients[_next++ & 63]);

    [Benchmark(Description = "library, no tracker")]
    public Task<SendResult> LibraryNoTracker() => LibraryHost.SendWhatsAppAsync(_noTrackerClient, Workload.Recipients[_next++ & 63]);

    [Benchmark(Description = "Twilio provider alone (WhatsAppMessage → receipt)")]
    public Task<ProviderReceipt> ProviderOnly() => _provider.SendAsync(new WhatsAppMessage(Workload.Recipients[_next++ & 63], Workload.Body) { RegionCode = "US" });

    private static void StubHttp(IServiceCollection services) =>
        services.AddHttpClient(TwilioHttp.ClientName).ConfigurePrimaryHttpMessageHandler(static () => new StubTwilioHandler());

    /// <summary>Answers every request like Twilio's Messages API, after reading the form body as a server would.</summary>
    internal sealed class StubTwilioHandler : HttpMessageHandler
    {
        private long _ids;

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            _ = await request.Content!.ReadAsByteArrayAsync(cancellationToken);
            var sid = "SM" + Interlocked.Increment(ref _ids).ToString("D32", System.Globalization.CultureInfo.InvariantCulture);
            var content = new ByteArrayContent(Encoding.UTF8.GetBytes(LoopbackServer.TwilioMessageJson(sid)));
            content.Headers.ContentType = new("application/json");
            var response = new HttpResponseMessage(HttpStatusCode.Created) { Content = content, RequestMessage = request };

            // As Kestrel (and Twilio) send it: an unparsed Date header, as it arrives off the wire.
            response.Headers.TryAddWithoutValidation("Date", "Wed, 25 Nov 2026 12:00:00 GMT");
            return response;
        }
    }
}
