using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Nutritionist.Messaging.Delivery;
using Nutritionist.Messaging.Inbound;
using Nutritionist.Messaging.OptOut;

namespace Nutritionist.Messaging.Tests.Fakes;

/// <summary>A real DI container with the library registered and fake providers behind it.</summary>
internal sealed class MessagingHarness : IDisposable
{
    public MessagingHarness(Action<MessagingOptions>? configure = null, bool sms = true, bool whatsApp = true, Action<IMessagingBuilder>? build = null)
    {
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(Time);
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Trace).AddFakeLogging());
        services.AddMetrics();
        var builder = services.AddNutritionistMessaging(o =>
        {
            o.DefaultRegion = "US";

            // Most tests are not about the 24-hour window; the window tests turn it back on.
            o.EnforceWhatsAppSessionWindow = false;

            // Time is fake here; the reliability tests turn retries on and drive the clock themselves.
            o.Retry.MaxAttempts = 1;
            configure?.Invoke(o);
        });
        if (sms)
        {
            builder.AddSmsProvider(_ => Sms);
        }

        if (whatsApp)
        {
            builder.AddWhatsAppProvider(_ => WhatsApp);
        }

        build?.Invoke(builder);
        Services = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    public Microsoft.Extensions.Time.Testing.FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero));

    public FakeSmsProvider Sms { get; } = new();

    public FakeWhatsAppProvider WhatsApp { get; } = new();

    public ServiceProvider Services { get; }

    public IMessagingClient Client => Services.GetRequiredService<IMessagingClient>();

    public IOptOutStore OptOuts => Services.GetRequiredService<IOptOutStore>();

    public IInboundPipeline Inbound => Services.GetRequiredService<IInboundPipeline>();

    public IDeliveryTracker Tracker => Services.GetRequiredService<IDeliveryTracker>();

    public FakeLogCollector Logs => Services.GetFakeLogCollector();

    /// <summary>Sends while advancing the fake clock in small steps, so back-off delays and rate-limit waits elapse.</summary>
    public async Task<SendResult> SendAdvancingTimeAsync(OutboundMessage message, TimeSpan step = default)
    {
        var send = Client.SendAsync(message);
        while (!send.IsCompleted)
        {
            Time.Advance(step == default ? TimeSpan.FromMilliseconds(50) : step);
            await Task.Delay(1);
        }

        return await send;
    }

    public void Dispose() => Services.Dispose();
}
