using Microsoft.Extensions.DependencyInjection;

namespace Nutritionist.Messaging.Sandbox.Tests;

// The README's sandbox example, compiled and run.
public class ReadmeExamplesSandbox
{
    [Test]
    public async Task Sandbox()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddNutritionistMessaging(o => o.DefaultRegion = "US")
            .AddAwsSms()
            .AddTwilioWhatsApp()
            .UseSandbox(o => o.DeliveryDelay = TimeSpan.FromMilliseconds(200));
        using var provider = services.BuildServiceProvider();

        var sandbox = provider.GetRequiredService<SandboxState>();
        await sandbox.InjectInboundAsync(MessagingPlatform.WhatsApp, "+12065550142", "Hi coach!"); // opens the 24-hour window
        SendResult reply = await provider.GetRequiredService<IMessagingClient>()
            .SendAsync(MessagingPlatform.WhatsApp, "+12065550142", "Your meal plan is ready!");
        sandbox.Faults.Aws.ThrottlingRate = 0.2;                                                // for your own resilience tests

        Assert.That(reply.Status, Is.EqualTo(SendStatus.Accepted), reply.ToString());
        Assert.That(sandbox.Messages.Single(m => m.Platform == MessagingPlatform.WhatsApp).MessageId, Is.EqualTo(reply.MessageId));
    }

    // Compiled, not run here (LoopbackTests start servers): the README's one-liner.
    internal static async Task<Uri> ServerExample()
    {
        await using var server = await SandboxServer.StartAsync();
        return server.BaseAddress;
    }
}
