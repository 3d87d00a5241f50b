using System.Net;
using System.Text;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Nutritionist.Messaging.Aws.Wire;
using Nutritionist.Messaging.Costs;
using Nutritionist.Messaging.Delivery;
using Nutritionist.Messaging.Telemetry;

namespace Nutritionist.Messaging.Benchmarks.Suites;

/// <summary>
/// Profiling aid, not a target: where the library's CPU and allocations per SMS go, with the network taken out. Every
/// variant talks to the same in-memory handler that answers like AWS, so only client-side work is left.
/// Baseline: the raw client over that handler.
/// </summary>
[MemoryDiagnoser]
public class SmsSendBreakdown
{
    private static readonly Uri Endpoint = new("http://127.0.0.1:9/");

    private ServiceProvider _full = null!;
    private ServiceProvider _lean = null!;
    private ServiceProvider _routerOnly = null!;
    private ServiceProvider _noTracker = null!;
    private IMessagingClient _noTrackerClient = null!;
    private ServiceProvider _noResilience = null!;
    private IMessagingClient _noResilienceClient = null!;
    private IMessagingClient _fullClient = null!;
    private IMessagingClient _leanClient = null!;
    private IMessagingClient _routerOnlyClient = null!;
    private ISmsProvider _provider = null!;
    private IHttpClientFactory _factory = null!;
    private RawAwsClient _raw = null!;
    private RawAwsClient _rawYielding = null!;
    private ServiceProvider _yielding = null!;
    private IMessagingClient _yieldingClient = null!;
    private int _next;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _raw = new RawAwsClient(Endpoint, new StubAwsHandler());
        _rawYielding = new RawAwsClient(Endpoint, new StubAwsHandler { Yield = true });

        // The handler answers after a thread-pool hop, as a socket does: every async layer above it suspends and resumes.
        _yielding = LibraryHost.Build(Endpoint, static services =>
            services.AddHttpClient(SmsVoiceClient.HttpClientName).ConfigurePrimaryHttpMessageHandler(static () => new StubAwsHandler { Yield = true }));
        _yieldingClient = _yielding.GetRequiredService<IMessagingClient>();
        _full = LibraryHost.Build(Endpoint, StubHttp);
        _fullClient = _full.GetRequiredService<IMessagingClient>();
        _provider = _full.GetRequiredService<ISmsProvider>();
        _factory = _full.GetRequiredService<IHttpClientFactory>();

        // Same, without the per-send extras that are on by default: delivery tracker, cost estimate, metrics.
        _lean = LibraryHost.Build(Endpoint, services =>
        {
            StubHttp(services);
            services.Replace(ServiceDescriptor.Singleton<IDeliveryTracker, NoTracker>());
            services.RemoveAll<IMessagingCostEstimator>();
            services.RemoveAll<MessagingInstrumentation>();
            services.RemoveAll<IMessagingStatistics>();
        });
        _leanClient = _lean.GetRequiredService<IMessagingClient>();

        // Full, but for the delivery tracker.
        _noTracker = LibraryHost.Build(Endpoint, services =>
        {
            StubHttp(services);
            services.Replace(ServiceDescriptor.Singleton<IDeliveryTracker, NoTracker>());
        });
        _noTrackerClient = _noTracker.GetRequiredService<IMessagingClient>();

        // Full, but with retry and circuit breaker off: what the Polly pipeline costs per send.
        _noResilience = LibraryHost.Build(Endpoint, services =>
        {
            StubHttp(services);
            LibraryHost.Variant("no-resilience")!(services);
        });
        _noResilienceClient = _noResilience.GetRequiredService<IMessagingClient>();

        // The router and its pipeline over a provider that answers at once: the cost above the AWS provider.
        _routerOnly = LibraryHost.Build(Endpoint, services =>
        {
            services.RemoveAll<ISmsProvider>();
            services.AddSingleton<ISmsProvider, InstantProvider>();
        });
        _routerOnlyClient = _routerOnly.GetRequiredService<IMessagingClient>();

        await LibraryHost.SendSmsAsync(_fullClient, Workload.Recipients[0]);
        await LibraryHost.SendSmsAsync(_leanClient, Workload.Recipients[0]);
        await LibraryHost.SendSmsAsync(_routerOnlyClient, Workload.Recipients[0]);
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        _raw.Dispose();
        _rawYielding.Dispose();
        await _yielding.DisposeAsync();
        await _full.DisposeAsync();
        await _lean.DisposeAsync();
        await _routerOnly.DisposeAsync();
        await _noTracker.DisposeAsync();
        await _noResilience.DisposeAsync();
    }

    [Benchmark(Baseline = true, Description = "raw client, in-memory handler")]
    public Task<string> Raw() => _raw.SendAsync(Workload.Recipients[_next++ & 63]);

    [Benchmark(Description = "raw client via IHttpClientFactory named client")]
    public async Task<string> RawViaFactory()
    {
        var http = _factory.CreateClient(SmsVoiceClient.HttpClientName);
        return await RawAwsClient.SendAsync(http, Endpoint, Workload.Recipients[_next++ & 63]);
    }

    [Benchmark(Description = "library, full")]
    public Task<SendResult> Library() => LibraryHost.SendSmsAsync(_fullClient, Workload.Recipients[_next++ & 63]);

    [Benchmark(Description = "raw client, handler that answers after a thread-pool hop")]
    public Task<string> RawYielding() => _rawYielding.SendAsync(Workload.Recipients[_next++ & 63]);

    [Benchmark(Description = "library, full, handler that answers after a thread-pool hop")]
    public Task<SendResult> LibraryYielding() => LibraryHost.SendSmsAsync(_yieldingClient, Workload.Recipients[_next++ & 63]);

    [Benchmark(Description = "library, no tracker/cost/metrics")]
    public Task<SendResult> LibraryLean() => LibraryHost.SendSmsAsync(_leanClient, Workload.Recipients[_next++ & 63]);

    [Benchmark(Description = "library, no tracker")]
    public Task<SendResult> LibraryNoTracker() => LibraryHost.SendSmsAsync(_noTrackerClient, Workload.Recipients[_next++ & 63]);

    [Benchmark(Description = "library, no retry/circuit breaker")]
    public Task<SendResult> LibraryNoResilience() => LibraryHost.SendSmsAsync(_noResilienceClient, Workload.Recipients[_next++ & 63]);

    [Benchmark(Description = "AWS provider alone (SmsMessage → receipt)")]
    public Task<ProviderReceipt> ProviderOnly() =>
        _provider.SendAsync(new SmsMessage(Workload.Recipients[_next++ & 63], Workload.Body) { RegionCode = "US" });

    [Benchmark(Description = "router over an instant provider")]
    public Task<SendResult> RouterOnly() => LibraryHost.SendSmsAsync(_routerOnlyClient, Workload.Recipients[_next++ & 63]);

    private static void StubHttp(IServiceCollection services) =>
        services.AddHttpClient(SmsVoiceClient.HttpClientName).ConfigurePrimaryHttpMessageHandler(static () => new StubAwsHandler());

    /// <summary>
    /// Answers every request like AWS SendTextMessage (or, for <c>X-Amz-Target: AmazonSQS.SendMessage</c>, like SQS
    /// SendMessage, for the AWS SDK baseline), after reading the body as a server would.
    /// </summary>
    internal sealed class StubAwsHandler : HttpMessageHandler
    {
        private long _ids;

        /// <summary>Whether to answer after a thread-pool hop (as a socket completes) rather than at once.</summary>
        public bool Yield { get; init; }

        /// <summary>Set-up checks: shown each request and its body before it is answered.</summary>
        public Action<HttpRequestMessage, byte[]>? Inspect { get; set; }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var body = await request.Content!.ReadAsByteArrayAsync(cancellationToken);
            Inspect?.Invoke(request, body);
            if (Yield)
            {
                await Task.Yield();
            }

            var id = Interlocked.Increment(ref _ids);
            var sqs = request.Headers.TryGetValues("X-Amz-Target", out var targets) && targets.Contains(AwsSdkClient.Target);
            var content = new ByteArrayContent(sqs
                ? AwsSdkClient.SendMessageAnswer(body, id)
                : Encoding.UTF8.GetBytes($$"""{"MessageId":"00000000-0000-4000-8000-{{id:D12}}"}"""));
            content.Headers.ContentType = new("application/x-amz-json-1.0");
            return new HttpResponseMessage(HttpStatusCode.OK) { Content = content, RequestMessage = request };
        }
    }

    internal sealed class InstantProvider : ISmsProvider
    {
        private long _ids;

        public string Name => "instant";

        public Task<ProviderReceipt> SendAsync(SmsMessage message, CancellationToken cancellationToken = default) =>
            Task.FromResult(new ProviderReceipt("instant-" + Interlocked.Increment(ref _ids).ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }

    internal sealed class NoTracker : IDeliveryTracker
    {
        public ValueTask RecordAcceptedAsync(SendResult result, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

        public ValueTask<bool> ApplyAsync(DeliveryStatusUpdate update, CancellationToken cancellationToken = default) => ValueTask.FromResult(false);

        public ValueTask<DeliveryRecord?> GetAsync(string messageId, CancellationToken cancellationToken = default) => ValueTask.FromResult<DeliveryRecord?>(null);

        public DeliveryStatistics GetStatistics() => new(new Dictionary<MessagingPlatform, IReadOnlyDictionary<DeliveryStatus, int>>());
    }
}
