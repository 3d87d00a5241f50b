using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Nutritionist.Messaging.OptOut;
using Nutritionist.Messaging.PhoneNumbers;
using Nutritionist.Messaging.Tests.Fakes;

namespace Nutritionist.Messaging.Tests.DependencyInjection;

public class AddNutritionistMessagingTests
{
    [Test]
    public async Task An_in_memory_configuration_resolves_a_working_client()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["NutritionistMessaging:DefaultRegion"] = "GB",
            ["NutritionistMessaging:DefaultPlatform"] = "WhatsApp",
            ["NutritionistMessaging:EnforceWhatsAppSessionWindow"] = "false",
        }).Build();
        var whatsApp = new FakeWhatsAppProvider();
        var services = new ServiceCollection();
        var builder = services.AddNutritionistMessaging(configuration).AddWhatsAppProvider(_ => whatsApp);
        using var provider = services.BuildServiceProvider(validateScopes: true);

        var result = await provider.GetRequiredService<IMessagingClient>().SendAsync(new OutboundMessage("07400 123456", "Your meal plan is ready!"));

        Assert.That(result.Status, Is.EqualTo(SendStatus.Accepted));
        Assert.That(result.Platform, Is.EqualTo(MessagingPlatform.WhatsApp));
        Assert.That(whatsApp.Sent.Single().To, Is.EqualTo("+447400123456"));
        Assert.That(builder.Configuration!["DefaultRegion"], Is.EqualTo("GB"), "providers bind their sub-sections from here");
    }

    [Test]
    public void An_invalid_setting_fails_at_start_with_a_message_naming_it()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["NutritionistMessaging:DefaultRegion"] = "XX",
            ["NutritionistMessaging:PhoneNumberCacheSize"] = "0",
        }).Build();
        var host = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        host.Services.AddNutritionistMessaging(configuration);
        using var app = host.Build();

        var e = Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync())!;

        Assert.That(e.Message, Does.Contain("NutritionistMessaging:DefaultRegion").And.Contain("'XX'"));
        Assert.That(e.Failures, Has.Some.Contains("PhoneNumberCacheSize"));
    }

    [Test]
    public void An_unreadable_enum_value_fails_with_the_setting_named()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["NutritionistMessaging:DefaultPlatform"] = "Telegram",
        }).Build();
        var services = new ServiceCollection();
        services.AddNutritionistMessaging(configuration);
        using var provider = services.BuildServiceProvider();

        var e = Assert.Throws<InvalidOperationException>(() => _ = provider.GetRequiredService<IOptions<MessagingOptions>>().Value)!;

        Assert.That(e.Message, Does.Contain("DefaultPlatform").Or.Contain("Telegram"));
    }

    [Test]
    public async Task Options_from_a_delegate_are_applied()
    {
        var sms = new FakeSmsProvider();
        var services = new ServiceCollection();
        services.AddNutritionistMessaging(o => o.DefaultRegion = "DE").AddSmsProvider(_ => sms);
        using var provider = services.BuildServiceProvider();

        var result = await provider.GetRequiredService<IMessagingClient>().SendAsync(MessagingPlatform.Sms, "01512 3456789", "Hallo");

        Assert.That(result.Recipient, Is.EqualTo("+4915123456789"));
        Assert.That(provider.GetRequiredService<IPhoneNumberNormalizer>(), Is.InstanceOf<PhoneNumberNormalizer>());
    }

    [Test]
    public async Task A_second_provider_for_the_same_platform_replaces_the_first()
    {
        var first = new FakeSmsProvider { Name = "first" };
        var second = new FakeSmsProvider { Name = "second" };
        var services = new ServiceCollection();
        services.AddNutritionistMessaging().AddSmsProvider(_ => first).AddSmsProvider(_ => second);
        using var provider = services.BuildServiceProvider();

        var result = await provider.GetRequiredService<IMessagingClient>().SendAsync(MessagingPlatform.Sms, "+12015550123", "Hi");

        Assert.That(result.ProviderName, Is.EqualTo("second"));
        Assert.That(first.Calls, Is.Zero);
        Assert.That(services.Count(d => d.ServiceType == typeof(ISmsProvider)), Is.EqualTo(1));
    }

    [Test]
    public async Task A_provider_type_registered_by_type_replaces_a_factory_registration()
    {
        var services = new ServiceCollection();
        services.AddNutritionistMessaging(o => o.EnforceWhatsAppSessionWindow = false).AddWhatsAppProvider(_ => new FakeWhatsAppProvider { Name = "factory" }).AddWhatsAppProvider<FakeWhatsAppProvider>();
        using var provider = services.BuildServiceProvider();

        var result = await provider.GetRequiredService<IMessagingClient>().SendAsync(MessagingPlatform.WhatsApp, "+12015550123", "Hi");

        Assert.That(result.ProviderName, Is.EqualTo("fake-whatsapp"));
    }

    [Test]
    public void A_custom_opt_out_store_replaces_the_in_memory_one_and_the_client_is_a_singleton()
    {
        var services = new ServiceCollection();
        services.AddNutritionistMessaging().UseOptOutStore<RecordingOptOutStore>();
        using var provider = services.BuildServiceProvider();

        Assert.That(provider.GetRequiredService<IOptOutStore>(), Is.InstanceOf<RecordingOptOutStore>());
        Assert.That(provider.GetRequiredService<IMessagingClient>(), Is.SameAs(provider.GetRequiredService<IMessagingClient>()));
    }

    [Test]
    public void Calling_AddNutritionistMessaging_twice_registers_the_client_once()
    {
        var services = new ServiceCollection();
        services.AddNutritionistMessaging();
        services.AddNutritionistMessaging(o => o.DefaultRegion = "US");

        Assert.That(services.Count(d => d.ServiceType == typeof(IMessagingClient)), Is.EqualTo(1));
        Assert.That(services.Count(d => d.ServiceType == typeof(IValidateOptions<MessagingOptions>)), Is.EqualTo(2));
    }

    [Test]
    public void Null_arguments_throw()
    {
        Assert.That(() => ((IServiceCollection)null!).AddNutritionistMessaging(), Throws.ArgumentNullException);
        Assert.That(() => new ServiceCollection().AddNutritionistMessaging((IConfiguration)null!), Throws.ArgumentNullException.With.Property("ParamName").EqualTo("configuration"));
        Assert.That(() => new ServiceCollection().AddNutritionistMessaging().AddSmsProvider(null!), Throws.ArgumentNullException.With.Property("ParamName").EqualTo("factory"));
    }

    private sealed class RecordingOptOutStore : IOptOutStore
    {
        public ValueTask<bool> IsOptedOutAsync(string phoneNumber, MessagingPlatform platform, CancellationToken cancellationToken = default) => ValueTask.FromResult(false);

        public ValueTask OptOutAsync(string phoneNumber, MessagingPlatform? platform = null, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

        public ValueTask OptInAsync(string phoneNumber, MessagingPlatform? platform = null, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;
    }
}
