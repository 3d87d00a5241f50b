using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Nutritionist.Messaging.Health;
using Nutritionist.Messaging.Testing.Shared;

namespace Nutritionist.Messaging.Tests.DependencyInjection;

/// <summary>
/// AddMessagingHealthChecks and AddNutritionistMessaging: the three overloads bind alike, and a second call registers
/// nothing twice.
/// </summary>
public class RegistrationShapeTests
{
    [Test]
    public void AddMessagingHealthChecks_binds_alike_through_every_overload_and_registers_once() =>
        new RegistrationShape<MessagingHealthCheckOptions, TimeSpan>
        {
            Name = "AddMessagingHealthChecks",
            DefaultSectionPath = MessagingHealthCheckOptions.SectionName,
            Key = nameof(MessagingHealthCheckOptions.CacheDuration),
            InDefaultSection = ("00:00:07", TimeSpan.FromSeconds(7)),
            InGivenSection = ("00:00:08", TimeSpan.FromSeconds(8)),
            InAction = TimeSpan.FromSeconds(9),
            Get = static o => o.CacheDuration,
            Set = static (o, v) => o.CacheDuration = v,
            None = static b => b.AddMessagingHealthChecks(),
            WithSection = static (b, s) => b.AddMessagingHealthChecks(s),
            WithAction = static (b, a) => b.AddMessagingHealthChecks(a),
        }.AssertShape(static (services, root) => root is null ? services.AddNutritionistMessaging() : services.AddNutritionistMessaging(root));

    [Test]
    public void AddNutritionistMessaging_binds_alike_through_every_overload_and_registers_once()
    {
        var root = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["NutritionistMessaging:DefaultRegion"] = "BR",
            ["NutritionistMessaging:Routing:Sms:Default"] = "aws-us",
        }).Build();
        var section = root.GetSection("NutritionistMessaging");

        static MessagingOptions Read(Action<IServiceCollection> register)
        {
            var services = new ServiceCollection();
            register(services);
            using var provider = services.BuildServiceProvider();
            return provider.GetRequiredService<IOptions<MessagingOptions>>().Value;
        }

        static List<string> Registrations(Action<IServiceCollection> register)
        {
            var services = new ServiceCollection();
            register(services);
            return services
                .Where(static d => !(d.ServiceType.IsConstructedGenericType && d.ServiceType.GenericTypeArguments[0].Name == "StartupValidatorOptions"))
                .Select(static d => $"{d.ServiceType} {d.ServiceKey} {d.ImplementationType}")
                .ToList();
        }

        Assert.Multiple(() =>
        {
            Assert.That(Read(s => s.AddNutritionistMessaging()).DefaultRegion, Is.EqualTo(new MessagingOptions().DefaultRegion), "none: the defaults");
            Assert.That(Read(s => s.AddNutritionistMessaging(section)).DefaultRegion, Is.EqualTo("BR"), "the section");
            Assert.That(Read(s => s.AddNutritionistMessaging(root)).DefaultRegion, Is.EqualTo("BR"), "the root: its NutritionistMessaging section");
            Assert.That(Read(s => s.AddNutritionistMessaging(o => o.DefaultRegion = "MX")).DefaultRegion, Is.EqualTo("MX"), "the action");
            Assert.That(
                Read(s => { s.AddNutritionistMessaging(section); s.AddNutritionistMessaging(o => o.DefaultRegion = "MX"); }).DefaultRegion,
                Is.EqualTo("MX"),
                "the action wins over the section");
            Assert.That(
                Registrations(s => { s.AddNutritionistMessaging(section); s.AddNutritionistMessaging(section); }),
                Is.EquivalentTo(Registrations(s => s.AddNutritionistMessaging(section))),
                "twice registers nothing twice (the section is bound once)");
        });
    }
}
