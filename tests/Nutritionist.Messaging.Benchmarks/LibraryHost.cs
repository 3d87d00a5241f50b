using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Nutritionist.Messaging.Delivery;

namespace Nutritionist.Messaging.Benchmarks;

/// <summary>
/// The library as an application configures it: <c>AddNutritionistMessaging().AddAwsSms().AddTwilioWhatsApp()</c> with
/// default reliability settings (retry, circuit breaker, delivery tracker, telemetry), options validated as the host
/// would at start-up, both providers pointed at the loopback server. HTTP handlers are the library's own registrations
/// (IHttpClientFactory's default primary handler for AWS; a SocketsHttpHandler with a 5-minute connection lifetime for
/// Twilio); the baselines use the same handler types and settings.
/// </summary>
internal static class LibraryHost
{
    /// <param name="server">Where both providers send.</param>
    /// <param name="customize">Changes to the registrations (profiling variants, stub handlers).</param>
    /// <param name="runningService">
    /// Whether to start from a running service's state: the default delivery tracker full (it grows its storage until it
    /// holds <see cref="InMemoryDeliveryTracker.DefaultCapacity"/> messages, and that one-time growth must not be
    /// averaged into a benchmark's per-send allocations). The cold-start mode passes <see langword="false"/>.
    /// </param>
    public static ServiceProvider Build(Uri server, Action<IServiceCollection>? customize = null, bool runningService = true)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddNutritionistMessaging(o =>
            {
                o.DefaultRegion = "US";

                // The WhatsApp benchmark sends free-form text to numbers that never wrote in; the window check would refuse them.
                o.EnforceWhatsAppSessionWindow = false;
            })
            .AddAwsSms(o =>
            {
                o.Region = "us-east-1";
                o.ServiceUrl = server;
                o.AccessKeyId = LoopbackServer.AwsAccessKeyId;
                o.SecretAccessKey = LoopbackServer.AwsSecretAccessKey;
                o.OriginationIdentities = [LoopbackServer.AwsPool];
            })
            .AddTwilioWhatsApp(o =>
            {
                o.AccountSid = LoopbackServer.TwilioAccountSid;
                o.AuthToken = LoopbackServer.TwilioAuthToken;
                o.From = LoopbackServer.TwilioFrom;
                o.ApiBaseUrl = server;
            });
        customize?.Invoke(services);
        var provider = services.BuildServiceProvider();

        // What the host does at start-up: ValidateOnStart options are checked here, not on the first send.
        provider.GetRequiredService<IStartupValidator>().Validate();
        if (runningService && provider.GetRequiredService<IDeliveryTracker>() is InMemoryDeliveryTracker tracker)
        {
            for (var i = 0; i < InMemoryDeliveryTracker.DefaultCapacity; i++)
            {
                var earlier = new SendResult { Status = SendStatus.Accepted, Platform = MessagingPlatform.Sms, MessageId = Guid.NewGuid().ToString("D"), Recipient = Workload.Recipients[i & 63] };
                tracker.RecordAcceptedAsync(earlier).AsTask().GetAwaiter().GetResult();
            }
        }

        return provider;
    }

    /// <summary>
    /// Profiling aid for <c>throughput --variant</c> (never the library as shipped): takes one per-send part out, so its
    /// cost under load can be read off against the full library in the same run.
    /// </summary>
    public static Action<IServiceCollection>? Variant(string? name) => name switch
    {
        null => null,
        "no-tracker" => static s => s.Replace(ServiceDescriptor.Singleton<IDeliveryTracker, Suites.SmsSendBreakdown.NoTracker>()),
        "no-breaker" => static s => s.Configure<MessagingOptions>(o => o.CircuitBreaker.Enabled = false),
        "no-retry" => static s => s.Configure<MessagingOptions>(o => o.Retry.MaxAttempts = 1),
        "no-resilience" => static s => s.Configure<MessagingOptions>(o =>
        {
            o.CircuitBreaker.Enabled = false;
            o.Retry.MaxAttempts = 1;
        }),
        // Everything optional off: what a library that only validates, routes, signs and sends would cost.
        "bare" => static s =>
        {
            s.Replace(ServiceDescriptor.Singleton<IDeliveryTracker, Suites.SmsSendBreakdown.NoTracker>());
            s.RemoveAll<Costs.IMessagingCostEstimator>();
            s.RemoveAll<Telemetry.MessagingInstrumentation>();
            s.RemoveAll<Telemetry.IMessagingStatistics>();
            s.Configure<MessagingOptions>(o =>
            {
                o.CircuitBreaker.Enabled = false;
                o.Retry.MaxAttempts = 1;
            });
        },
        _ => throw new ArgumentException($"Unknown variant '{name}': no-tracker, no-breaker, no-retry, no-resilience, bare."),
    };

    public static async Task<SendResult> SendSmsAsync(IMessagingClient client, string to)
    {
        var result = await client.SendAsync(new OutboundMessage(to, Workload.Body) { Platform = MessagingPlatform.Sms });
        return result.IsSuccess ? result : throw new InvalidOperationException($"Library SMS send failed: {result.Status} {result.Error?.Code} {result.Error?.Message}");
    }

    public static async Task<SendResult> SendWhatsAppAsync(IMessagingClient client, string to)
    {
        var result = await client.SendAsync(new OutboundMessage(to, Workload.Body) { Platform = MessagingPlatform.WhatsApp });
        return result.IsSuccess ? result : throw new InvalidOperationException($"Library WhatsApp send failed: {result.Status} {result.Error?.Code} {result.Error?.Message}");
    }
}
