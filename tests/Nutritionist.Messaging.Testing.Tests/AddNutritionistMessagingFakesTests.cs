using Microsoft.Extensions.DependencyInjection;
using Nutritionist.Messaging.Inbound;
using Nutritionist.Messaging.OptOut;

namespace Nutritionist.Messaging.Testing.Tests;

public class AddNutritionistMessagingFakesTests
{
    [Test]
    public async Task After_AddNutritionistMessaging_the_client_is_the_fake_and_the_rest_stays_real()
    {
        var services = new ServiceCollection();
        services.AddNutritionistMessaging(o =>
        {
            o.DefaultRegion = "US";
            o.DefaultPlatform = MessagingPlatform.WhatsApp;
        });
        services.AddNutritionistMessagingFakes();
        await using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });

        var client = provider.GetRequiredService<IMessagingClient>();
        var fake = provider.GetRequiredService<FakeMessagingClient>();
        Assert.That(client, Is.SameAs(fake));
        Assert.That(provider.GetServices<IMessagingClient>().Single(), Is.SameAs(fake), "the router is removed, not shadowed");

        // The application's configuration applies: national numbers read with region US, default platform WhatsApp.
        var result = await client.SendAsync(new OutboundMessage("(415) 555-2671", "Your meal plan is ready!"));
        Assert.That(result.Recipient, Is.EqualTo("+14155552671"));
        Assert.That(result.Platform, Is.EqualTo(MessagingPlatform.WhatsApp));
        Assert.That(fake.Sent.Single().Body, Is.EqualTo("Your meal plan is ready!"));

        Assert.That(provider.GetService<IOptOutStore>(), Is.Not.Null);
        Assert.That(provider.GetService<IInboundPipeline>(), Is.Not.Null);
    }

    [Test]
    public void Before_AddNutritionistMessaging_the_fake_still_wins()
    {
        var services = new ServiceCollection();
        services.AddNutritionistMessagingFakes();
        services.AddNutritionistMessaging();
        using var provider = services.BuildServiceProvider();

        Assert.That(provider.GetRequiredService<IMessagingClient>(), Is.SameAs(provider.GetRequiredService<FakeMessagingClient>()));
    }

    [Test]
    public async Task Without_the_library_registered_the_fake_works_on_its_own_and_calling_twice_is_harmless()
    {
        var services = new ServiceCollection();
        services.AddNutritionistMessagingFakes().AddNutritionistMessagingFakes();
        await using var provider = services.BuildServiceProvider();

        var fake = provider.GetRequiredService<FakeMessagingClient>();
        fake.ScriptPlatform(MessagingPlatform.Sms, MessagingErrorCode.QuotaExceeded);

        var result = await provider.GetRequiredService<IMessagingClient>().SendAsync(MessagingPlatform.Sms, "+14155552671", "hi");
        Assert.That(result.Error!.Code, Is.EqualTo(MessagingErrorCode.QuotaExceeded));
        Assert.That(provider.GetServices<IMessagingClient>().Count(), Is.EqualTo(1));
    }
}
