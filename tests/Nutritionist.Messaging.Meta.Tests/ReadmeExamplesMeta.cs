using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Nutritionist.Messaging.Inbound;
using Nutritionist.Messaging.Meta.Internal;
using Nutritionist.Messaging.Testing.Shared;

namespace Nutritionist.Messaging.Meta.Tests;

// The README's Meta examples, compiled and run against a stub (README blocks must appear verbatim in a ReadmeExamples*.cs file).
public class ReadmeExamplesMeta
{
    [Test]
    public async Task Meta_configuration_reply_and_template()
    {
        var stub = new StubHttpHandler(_ => TestMeta.Accepted());
        const string accessToken = TestMeta.Token, appSecret = TestMeta.AppSecret, verifyToken = TestMeta.VerifyToken;
        var inbound = new InboundMessage(MessagingPlatform.WhatsApp, "+14155552671", "Can I see the plan?") { ProviderMessageId = "wamid.ASKED" };
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddNutritionistMessaging(o => o.DefaultRegion = "US")
            .AddMetaWhatsApp(o =>
            {
                o.AccessToken = accessToken;                    // a system user's token (whatsapp_business_messaging)
                o.PhoneNumberId = "106540352242922";            // WhatsApp Manager → API setup
                o.AppSecret = appSecret;                        // checks X-Hub-Signature-256 on webhooks
                o.VerifyToken = verifyToken;                    // the webhook handshake's hub.verify_token
            });
        services.Replace(ServiceDescriptor.Singleton<MetaEnvironment>(new TestMeta.FakeEnvironment()));
        services.AddHttpClient(MetaHttp.ClientName).ConfigurePrimaryHttpMessageHandler(() => stub);
        await using var provider = services.BuildServiceProvider();
        var whatsApp = provider.GetRequiredService<IWhatsAppProvider>();

        var reply = new WhatsAppMessage("+14155552671", "Here is this week's plan")
        {
            MediaUrls = [new Uri("https://example.com/plans/week-12.pdf")], // document: body as caption, file name from the URL
            ReplyToMessageId = inbound.ProviderMessageId,                  // quotes the person's message
        };
        var template = new WhatsAppTemplate("meal_plan_ready:en_US", new Dictionary<string, string> { ["1"] = "Ada" });

        await whatsApp.SendAsync(reply);
        await whatsApp.SendAsync(new WhatsAppMessage("+14155552671", null) { Template = template });
        Assert.That(stub.Requests.Select(r => r.BodyText), Has.Exactly(1).Contains("\"filename\":\"week-12.pdf\"").And.Contains("wamid.ASKED"));
        Assert.That(stub.Requests.Last().BodyText, Does.Contain("\"name\":\"meal_plan_ready\""));
        foreach (var request in stub.Requests)
        {
            MetaSchema.AssertValid(request.BodyText);
        }
    }

    [TestCase("meta", "meta")]
    [TestCase("twilio", "twilio-whatsapp")]
    [TestCase(null, "twilio-whatsapp")]
    public void Switching_providers_by_configuration(string? choice, string expected)
    {
        var settings = new Dictionary<string, string?>
        {
            ["NutritionistMessaging:WhatsAppProvider"] = choice,
            ["NutritionistMessaging:Meta:AccessToken"] = TestMeta.Token,
            ["NutritionistMessaging:Meta:PhoneNumberId"] = TestMeta.PhoneNumberId,
            ["NutritionistMessaging:Twilio:AccountSid"] = "AC0123456789abcdef0123456789abcdef",
            ["NutritionistMessaging:Twilio:AuthToken"] = "auth-token",
            ["NutritionistMessaging:Twilio:From"] = "whatsapp:+14155238886",
        };
        IConfiguration configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddLogging();

        var messagingBuilder = services.AddNutritionistMessaging(configuration);
        if (string.Equals(configuration["NutritionistMessaging:WhatsAppProvider"], "meta", StringComparison.OrdinalIgnoreCase))
        {
            messagingBuilder.AddMetaWhatsApp();
        }
        else
        {
            messagingBuilder.AddTwilioWhatsApp();
        }

        using var provider = services.BuildServiceProvider();
        Assert.That(provider.GetRequiredService<IWhatsAppProvider>().Name, Is.EqualTo(expected));
    }
}
