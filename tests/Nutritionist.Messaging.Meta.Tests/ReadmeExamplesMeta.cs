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
        var template = WhatsAppTemplate.Create("meal_plan_ready", "en_US")
            .WithHeader(WhatsAppTemplateParameter.Image(new Uri("https://example.com/plans/week-12.jpg")))
            .WithBody(WhatsAppTemplateParameter.Positional("Ada"), WhatsAppTemplateParameter.Currency(12.5m, "USD", "$12.50"))
            .WithButton(WhatsAppTemplateButton.QuickReply(0, "SWAP_MEAL"))
            .WithButton(WhatsAppTemplateButton.Url(1, "plans/week-12"));

        await whatsApp.SendAsync(reply);
        await whatsApp.SendAsync(new WhatsAppMessage("+14155552671", null) { Template = template });
        Assert.That(stub.Requests.Select(r => r.BodyText), Has.Exactly(1).Contains("\"filename\":\"week-12.pdf\"").And.Contains("wamid.ASKED"));
        Assert.That(stub.Requests.Last().BodyText, Does.Contain("\"name\":\"meal_plan_ready\""));
        foreach (var request in stub.Requests)
        {
            MetaSchema.AssertValid(request.BodyText);
        }
    }

    [Test]
    public async Task Meta_template_catalog_and_business_profile()
    {
        var stub = new StubHttpHandler(r => r.Message.RequestUri!.AbsolutePath.EndsWith("/message_templates", StringComparison.Ordinal)
            ? TestMeta.Json(System.Net.HttpStatusCode.OK, MetaSchema.ResponseExample("/{Version}/{WABA-ID}/message_templates", "get"))
            : r.Message.Method == HttpMethod.Post
                ? TestMeta.Json(System.Net.HttpStatusCode.OK, """{"success":true}""")
                : TestMeta.Json(System.Net.HttpStatusCode.OK, MetaSchema.ResponseExample("/{Version}/{Phone-Number-ID}/whatsapp_business_profile", "get")));
        await using var provider = TestMeta.Services(stub, o =>
        {
            TestMeta.Valid(o);
            o.WabaId = "102290129340398";
        });

        var catalog = provider.GetRequiredService<IWhatsAppTemplateCatalog>();
        var approved = (await catalog.ListAsync()).Where(t => t.IsApprovedForWhatsApp).Select(t => $"{t.Name}:{t.Language}").ToList();

        var profile = provider.GetRequiredService<IWhatsAppBusinessProfile>();
        WhatsAppBusinessProfile updated = await profile.UpdateAsync(new WhatsAppBusinessProfile { About = "Meal plans that fit you", Vertical = "HEALTH" });

        Assert.That(approved, Is.EqualTo(new[] { "hello_world:en_US", "2023_april_promo:en_US" }));
        Assert.That(updated.Emails, Is.EqualTo(new[] { "contact@business.com" }));
        MetaSchema.AssertValidAgainst("WhatsAppBusinessProfileUpdateRequest", stub.Requests.First(r => r.Message.Method == HttpMethod.Post).BodyText);
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
