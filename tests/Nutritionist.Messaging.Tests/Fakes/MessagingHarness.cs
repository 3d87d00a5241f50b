using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Nutritionist.Messaging.OptOut;

namespace Nutritionist.Messaging.Tests.Fakes;

/// <summary>A real DI container with the library registered and fake providers behind it.</summary>
internal sealed class MessagingHarness : IDisposable
{
    public MessagingHarness(Action<MessagingOptions>? configure = null, bool sms = true, bool whatsApp = true)
    {
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Trace).AddFakeLogging());
        var builder = services.AddNutritionistMessaging(o =>
        {
            o.DefaultRegion = "US";
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

        Services = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    public FakeSmsProvider Sms { get; } = new();

    public FakeWhatsAppProvider WhatsApp { get; } = new();

    public ServiceProvider Services { get; }

    public IMessagingClient Client => Services.GetRequiredService<IMessagingClient>();

    public IOptOutStore OptOuts => Services.GetRequiredService<IOptOutStore>();

    public FakeLogCollector Logs => Services.GetFakeLogCollector();

    public void Dispose() => Services.Dispose();
}
