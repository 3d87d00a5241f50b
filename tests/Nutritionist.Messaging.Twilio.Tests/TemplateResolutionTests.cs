using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Nutritionist.Messaging.Testing.Shared;
using Nutritionist.Messaging.Twilio.Internal;

namespace Nutritionist.Messaging.Twilio.Tests;

/// <summary>
/// Provider-neutral templates reach Twilio as a Content SID (configured map, else the content catalog, cached) and
/// content variables; what cannot be mapped or does not match the template is refused before any message is posted.
/// </summary>
public class TemplateResolutionTests
{
    private const string ReminderSid = "HX11111111111111111111111111111111";
    private const string ReminderPtSid = "HX22222222222222222222222222222222";
    private const string MappedSid = "HX33333333333333333333333333333333";

    private static StubHttpHandler Stub() => new(r => r.Message.RequestUri!.AbsolutePath.EndsWith("/ContentAndApprovals", StringComparison.Ordinal)
        ? TestTwilio.Json(HttpStatusCode.OK, Catalog())
        : TestTwilio.Created());

    private static Task<ProviderReceipt> Send(IWhatsAppProvider provider, WhatsAppTemplate template) =>
        provider.SendAsync(new WhatsAppMessage(TestTwilio.Recipient, null) { Template = template });

    private static List<RecordedRequest> Posts(StubHttpHandler stub) => [.. stub.Requests.Where(r => r.Message.Method == HttpMethod.Post)];

    private static int CatalogReads(StubHttpHandler stub) => stub.Requests.Count(r => r.Message.Method == HttpMethod.Get);

    [Test]
    public async Task A_template_in_the_configured_map_is_sent_with_its_sid_and_numbered_body_variables()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["NutritionistMessaging:Twilio:Templates:order_ready:en_US"] = MappedSid,
        }).Build();
        var stub = Stub();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddNutritionistMessaging(configuration).AddTwilioWhatsApp(TestTwilio.Valid);
        services.Replace(ServiceDescriptor.Singleton<TwilioEnvironment>(new TestTwilio.FakeEnvironment()));
        services.AddHttpClient(TwilioHttp.ClientName).ConfigurePrimaryHttpMessageHandler(() => stub);
        await using var provider = services.BuildServiceProvider();

        await provider.GetRequiredService<IWhatsAppProvider>().SendAsync(new WhatsAppMessage(TestTwilio.Recipient, null)
        {
            Template = WhatsAppTemplate.Create("order_ready", "en-us").WithBody("Ada", "Tuesday 7pm"),
        });

        var form = TestTwilio.Form(stub.Requests.Single()).ToDictionary(p => p.Key, p => p.Value);
        Assert.Multiple(() =>
        {
            Assert.That(CatalogReads(stub), Is.Zero, "the map answers without reading the catalog");
            Assert.That(form["ContentSid"], Is.EqualTo(MappedSid));
            Assert.That(form["ContentVariables"], Is.EqualTo("""{"1":"Ada","2":"Tuesday 7pm"}"""));
        });
    }

    [Test]
    public async Task A_template_found_in_the_catalog_by_name_and_language_is_cached_until_the_ttl_passes()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 30, 12, 0, 0, TimeSpan.Zero));
        var stub = Stub();
        await using var services = TestTwilio.Services(stub, o =>
        {
            TestTwilio.Valid(o);
            o.TemplateCacheDuration = TimeSpan.FromMinutes(5);
        }, more: s => s.AddSingleton<TimeProvider>(time));
        var provider = TestTwilio.Provider(services);
        var template = WhatsAppTemplate.Create("meal_reminder", "pt_BR").WithBody("Ada", "terça");

        await Send(provider, template);
        await Send(provider, WhatsAppTemplate.Create("meal_reminder", "en").WithBody("Ada", "Tuesday"));
        time.Advance(TimeSpan.FromMinutes(5));
        await Send(provider, template);

        var posts = Posts(stub).Select(r => TestTwilio.Form(r).Single(p => p.Key == "ContentSid").Value).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(posts, Is.EqualTo(new[] { ReminderPtSid, ReminderSid, ReminderPtSid }));
            Assert.That(CatalogReads(stub), Is.EqualTo(2), "read once, then again after the TTL");
        });
    }

    [Test]
    public async Task The_primary_language_matches_when_the_catalog_has_no_regional_variant()
    {
        var stub = Stub();
        await using var services = TestTwilio.Services(stub);

        await Send(TestTwilio.Provider(services), WhatsAppTemplate.Create("meal_reminder", "en_GB").WithBody("Ada", "Tuesday"));

        Assert.That(TestTwilio.Form(Posts(stub).Single()).Single(p => p.Key == "ContentSid").Value, Is.EqualTo(ReminderSid));
    }

    [Test]
    public async Task Named_body_parameters_keep_their_names_and_currency_sends_its_fallback()
    {
        var stub = Stub();
        await using var services = TestTwilio.Services(stub);

        await Send(TestTwilio.Provider(services), WhatsAppTemplate.Create("invoice_due", "en").WithBody(
            WhatsAppTemplateParameter.Named("first_name", "Ada"),
            WhatsAppTemplateParameter.Currency(12.5m, "USD", "$12.50", "amount")));

        var form = TestTwilio.Form(Posts(stub).Single()).ToDictionary(p => p.Key, p => p.Value);
        Assert.That(form["ContentVariables"], Is.EqualTo("""{"first_name":"Ada","amount":"$12.50"}"""));
    }

    [Test]
    public async Task Twilio_only_code_with_a_content_sid_is_sent_as_before_without_a_catalog_read()
    {
        var stub = Stub();
        await using var services = TestTwilio.Services(stub);

        await Send(TestTwilio.Provider(services), new WhatsAppTemplate(TestTwilio.ContentSid, new Dictionary<string, string> { ["1"] = "Ada" }));

        var form = TestTwilio.Form(stub.Requests.Single()).ToDictionary(p => p.Key, p => p.Value);
        Assert.Multiple(() =>
        {
            Assert.That(form["ContentSid"], Is.EqualTo(TestTwilio.ContentSid));
            Assert.That(form["ContentVariables"], Is.EqualTo("""{"1":"Ada"}"""));
        });
    }

    private static IEnumerable<TestCaseData> Refusals()
    {
        yield return new TestCaseData(WhatsAppTemplate.Create("no_such_template", "en"), "TemplateNotFound", "named 'no_such_template'").SetName("Unknown name");
        yield return new TestCaseData(WhatsAppTemplate.Create("meal_reminder", "fr"), "TemplateNotFound", "en, pt_BR").SetName("Unknown language");
        yield return new TestCaseData(new WhatsAppTemplate("meal_reminder"), "TemplateNotFound", "2 languages").SetName("Ambiguous without language");
        yield return new TestCaseData(WhatsAppTemplate.Create("meal_reminder", "en").WithBody("Ada"), "TemplateParameterMismatch", "takes the variables [1, 2]; the message gives [1]").SetName("Too few parameters");
        yield return new TestCaseData(WhatsAppTemplate.Create("meal_reminder", "en").WithBody(WhatsAppTemplateParameter.Named("name", "Ada"), WhatsAppTemplateParameter.Named("day", "Tue")), "TemplateParameterMismatch", "the message gives [day, name]").SetName("Names the template does not have");
        yield return new TestCaseData(WhatsAppTemplate.Create("meal_reminder", "en").WithHeader(WhatsAppTemplateParameter.Image(new Uri("https://cdn.example.com/a.jpg"))), "TemplateParameterMismatch", "header parameters or button values").SetName("Header parameter");
        yield return new TestCaseData(WhatsAppTemplate.Create("meal_reminder", "en").WithButton(WhatsAppTemplateButton.QuickReply(0, "STOP")), "TemplateParameterMismatch", "header parameters or button values").SetName("Button value");
    }

    [TestCaseSource(nameof(Refusals))]
    public async Task Templates_that_cannot_be_resolved_or_mapped_are_refused_with_a_specific_code_before_any_post(WhatsAppTemplate template, string providerCode, string reason)
    {
        var stub = Stub();
        await using var services = TestTwilio.Services(stub);

        var e = Assert.ThrowsAsync<MessagingException>(() => Send(TestTwilio.Provider(services), template))!;

        Assert.Multiple(() =>
        {
            Assert.That(e.Code, Is.EqualTo(MessagingErrorCode.InvalidMessage));
            Assert.That(e.ProviderCode, Is.EqualTo(providerCode));
            Assert.That(e.Message, Does.Contain(reason));
            Assert.That(e.MayHaveBeenSent, Is.False);
            Assert.That(Posts(stub), Is.Empty);
        });
    }

    [Test]
    public async Task Through_the_router_an_unresolvable_template_is_a_rejected_result_that_sent_nothing()
    {
        var stub = Stub();
        await using var services = TestTwilio.Services(stub);

        var result = await services.GetRequiredService<IMessagingClient>().SendAsync(new OutboundMessage(TestTwilio.Recipient)
        {
            Platform = MessagingPlatform.WhatsApp,
            Template = WhatsAppTemplate.Create("no_such_template", "en"),
        });

        Assert.Multiple(() =>
        {
            Assert.That(result.Status, Is.EqualTo(SendStatus.Rejected));
            Assert.That(result.Error!.Code, Is.EqualTo(MessagingErrorCode.InvalidMessage));
            Assert.That(result.Error.ProviderCode, Is.EqualTo("TemplateNotFound"));
            Assert.That(Posts(stub), Is.Empty);
        });
    }

    [Test]
    public async Task A_catalog_that_cannot_be_read_keeps_its_classification_and_says_nothing_was_sent()
    {
        var stub = new StubHttpHandler(_ => TestTwilio.Error(20500, 500, "Internal Server Error"));
        await using var services = TestTwilio.Services(stub);

        var e = Assert.ThrowsAsync<MessagingException>(() => Send(TestTwilio.Provider(services), WhatsAppTemplate.Create("meal_reminder", "en").WithBody("a", "b")))!;

        Assert.Multiple(() =>
        {
            Assert.That(e.Code, Is.EqualTo(MessagingErrorCode.ProviderUnavailable));
            Assert.That(e.MayHaveBeenSent, Is.False);
            Assert.That(e.Message, Does.Contain("content templates"));
            Assert.That(Posts(stub), Is.Empty);
        });
    }

    [Test]
    public void A_mapped_value_that_is_not_a_content_sid_fails_at_start_naming_the_key()
    {
        var services = new ServiceCollection();
        services.AddNutritionistMessaging().AddTwilioWhatsApp(o =>
        {
            TestTwilio.Valid(o);
            o.Templates["order_ready"] = new() { ["en_US"] = "order_ready" };
        });
        services.Replace(ServiceDescriptor.Singleton<TwilioEnvironment>(new TestTwilio.FakeEnvironment()));
        using var provider = services.BuildServiceProvider();

        var e = Assert.Throws<OptionsValidationException>(() => _ = provider.GetRequiredService<IOptions<TwilioWhatsAppOptions>>().Value)!;

        Assert.That(e.Message, Does.Contain("NutritionistMessaging:Twilio:Templates:order_ready:en_US"));
    }

    /// <summary>A ContentAndApprovals page: meal_reminder in en and pt_BR (variables 1 and 2), invoice_due with named variables.</summary>
    private static string Catalog() => $$"""
        {
          "contents": [
            {{Content(ReminderSid, "Meal reminder", "en", "meal_reminder", """{"1": "Ada", "2": "Tuesday"}""")}},
            {{Content(ReminderPtSid, "Meal reminder (pt)", "pt_BR", "meal_reminder", """{"1": "Ada", "2": "terça"}""")}},
            {{Content("HX44444444444444444444444444444444", "invoice_due", "en", "invoice_due", """{"first_name": "Ada", "amount": "$1"}""")}}
          ],
          "meta": {"page": 0, "page_size": 500, "first_page_url": "https://content.twilio.com/v1/ContentAndApprovals?PageSize=500&Page=0",
                   "previous_page_url": null, "next_page_url": null,
                   "url": "https://content.twilio.com/v1/ContentAndApprovals?PageSize=500&Page=0", "key": "contents"}
        }
        """;

    private static string Content(string sid, string friendlyName, string language, string whatsAppName, string variables) => $$"""
        {
          "date_created": "2024-01-01T00:00:00Z", "date_updated": "2024-01-02T00:00:00Z",
          "sid": "{{sid}}", "account_sid": "{{TestTwilio.AccountSid}}", "friendly_name": "{{friendlyName}}", "language": "{{language}}",
          "variables": {{variables}}, "types": {"twilio/text": {"body": "Hi {{1}}"} },
          "approval_requests": {"whatsapp": {"type": "whatsapp", "name": "{{whatsAppName}}", "category": "UTILITY", "content_type": "twilio/text", "status": "approved", "rejection_reason": "", "allow_category_change": false} }
        }
        """;
}
