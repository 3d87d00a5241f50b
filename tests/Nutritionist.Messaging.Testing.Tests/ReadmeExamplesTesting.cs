using Microsoft.Extensions.DependencyInjection;

namespace Nutritionist.Messaging.Testing.Tests;

// The README's testing example, compiled and run.
public class ReadmeExamplesTesting
{
    [Test]
    public async Task Fakes_for_host_applications()
    {
        var services = new ServiceCollection();
        services.AddNutritionistMessaging(o => o.DefaultRegion = "US");
        services.AddNutritionistMessagingFakes(); // replaces IMessagingClient with a FakeMessagingClient
        using var provider = services.BuildServiceProvider();
        var fake = provider.GetRequiredService<FakeMessagingClient>()
            .ScriptRecipient("(415) 555-2671", MessagingErrorCode.OptedOut);

        await provider.GetRequiredService<IMessagingClient>().SendAsync(MessagingPlatform.Sms, "+14155552671", "Hi");

        Assert.That(fake.Sent.Single().Result.Error!.Code, Is.EqualTo(MessagingErrorCode.OptedOut));
    }
}
