using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;

namespace Nutritionist.Messaging.Benchmarks.Suites;

/// <summary>
/// 64 SMS in flight at once (throughput): each invocation starts 64 sends and awaits them all; times are per message.
/// </summary>
[MemoryDiagnoser]
public class SmsSendConcurrent
{
    public const int Concurrency = 64;

    private ServiceProvider _provider = null!;
    private IMessagingClient _library = null!;
    private RawAwsClient _raw = null!;
    private readonly Task[] _tasks = new Task[Concurrency];

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

    [Benchmark(Baseline = true, OperationsPerInvoke = Concurrency, Description = "raw HttpClient POST ×64")]
    public Task RawHttpClient()
    {
        for (var i = 0; i < Concurrency; i++)
        {
            _tasks[i] = _raw.SendAsync(Workload.Recipients[i]);
        }

        return Task.WhenAll(_tasks);
    }

    [Benchmark(OperationsPerInvoke = Concurrency, Description = "IMessagingClient (AWS) ×64")]
    public Task Library()
    {
        for (var i = 0; i < Concurrency; i++)
        {
            _tasks[i] = LibraryHost.SendSmsAsync(_library, Workload.Recipients[i]);
        }

        return Task.WhenAll(_tasks);
    }
}
