using System.Collections.Concurrent;
using System.Net;
using Amazon.SQS;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Nutritionist.Messaging.Aws.Inbound;
using Nutritionist.Messaging.Delivery;
using Nutritionist.Messaging.Inbound;
using Nutritionist.Messaging.OptOut;
using Nutritionist.Messaging.Testing.Shared;

namespace Nutritionist.Messaging.Aws.Tests.Inbound;

/// <summary>
/// A real container with the library, <c>AddAwsSmsInbound</c> (and <c>AddAwsSmsInboundPump</c> when <c>pump</c> or
/// <c>sqs</c> is given), a fake SMS provider and a stub certificate server.
/// </summary>
internal sealed class InboundHarness : IDisposable
{
    public InboundHarness(
        Action<SqsInboundOptions>? configure = null,
        IAmazonSQS? sqs = null,
        TimeProvider? time = null,
        Action<IMessagingBuilder>? build = null,
        IDictionary<string, string?>? configuration = null,
        Action<SqsPumpOptions>? pump = null)
    {
        var services = new ServiceCollection();
        if (time is not null)
        {
            services.AddSingleton(time);
        }

        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Trace).AddFakeLogging());
        IMessagingBuilder builder;
        if (configuration is not null)
        {
            var root = new ConfigurationBuilder().AddInMemoryCollection(configuration).Build();
            builder = services.AddNutritionistMessaging(root);
            services.Configure<MessagingOptions>(o => o.DefaultRegion = "US");
        }
        else
        {
            builder = services.AddNutritionistMessaging(o => o.DefaultRegion = "US");
        }

        builder.AddSmsProvider(_ => Sms);
        builder.AddAwsSmsInbound(configure ?? (static _ => { }));
        if (pump is not null || sqs is not null)
        {
            builder.AddAwsSmsInboundPump(pump ?? (static _ => { }));
        }

        build?.Invoke(builder);

        // The certificate downloads go through the real IHttpClientFactory client, ending at the stub.
        services.AddHttpClient(HttpSnsCertificateSource.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => Certificates);
        if (sqs is not null)
        {
            services.AddKeyedSingleton(SqsMessagePump.SqsClientKey, sqs);
        }

        Services = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    public FakeSmsProvider Sms { get; } = new();

    /// <summary>Serves <see cref="CertificatesByUrl"/>; 404 for anything else. Every request is recorded.</summary>
    public StubHttpHandler Certificates { get; } = new();

    public ConcurrentDictionary<string, string> CertificatesByUrl { get; } = new(StringComparer.Ordinal);

    public ServiceProvider Services { get; }

    public IMessagingClient Client => Services.GetRequiredService<IMessagingClient>();

    public IOptOutStore OptOuts => Services.GetRequiredService<IOptOutStore>();

    public IDeliveryTracker Tracker => Services.GetRequiredService<IDeliveryTracker>();

    public IInboundPipeline Pipeline => Services.GetRequiredService<IInboundPipeline>();

    public SqsInboundProcessor Processor => Services.GetRequiredService<SqsInboundProcessor>();

    public SnsMessageVerifier Verifier => Services.GetRequiredService<SnsMessageVerifier>();

    public SqsMessagePump Pump => Services.GetServices<IHostedService>().OfType<SqsMessagePump>().Single();

    public FakeLogCollector Logs => Services.GetFakeLogCollector();

    public InboundHarness Serve(string url, string pem)
    {
        CertificatesByUrl[url] = pem;
        Certificates.Respond = request =>
            request.Message.RequestUri is { } uri && CertificatesByUrl.TryGetValue(uri.AbsoluteUri, out var body)
                ? new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(body) }
                : new HttpResponseMessage(HttpStatusCode.NotFound);
        return this;
    }

    public void Dispose() => Services.Dispose();
}

/// <summary>A hand-written SMS provider: records every message and answers with <see cref="OnSend"/>.</summary>
internal sealed class FakeSmsProvider : ISmsProvider
{
    private int _sequence;

    public string Name => "fake-sms";

    public Func<SmsMessage, CancellationToken, Task<ProviderReceipt>>? OnSend { get; set; }

    public ConcurrentQueue<SmsMessage> Sent { get; } = new();

    public int Calls => Sent.Count;

    public Task<ProviderReceipt> SendAsync(SmsMessage message, CancellationToken cancellationToken = default)
    {
        Sent.Enqueue(message);
        return OnSend?.Invoke(message, cancellationToken)
            ?? Task.FromResult(new ProviderReceipt($"sms-{Interlocked.Increment(ref _sequence)}-{Guid.NewGuid():N}"));
    }
}

/// <summary>A hand-written inbound handler: records messages and runs <see cref="OnMessage"/>.</summary>
internal sealed class RecordingInboundHandler : IInboundMessageHandler
{
    public Func<InboundMessage, CancellationToken, Task>? OnMessage { get; set; }

    public ConcurrentQueue<InboundMessage> Received { get; } = new();

    public async Task HandleAsync(InboundMessage message, CancellationToken cancellationToken = default)
    {
        Received.Enqueue(message);
        if (OnMessage is not null)
        {
            await OnMessage(message, cancellationToken);
        }
    }
}
