using System.Net;
using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Nutritionist.Messaging.Meta.Internal;
using Nutritionist.Messaging.Routing;
using Nutritionist.Messaging.Testing.Shared;

namespace Nutritionist.Messaging.Meta.Tests;

// The README's "Several providers per platform" examples, compiled and run against stubs of both APIs.
public class ReadmeExamplesRouting
{
    private const string TwilioClient = "Nutritionist.Messaging.Twilio:twilio";

    private static HttpResponseMessage TwilioCreated() => new(HttpStatusCode.Created)
    {
        Content = new StringContent("""{"sid":"SM0123456789abcdef0123456789abcdef","status":"queued"}""", Encoding.UTF8, "application/json"),
    };

    private static Dictionary<string, string?> Settings(string? defaultProvider) => new()
    {
        ["NutritionistMessaging:EnforceWhatsAppSessionWindow"] = "false",
        ["NutritionistMessaging:Providers:twilio:AccountSid"] = "AC0123456789abcdef0123456789abcdef",
        ["NutritionistMessaging:Providers:twilio:AuthToken"] = "auth-token",
        ["NutritionistMessaging:Providers:twilio:From"] = "whatsapp:+14155238886",
        ["NutritionistMessaging:Providers:meta:AccessToken"] = TestMeta.Token,
        ["NutritionistMessaging:Providers:meta:PhoneNumberId"] = TestMeta.PhoneNumberId,
        ["NutritionistMessaging:Routing:WhatsApp:Default"] = defaultProvider,
    };

    [TestCase("meta", "meta")]
    [TestCase("twilio", "twilio")]
    public async Task Switching_whatsapp_from_twilio_to_meta_by_configuration_alone(string defaultProvider, string expected)
    {
        IConfiguration configuration = new ConfigurationBuilder().AddInMemoryCollection(Settings(defaultProvider)).Build();
        var builder = (Services: new ServiceCollection(), Configuration: configuration);
        builder.Services.AddLogging();
        var meta = new StubHttpHandler(_ => TestMeta.Accepted());
        var twilio = new StubHttpHandler(_ => TwilioCreated());

        builder.Services.AddNutritionistMessaging(builder.Configuration)
            .AddTwilioWhatsApp("twilio")
            .AddMetaWhatsApp("meta");

        builder.Services.AddHttpClient(MetaHttp.ClientNameFor("meta")).ConfigurePrimaryHttpMessageHandler(() => meta);
        builder.Services.AddHttpClient(TwilioClient).ConfigurePrimaryHttpMessageHandler(() => twilio);
        await using var provider = builder.Services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });

        var result = await provider.GetRequiredService<IMessagingClient>().SendAsync(MessagingPlatform.WhatsApp, "+14155552671", "Your meal plan is ready!");

        Assert.That(result.Status, Is.EqualTo(SendStatus.Accepted), result.Error?.Message);
        Assert.That(result.ProviderName, Is.EqualTo(expected));
        Assert.That((meta.Requests.Count, twilio.Requests.Count), Is.EqualTo(expected == "meta" ? (1, 0) : (0, 1)));
    }

    [Test]
    public async Task Splitting_by_country_property_and_weight_as_configured()
    {
        var settings = Settings("twilio");
        foreach (var (key, value) in new Dictionary<string, string?>
        {
            ["Rules:0:Countries:0"] = "BR",
            ["Rules:0:Countries:1"] = "MX",
            ["Rules:0:Provider"] = "meta",
            ["Rules:1:Properties:tenant"] = "acme",
            ["Rules:1:Provider"] = "twilio",
            ["Rules:2:Weights:meta"] = "10",
            ["Rules:2:Weights:twilio"] = "90",
            ["Failover:0"] = "twilio",
            ["Failover:1"] = "meta",
        })
        {
            settings["NutritionistMessaging:Routing:WhatsApp:" + key] = value;
        }

        var services = new ServiceCollection();
        services.AddLogging();
        services.AddNutritionistMessaging(new ConfigurationBuilder().AddInMemoryCollection(settings).Build())
            .AddTwilioWhatsApp("twilio")
            .AddMetaWhatsApp("meta");
        services.AddHttpClient(MetaHttp.ClientNameFor("meta")).ConfigurePrimaryHttpMessageHandler(() => new StubHttpHandler(_ => TestMeta.Accepted()));
        services.AddHttpClient(TwilioClient).ConfigurePrimaryHttpMessageHandler(() => new StubHttpHandler(_ => TwilioCreated()));
        await using var provider = services.BuildServiceProvider();
        var messaging = provider.GetRequiredService<IMessagingClient>();
        Task<SendResult> Send(string to, string? tenant = null) => messaging.SendAsync(new OutboundMessage(to, "Hi")
        {
            Platform = MessagingPlatform.WhatsApp,
            Properties = tenant is null ? new Dictionary<string, string>() : new Dictionary<string, string> { ["tenant"] = tenant },
        });

        var brazil = await Send("+5511987654321", "acme");
        var acme = await Send("+14155552671", "acme");
        var weighted = await Send("+14155552671");
        var again = await Send("+14155552671");

        Assert.Multiple(() =>
        {
            Assert.That(brazil.ProviderName, Is.EqualTo("meta"), "the country rule comes first");
            Assert.That(acme.ProviderName, Is.EqualTo("twilio"));
            Assert.That(weighted.ProviderName, Is.AnyOf("meta", "twilio"));
            Assert.That(again.ProviderName, Is.EqualTo(weighted.ProviderName), "the same recipient goes the same way");
        });
    }

    [Test]
    public async Task Routing_in_code()
    {
        var meta = new StubHttpHandler(_ => TestMeta.Accepted());
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddNutritionistMessaging(o => o.DefaultRegion = "US")
            .AddTwilioWhatsApp("twilio", o => o.From = "whatsapp:+14155238886")
            .AddMetaWhatsApp("meta", o => o.PhoneNumberId = "106540352242922")
            .ConfigureRouting(o =>
            {
                o.WhatsApp.Rules.Add(new ProviderRoutingRule { Countries = ["BR", "MX"], Provider = "meta" });
                o.WhatsApp.Default = "twilio";
                o.WhatsApp.Failover.Add("meta");
            });
        services.Configure<Twilio.TwilioWhatsAppOptions>("twilio", o => (o.AccountSid, o.AuthToken) = ("AC0123456789abcdef0123456789abcdef", "auth-token"));
        services.Configure<MetaWhatsAppOptions>("meta", o => o.AccessToken = TestMeta.Token);
        services.Configure<MessagingOptions>(o => o.EnforceWhatsAppSessionWindow = false);
        services.AddHttpClient(MetaHttp.ClientNameFor("meta")).ConfigurePrimaryHttpMessageHandler(() => meta);
        await using var provider = services.BuildServiceProvider();
        var messaging = provider.GetRequiredService<IMessagingClient>();

        await messaging.SendAsync(new OutboundMessage("+5511987654321", "Seu plano está pronto!")
        {
            Platform = MessagingPlatform.WhatsApp,
            Properties = new Dictionary<string, string> { ["tenant"] = "acme" },
        });

        Assert.That(meta.Requests, Has.Count.EqualTo(1));
        MetaSchema.AssertValid(meta.Requests.Single().BodyText);
    }
}
