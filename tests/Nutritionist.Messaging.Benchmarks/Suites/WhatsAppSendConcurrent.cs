using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;

namespace Nutritionist.Messaging.Benchmarks.Suites;

/// <summary>64 WhatsApp messages in flight at once; times are per message.</summary>
[MemoryDiagnoser]
public class WhatsAppSendConcurrent
{
    public const int Concurrency = 64;

    private readonly Task[] _tasks = new Task[Concurrency];
    private ServiceProvider _provider = null!;
    private IMessagingClient _library = null!;
    private TwilioSdkClient _sdk = null!;

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

    [Benchmark(Baseline = true, OperationsPerInvoke = Concurrency, Description = "Twilio SDK CreateAsync ×64")]
    public Task TwilioSdk()
    {
        for (var i = 0; i < Concurrency; i++)
        {
            _tasks[i] = _sdk.SendAsync(Workload.Recipients[i]);
        }

        return Task.WhenAll(_tasks);
    }

    [Benchmark(OperationsPerInvoke = Concurrency, Description = "IMessagingClient (Twilio) ×64")]
    public Task Library()
    {
        for (var i = 0; i < Concurrency; i++)
        {
            _tasks[i] = LibraryHost.SendWhatsAppAsync(_library, Workload.Recipients[i]);
        }

        return Task.WhenAll(_tasks);
    }
}
