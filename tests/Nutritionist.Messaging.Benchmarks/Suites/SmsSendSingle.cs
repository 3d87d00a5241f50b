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
    private RawAwsClient _raw = null!;
    private int _next;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        var server = Endpoints.Resolve();
        _provider = LibraryHost.Build(server);
        _library = _provider.GetRequiredService<IMessagingClient>();
        _raw = new RawAwsClient(server);
        await SendCheck.SameSmsBodyAsync(server, _library, _raw);
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        _raw.Dispose();
        await _provider.DisposeAsync();
    }

    [Benchmark(Baseline = true, Description = "raw HttpClient POST")]
    public Task<string> RawHttpClient() => _raw.SendAsync(Workload.Recipients[_next++ & 63]);

    [Benchmark(Description = "IMessagingClient (AWS)")]
    public Task<SendResult> Library() => LibraryHost.SendSmsAsync(_library, Workload.Recipients[_next++ & 63]);
}
