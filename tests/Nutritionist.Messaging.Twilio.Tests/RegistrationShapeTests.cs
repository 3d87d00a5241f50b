using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Nutritionist.Messaging.Testing.Shared;

namespace Nutritionist.Messaging.Twilio.Tests;

/// <summary>AddTwilioWhatsApp, unnamed and named: the three overloads bind alike, and a second call registers nothing twice.</summary>
public class RegistrationShapeTests
{
    private static IMessagingBuilder Create(IServiceCollection services, IConfiguration? root) =>
        root is null ? services.AddNutritionistMessaging() : services.AddNutritionistMessaging(root);

    private static RegistrationShape<TwilioWhatsAppOptions, TimeSpan> Shape(string name, string? providerName, string sectionPath) => new()
    {
        Name = name,
        OptionsName = providerName ?? Microsoft.Extensions.Options.Options.DefaultName,
        DefaultSectionPath = sectionPath,
        Key = nameof(TwilioWhatsAppOptions.RequestTimeout),
        InDefaultSection = ("00:00:07", TimeSpan.FromSeconds(7)),
        InGivenSection = ("00:00:08", TimeSpan.FromSeconds(8)),
        InAction = TimeSpan.FromSeconds(9),
        Get = static o => o.RequestTimeout,
        Set = static (o, v) => o.RequestTimeout = v,
        None = b => _ = providerName is null ? b.AddTwilioWhatsApp() : b.AddTwilioWhatsApp(providerName),
        WithSection = (b, s) => _ = providerName is null ? b.AddTwilioWhatsApp(s) : b.AddTwilioWhatsApp(providerName, s),
        WithAction = (b, a) => _ = providerName is null ? b.AddTwilioWhatsApp(a) : b.AddTwilioWhatsApp(providerName, a),
    };

    [Test]
    public void AddTwilioWhatsApp_binds_alike_through_every_overload_and_registers_once() =>
        Shape("AddTwilioWhatsApp", null, TwilioWhatsAppOptions.SectionName).AssertShape(Create);

    [Test]
    public void Named_AddTwilioWhatsApp_binds_alike_through_every_overload_and_registers_once() =>
        Shape("AddTwilioWhatsApp(\"twilio-eu\")", "twilio-eu", "Providers:twilio-eu").AssertShape(Create);
}
