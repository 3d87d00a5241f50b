using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Nutritionist.Messaging.Testing.Shared;

namespace Nutritionist.Messaging.Meta.Tests;

/// <summary>AddMetaWhatsApp, unnamed and named: the three overloads bind alike, and a second call registers nothing twice.</summary>
public class RegistrationShapeTests
{
    private static IMessagingBuilder Create(IServiceCollection services, IConfiguration? root) =>
        root is null ? services.AddNutritionistMessaging() : services.AddNutritionistMessaging(root);

    private static RegistrationShape<MetaWhatsAppOptions, TimeSpan> Shape(string name, string? providerName, string sectionPath) => new()
    {
        Name = name,
        OptionsName = providerName ?? Microsoft.Extensions.Options.Options.DefaultName,
        DefaultSectionPath = sectionPath,
        Key = nameof(MetaWhatsAppOptions.RequestTimeout),
        InDefaultSection = ("00:00:07", TimeSpan.FromSeconds(7)),
        InGivenSection = ("00:00:08", TimeSpan.FromSeconds(8)),
        InAction = TimeSpan.FromSeconds(9),
        Get = static o => o.RequestTimeout,
        Set = static (o, v) => o.RequestTimeout = v,
        None = b => _ = providerName is null ? b.AddMetaWhatsApp() : b.AddMetaWhatsApp(providerName),
        WithSection = (b, s) => _ = providerName is null ? b.AddMetaWhatsApp(s) : b.AddMetaWhatsApp(providerName, s),
        WithAction = (b, a) => _ = providerName is null ? b.AddMetaWhatsApp(a) : b.AddMetaWhatsApp(providerName, a),
    };

    [Test]
    public void AddMetaWhatsApp_binds_alike_through_every_overload_and_registers_once() =>
        Shape("AddMetaWhatsApp", null, MetaWhatsAppOptions.SectionName).AssertShape(Create);

    [Test]
    public void Named_AddMetaWhatsApp_binds_alike_through_every_overload_and_registers_once() =>
        Shape("AddMetaWhatsApp(\"meta-br\")", "meta-br", "Providers:meta-br").AssertShape(Create);
}
