using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;

namespace Nutritionist.Messaging.Benchmarks.Suites;

/// <summary>
/// One SMS at a time (latency): <see cref="IMessagingClient.SendAsync"/> (router, AWS provider, SigV4, JSON) against a raw
/// HttpClient POST of the same JSON to the same loopback endpoint.
/// </summary>
[MemoryDiagnoser]
public class SmsSendSingle
{
    private ServiceProvider _provider = null!;
    private IMessagingClient _library = null!;
    private ServiceProvider _whatIfProvider = null!;
    private IMessagingClient _whatIf = null!;
    private RawAwsClient _raw = null!;
    private int _next;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        var server = Endpoints.Resolve();
        _provider = LibraryHost.Build(server);
        _library = _provider.GetRequiredService<IMessagingClient>();
        _whatIfProvider = LibraryHost.Build(server, LibraryHost.WithCountedTracker);
        _whatIf = _whatIfProvider.GetRequiredService<IMessagingClient>();
        await LibraryHost.SendSmsAsync(_whatIf, Workload.Recipients[0]);
        _raw = new RawAwsClient(server);
        await SendCheck.SameSmsBodyAsync(server, _library, _raw);
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        _raw.Dispose();
        await _provider.DisposeAsync();
        await _whatIfProvider.DisposeAsync();
    }

    [Benchmark(Baseline = true, Description = "raw HttpClient POST")]
    public Task<string> RawHttpClient() => _raw.SendAsync(Workload.Recipients[_next++ & 63]);

    [Benchmark(Description = "IMessagingClient (AWS)")]
    public Task<SendResult> Library() => LibraryHost.SendSmsAsync(_library, Workload.Recipients[_next++ & 63]);

    /// <summary>Not the library as shipped: the same, with the delivery-tracker fix proposed in RESULTS.md (see <see cref="CountedDeliveryTracker"/>).</summary>
    [Benchmark(Description = "what-if: IMessagingClient (AWS), counted tracker")]
    public Task<SendResult> LibraryWhatIfCountedTracker() => LibraryHost.SendSmsAsync(_whatIf, Workload.Recipients[_next++ & 63]);
}
