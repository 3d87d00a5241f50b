using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Nutritionist.Messaging.Inbound;
using Nutritionist.Messaging.Testing.Shared;
using Nutritionist.Messaging.Twilio.Internal;
using Nutritionist.Messaging.Twilio.Lambda;

namespace Nutritionist.Messaging.Twilio.Tests;

// The README's Twilio examples, compiled and run against a stub (README blocks must appear verbatim in a ReadmeExamples*.cs file).
public class ReadmeExamplesTwilio
{
    [Test]
    public void Lambda_function_url_entry_point()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["NutritionistMessaging:Twilio:AccountSid"] = TestTwilio.AccountSid,
            ["NutritionistMessaging:Twilio:AuthToken"] = TestTwilio.AuthToken,
            ["NutritionistMessaging:Twilio:From"] = TestTwilio.From,
        }).Build();
        var services = new ServiceCollection();
        services.AddNutritionistMessaging(configuration).AddTwilioWhatsApp();
        var twilio = services.BuildServiceProvider().GetRequiredService<TwilioFunctionUrlProcessor>();

        Assert.That(twilio, Is.Not.Null);
    }

    [Test]
    public async Task Neutral_template_resolved_through_the_configured_map()
    {
        var stub = new StubHttpHandler(_ => TestTwilio.Created());
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddNutritionistMessaging(o => o.DefaultRegion = "US")
            .AddTwilioWhatsApp(o =>
            {
                o.Templates["meal_plan_ready"] = new() { ["en_US"] = "HXb5b62575e6e4ff6129ad7c8efe1f983e" };
                o.TemplateCacheDuration = TimeSpan.FromMinutes(30);
            });
        services.Replace(ServiceDescriptor.Singleton<TwilioEnvironment>(new TestTwilio.FakeEnvironment(new()
        {
            [TwilioEnvironment.AccountSidVariable] = TestTwilio.AccountSid,
            [TwilioEnvironment.AuthTokenVariable] = TestTwilio.AuthToken,
            [TwilioEnvironment.WhatsAppNumberVariable] = TestTwilio.From,
        })));
        services.AddHttpClient(TwilioHttp.ClientName).ConfigurePrimaryHttpMessageHandler(() => stub);
        using var provider = services.BuildServiceProvider();
        var messaging = provider.GetRequiredService<IMessagingClient>();

        var reminder = WhatsAppTemplate.Create("meal_plan_ready", "en_US")
            .WithBody("Ada", "Monday")                                   // {{1}}, {{2}}; or WhatsAppTemplateParameter.Named(…)
            .WithSmsFallbackText("Hi Ada, your meal plan for Monday is ready.");
        SendResult reminded = await messaging.SendAsync(new OutboundMessage("+14155552671") { Platform = MessagingPlatform.WhatsApp, Template = reminder });

        Assert.That(reminded.IsSuccess, Is.True, reminded.Error?.Message);
        var form = TestTwilio.Form(stub.Requests.Single()).ToDictionary(p => p.Key, p => p.Value);
        Assert.That(form["ContentSid"], Is.EqualTo("HXb5b62575e6e4ff6129ad7c8efe1f983e"));
        Assert.That(form["ContentVariables"], Is.EqualTo("""{"1":"Ada","2":"Monday"}"""));
    }

    [Test]
    public async Task Twilio_configuration_template_and_media()
    {
        var stub = new StubHttpHandler(_ => TestTwilio.Created());
        const string authToken = TestTwilio.AuthToken;
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddNutritionistMessaging(o => o.DefaultRegion = "US")
            .AddTwilioWhatsApp(o =>
            {
                o.AccountSid = "AC0123456789abcdef0123456789abcdef";
                o.AuthToken = authToken;                        // or ApiKeySid + ApiKeySecret
                o.From = "whatsapp:+14155238886";               // or MessagingServiceSid
                o.StatusCallbackUrl = new Uri("https://example.com/webhooks/twilio/status");
            });
        services.Replace(ServiceDescriptor.Singleton<TwilioEnvironment>(new TestTwilio.FakeEnvironment()));
        services.AddHttpClient(TwilioHttp.ClientName).ConfigurePrimaryHttpMessageHandler(() => stub);
        using var provider = services.BuildServiceProvider();
        var messaging = provider.GetRequiredService<IMessagingClient>();

        var template = new WhatsAppTemplate("HXb5b62575e6e4ff6129ad7c8efe1f983e", new Dictionary<string, string> { ["1"] = "Ada" })
        {
            SmsFallbackText = "Hi Ada, your meal plan is ready.",
        };
        SendResult sent = await messaging.SendAsync(new OutboundMessage("+14155552671") { Platform = MessagingPlatform.WhatsApp, Template = template });

        var picture = new OutboundMessage("+14155552671", "Tonight: salmon and greens")
        {
            Platform = MessagingPlatform.WhatsApp,
            MediaUrls = [new Uri("https://example.com/plans/salmon.jpg")],
        };

        await provider.GetRequiredService<IConversationWindowStore>().RecordInboundAsync("+14155552671", DateTimeOffset.UtcNow);
        var withPicture = await messaging.SendAsync(picture);
        Assert.That(sent.Status, Is.EqualTo(SendStatus.Accepted));
        Assert.That(withPicture.Status, Is.EqualTo(SendStatus.Accepted));
        Assert.That(stub.Requests.First().BodyText, Does.Contain("ContentSid=HXb5b62575e6e4ff6129ad7c8efe1f983e"));
        Assert.That(stub.Requests.Last().BodyText, Does.Contain("MediaUrl="));
    }
}
