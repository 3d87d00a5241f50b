using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;
using Nutritionist.Messaging.Aws.Wire;
using Nutritionist.Messaging.Twilio.Internal;

namespace Nutritionist.Messaging.Benchmarks.Suites;

/// <summary>
/// Issue 15 targets, SMS, in memory: one send through <see cref="IMessagingClient"/> against the physical limit (a raw
/// POST of the same request, signed with SigV4 by hand: the baseline) and against what a user would pick instead (the
/// AWS SDK for .NET making one JSON-protocol SigV4 call of the same size, SQS SendMessage). All three talk to the same
/// in-memory handler type, which answers like AWS; no socket is used.
/// </summary>
[MemoryDiagnoser]
public class SmsSendVsSdks
{
    private static readonly Uri Endpoint = new("http://127.0.0.1:9/");

    private ServiceProvider _provider = null!;
    private IMessagingClient _library = null!;
    private RawAwsClient _raw = null!;
    private AwsSdkClient _sdk = null!;
    private int _next;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        HandSigV4.CheckAgainstVector();
        Console.WriteLine(await SendCheck.AwsSdkRequestAsync());
        _raw = new RawAwsClient(Endpoint, new SmsSendBreakdown.StubAwsHandler()) { Sign = true };
        _sdk = new AwsSdkClient(Endpoint, new SmsSendBreakdown.StubAwsHandler());
        _provider = LibraryHost.Build(Endpoint, static services =>
            services.AddHttpClient(SmsVoiceClient.HttpClientName).ConfigurePrimaryHttpMessageHandler(static () => new SmsSendBreakdown.StubAwsHandler()));
        _library = _provider.GetRequiredService<IMessagingClient>();
        await _raw.SendAsync(Workload.Recipients[0]);
        await _sdk.SendAsync();
        await LibraryHost.SendSmsAsync(_library, Workload.Recipients[0]);
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        _raw.Dispose();
        _sdk.Dispose();
        await _provider.DisposeAsync();
    }

    [Benchmark(Baseline = true, Description = "raw POST, SigV4 by hand")]
    public Task<string> RawSigned() => _raw.SendAsync(Workload.Recipients[_next++ & 63]);

    [Benchmark(Description = "AWS SDK SendMessage (SQS, AWS JSON 1.0)")]
    public Task<string> AwsSdk() => _sdk.SendAsync();

    [Benchmark(Description = "IMessagingClient SMS")]
    public Task<SendResult> Library() => LibraryHost.SendSmsAsync(_library, Workload.Recipients[_next++ & 63]);
}

/// <summary>
/// Issue 15 targets, WhatsApp, in memory: one send through <see cref="IMessagingClient"/> against the Twilio SDK's
/// <c>MessageResource.CreateAsync</c> (the baseline) and against a raw POST with Basic authentication (the physical
/// limit), all over the same in-memory handler type that answers like Twilio.
/// </summary>
[MemoryDiagnoser]
public class WhatsAppSendVsSdk
{
    private static readonly Uri Endpoint = new("http://127.0.0.1:9/");

    private ServiceProvider _provider = null!;
    private IMessagingClient _library = null!;
    private TwilioSdkClient _sdk = null!;
    private RawTwilioClient _raw = null!;
    private int _next;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _sdk = new TwilioSdkClient(Endpoint, new WhatsAppSendBreakdown.StubTwilioHandler());
        _raw = new RawTwilioClient(Endpoint, new WhatsAppSendBreakdown.StubTwilioHandler());
        _provider = LibraryHost.Build(Endpoint, static services =>
            services.AddHttpClient(TwilioHttp.ClientName).ConfigurePrimaryHttpMessageHandler(static () => new WhatsAppSendBreakdown.StubTwilioHandler()));
        _library = _provider.GetRequiredService<IMessagingClient>();
        await _sdk.SendAsync(Workload.Recipients[0]);
        await _raw.SendAsync(Workload.Recipients[0]);
        await LibraryHost.SendWhatsAppAsync(_library, Workload.Recipients[0]);
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        _sdk.Dispose();
        _raw.Dispose();
        await _provider.DisposeAsync();
    }

    [Benchmark(Baseline = true, Description = "Twilio SDK MessageResource.CreateAsync")]
    public Task<string> TwilioSdk() => _sdk.SendAsync(Workload.Recipients[_next++ & 63]);

    [Benchmark(Description = "raw POST, Basic auth")]
    public Task<string> RawBasicAuth() => _raw.SendAsync(Workload.Recipients[_next++ & 63]);

    [Benchmark(Description = "IMessagingClient WhatsApp")]
    public Task<SendResult> Library() => LibraryHost.SendWhatsAppAsync(_library, Workload.Recipients[_next++ & 63]);
}
