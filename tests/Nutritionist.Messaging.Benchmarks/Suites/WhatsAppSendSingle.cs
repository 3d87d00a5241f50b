using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;

namespace Nutritionist.Messaging.Benchmarks.Suites;

/// <summary>
/// One WhatsApp message at a time: <see cref="IMessagingClient.SendAsync"/> (router, Twilio provider, SDK) against the
/// Twilio SDK's own <c>MessageResource.CreateAsync</c> to the same loopback endpoint. The library runs with
/// <see cref="MessagingOptions.EnforceWhatsAppSessionWindow"/> off (see <see cref="LibraryHost"/>).
/// </summary>
[MemoryDiagnoser]
public class WhatsAppSendSingle
{
    private ServiceProvider _provider = null!;
    private IMessagingClient _library = null!;
    private TwilioSdkClient _sdk = null!;
    private int _next;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        var server = Endpoints.Resolve();
        _provider = LibraryHost.Build(server);
        _library = _provider.GetRequiredService<IMessagingClient>();
        _sdk = new TwilioSdkClient(server);
        await LibraryHost.SendWhatsAppAsync(_library, Workload.Recipients[0]);
        await _sdk.SendAsync(Workload.Recipients[0]);
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        _sdk.Dispose();
        await _provider.DisposeAsync();
    }

    [Benchmark(Baseline = true, Description = "Twilio SDK MessageResource.CreateAsync")]
    public Task<string> TwilioSdk() => _sdk.SendAsync(Workload.Recipients[_next++ & 63]);

    [Benchmark(Description = "IMessagingClient (Twilio)")]
    public Task<SendResult> Library() => LibraryHost.SendWhatsAppAsync(_library, Workload.Recipients[_next++ & 63]);
}
