using Microsoft.Extensions.DependencyInjection;

namespace Nutritionist.Messaging.Sandbox.Tests;

// The README's sandbox example, compiled and run.
public class ReadmeExamplesSandbox
{
    // The README's first message is a complete program (compiled on its own by Nutritionist.Messaging.Readme.Tests,
    // built and run from the packed packages by .ci/pack-and-consume); its statements run here too.
    [Test]
    public async Task First_message_is_accepted_by_the_in_process_sandbox()
    {
        var services = new ServiceCollection();
        services.AddNutritionistMessaging(o => o.DefaultRegion = "US")
            .AddAwsSms()
            .UseSandbox(); // remove this line to send through AWS for real
        using var provider = services.BuildServiceProvider();

        var messaging = provider.GetRequiredService<IMessagingClient>();
        SendResult result = await messaging.SendAsync(MessagingPlatform.Sms, "(415) 555-2671", "Your meal plan is ready!");

        Assert.That((result.Status, result.Recipient), Is.EqualTo((SendStatus.Accepted, "+14155552671")), result.ToString());
        Assert.That(provider.GetRequiredService<SandboxState>().Messages.Single().MessageId, Is.EqualTo(result.MessageId));
    }

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

    [Test]
    public async Task SandboxMetaAndAwsWhatsApp()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddNutritionistMessaging(o => o.DefaultRegion = "US")
            .AddMetaWhatsApp()                                                  // or .AddAwsWhatsApp()
            .UseSandbox();
        using var provider = services.BuildServiceProvider();

        var sandbox = provider.GetRequiredService<SandboxState>();
        await sandbox.InjectInboundAsync(SandboxProvider.Meta, "+12065550142", "Hi coach!"); // as Meta's webhook delivers it
        SendResult sent = await provider.GetRequiredService<IMessagingClient>()
            .SendAsync(MessagingPlatform.WhatsApp, "+12065550142", "Your meal plan is ready!"); // MessageId "wamid.…"

        Assert.That(sent.Status, Is.EqualTo(SendStatus.Accepted), sent.ToString());
        Assert.That(sent.MessageId, Does.StartWith("wamid."));
        Assert.That(sandbox.InboundMessages.Single().Payload, Does.Contain("whatsapp_business_account"));
    }

    [Test]
    public async Task InteractiveMessages()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddNutritionistMessaging(o => o.DefaultRegion = "US").AddMetaWhatsApp().UseSandbox();
        using var provider = services.BuildServiceProvider();
        await provider.GetRequiredService<SandboxState>().InjectInboundAsync(SandboxProvider.Meta, "+14155552671", "Hi coach!");
        var messaging = provider.GetRequiredService<IMessagingClient>();

        SendResult asked = await messaging.SendAsync(new OutboundMessage("+14155552671")
        {
            Platform = MessagingPlatform.WhatsApp,
            Interactive = new WhatsAppReplyButtons("Did you follow today's plan?", [new("plan-yes", "Yes"), new("plan-no", "Not today")])
            {
                Header = "Daily check-in",
                Footer = "Reply any time",
            },
        });
        SendResult menu = await messaging.SendAsync(new OutboundMessage("+14155552671")
        {
            Platform = MessagingPlatform.WhatsApp,
            Interactive = new WhatsAppList("Which meal would you like to swap?", "Choose a meal",
            [
                new WhatsAppListSection("Today", [new("swap-lunch", "Lunch"), new("swap-dinner", "Dinner", "Salmon and greens")]),
            ]),
        });

        Assert.That(new[] { asked.Status, menu.Status }, Is.All.EqualTo(SendStatus.Accepted), asked + " / " + menu);
    }

    // Compiled, not run here (LoopbackTests start servers): the README's one-liner.
    internal static async Task<Uri> ServerExample()
    {
        await using var server = await SandboxServer.StartAsync();
        return server.BaseAddress;
    }
}
