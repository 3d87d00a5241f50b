using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Nutritionist.Messaging.Testing.Shared;

namespace Nutritionist.Messaging.Meta.Tests;

/// <summary>
/// The WhatsApp Business Account's message templates and the phone number's business profile, behind the core
/// interfaces, against answers shaped as the spec's examples.
/// </summary>
public class CatalogAndProfileTests
{
    private const string WabaId = "102290129340398";
    private const string TemplatesPath = "/{Version}/{WABA-ID}/message_templates";
    private const string ProfilePath = "/{Version}/{Phone-Number-ID}/whatsapp_business_profile";

    private static void WithWaba(MetaWhatsAppOptions o)
    {
        TestMeta.Valid(o);
        o.WabaId = WabaId;
    }

    [Test]
    public async Task Templates_are_listed_with_their_status_and_variables()
    {
        var stub = new StubHttpHandler(_ => TestMeta.Json(HttpStatusCode.OK, MetaSchema.ResponseExample(TemplatesPath, "get")));
        await using var services = TestMeta.Services(stub, WithWaba);

        var templates = await services.GetRequiredService<IWhatsAppTemplateCatalog>().ListAsync();

        var request = stub.Requests.Single();
        var promo = templates.Single(t => t.Name == "2023_april_promo");
        Assert.Multiple(() =>
        {
            Assert.That(request.Message.Method, Is.EqualTo(HttpMethod.Get));
            Assert.That(request.Message.RequestUri!.AbsolutePath, Is.EqualTo($"/v23.0/{WabaId}/message_templates"));
            Assert.That(request.Message.RequestUri.Query, Does.Contain("fields=id%2Cname%2Clanguage%2Cstatus%2Ccategory%2Ccomponents").And.Contain("limit=100"));
            Assert.That(request.Header("Authorization"), Is.EqualTo("Bearer " + TestMeta.Token));
            Assert.That(templates.Select(t => t.Sid), Is.EqualTo(new[] { "1192339204654487", "920070352646140" }));
            Assert.That(promo.Language, Is.EqualTo("en_US"));
            Assert.That(promo.WhatsAppTemplateName, Is.EqualTo("2023_april_promo"));
            Assert.That(promo.IsApprovedForWhatsApp, Is.True);
            Assert.That(promo.WhatsAppCategory, Is.EqualTo("MARKETING"));
            Assert.That(promo.ContentTypes, Is.EqualTo(new[] { "header", "body", "footer", "buttons" }));
            Assert.That(promo.Variables, Is.EqualTo(new Dictionary<string, string> { ["1"] = "Mark", ["2"] = "FALL25" }));
            Assert.That(templates[0].Variables, Is.Empty);
        });
    }

    [Test]
    public async Task Pages_are_followed_with_the_after_cursor_while_Meta_gives_a_next_page()
    {
        var first = JsonNode.Parse(MetaSchema.ResponseExample(TemplatesPath, "get"))!;
        first["paging"]!["next"] = $"https://graph.facebook.com/v23.0/{WabaId}/message_templates?after=MjQZD";
        var second = JsonNode.Parse(MetaSchema.ResponseExample(TemplatesPath, "get"))!;
        second["data"]!.AsArray().RemoveAt(1);
        second["data"]![0]!["id"] = "555";
        var stub = new StubHttpHandler(r => TestMeta.Json(HttpStatusCode.OK, (r.Message.RequestUri!.Query.Contains("after=MjQZD", StringComparison.Ordinal) ? second : first).ToJsonString()));
        await using var services = TestMeta.Services(stub, o =>
        {
            WithWaba(o);
            o.BaseUrl = new Uri("http://127.0.0.1:9/graph");
        });

        var templates = await services.GetRequiredService<IWhatsAppTemplateCatalog>().ListAsync();

        var requests = stub.Requests.ToList();
        Assert.Multiple(() =>
        {
            Assert.That(templates.Select(t => t.Sid), Is.EqualTo(new[] { "1192339204654487", "920070352646140", "555" }));
            Assert.That(requests, Has.Count.EqualTo(2));
            Assert.That(requests[1].Message.RequestUri!.GetLeftPart(UriPartial.Path), Is.EqualTo($"http://127.0.0.1:9/graph/v23.0/{WabaId}/message_templates"), "the base URL holds for later pages");
        });
    }

    [Test]
    public async Task Listing_without_a_waba_id_is_not_configured_and_calls_nothing()
    {
        var stub = new StubHttpHandler(_ => TestMeta.Accepted());
        await using var services = TestMeta.Services(stub);

        var e = Assert.ThrowsAsync<MessagingException>(() => services.GetRequiredService<IWhatsAppTemplateCatalog>().ListAsync())!;

        Assert.Multiple(() =>
        {
            Assert.That(e.Code, Is.EqualTo(MessagingErrorCode.NotConfigured));
            Assert.That(e.Message, Does.Contain("META_WABA_ID"));
            Assert.That(stub.Requests, Is.Empty);
        });
    }

    [Test]
    public async Task The_waba_id_falls_back_to_META_WABA_ID()
    {
        var services = new ServiceCollection();
        services.AddNutritionistMessaging(o => o.DefaultRegion = "US").AddMetaWhatsApp(TestMeta.Valid);
        services.Replace(ServiceDescriptor.Singleton<Internal.MetaEnvironment>(new TestMeta.FakeEnvironment(new() { ["META_WABA_ID"] = WabaId })));
        await using var provider = services.BuildServiceProvider();

        Assert.That(provider.GetRequiredService<Microsoft.Extensions.Options.IOptions<MetaWhatsAppOptions>>().Value.WabaId, Is.EqualTo(WabaId));
    }

    [TestCase(401, 190, MessagingErrorCode.AuthenticationFailed)]
    [TestCase(429, 4, MessagingErrorCode.Throttled)]
    [TestCase(403, 200, MessagingErrorCode.AccessDenied)]
    public async Task Catalog_errors_are_classified_by_the_error_mapper(int status, int code, MessagingErrorCode expected)
    {
        var stub = new StubHttpHandler(_ => TestMeta.Error(status, code, "refused"));
        await using var services = TestMeta.Services(stub, WithWaba);

        var e = Assert.ThrowsAsync<MessagingException>(() => services.GetRequiredService<IWhatsAppTemplateCatalog>().ListAsync())!;

        Assert.Multiple(() =>
        {
            Assert.That(e.Code, Is.EqualTo(expected));
            Assert.That(e.ProviderCode, Is.EqualTo(code.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            Assert.That(e.InnerException, Is.InstanceOf<MetaApiException>());
        });
    }

    [Test]
    public async Task The_profile_is_read_from_the_phone_number()
    {
        var stub = new StubHttpHandler(_ => TestMeta.Json(HttpStatusCode.OK, MetaSchema.ResponseExample(ProfilePath, "get")));
        await using var services = TestMeta.Services(stub);

        var profile = await services.GetRequiredService<IWhatsAppBusinessProfile>().GetAsync();

        var request = stub.Requests.Single();
        Assert.Multiple(() =>
        {
            Assert.That(request.Message.Method, Is.EqualTo(HttpMethod.Get));
            Assert.That(request.Message.RequestUri!.AbsolutePath, Is.EqualTo($"/v23.0/{TestMeta.PhoneNumberId}/whatsapp_business_profile"));
            Assert.That(request.Message.RequestUri.Query, Does.Contain("fields=about%2Caddress%2Cdescription%2Cemail%2Cprofile_picture_url%2Cwebsites%2Cvertical"));
            Assert.That(profile.About, Is.EqualTo("Welcome to our business! We provide excellent service."));
            Assert.That(profile.Address, Is.EqualTo("123 Business Street, City, State 12345"));
            Assert.That(profile.Emails, Is.EqualTo(new[] { "contact@business.com" }));
            Assert.That(profile.Websites!.Select(w => w.AbsoluteUri), Is.EqualTo(new[] { "https://www.business.com/", "https://www.facebook.com/business" }));
            Assert.That(profile.Vertical, Is.EqualTo("RESTAURANT"));
            Assert.That(profile.LogoUrl!.AbsoluteUri, Is.EqualTo("https://pps.whatsapp.net/v/profile_picture_url"));
        });
    }

    [Test]
    public async Task An_update_posts_the_set_members_as_the_schema_describes_and_returns_the_profile_read_again()
    {
        var stub = new StubHttpHandler(r => r.Message.Method == HttpMethod.Post
            ? TestMeta.Json(HttpStatusCode.OK, MetaSchema.ResponseExample(ProfilePath, "post"))
            : TestMeta.Json(HttpStatusCode.OK, MetaSchema.ResponseExample(ProfilePath, "get")));
        await using var services = TestMeta.Services(stub);

        var profile = await services.GetRequiredService<IWhatsAppBusinessProfile>().UpdateAsync(new WhatsAppBusinessProfile
        {
            About = "Meal plans that fit you",
            Emails = ["care@nutritionist.example"],
            Websites = [new Uri("https://nutritionist.example/")],
            Vertical = "HEALTH",
        });

        var requests = stub.Requests.ToList();
        Assert.Multiple(() =>
        {
            Assert.That(requests.Select(r => r.Message.Method), Is.EqualTo(new[] { HttpMethod.Post, HttpMethod.Get }));
            Assert.That(requests[0].Message.RequestUri!.AbsolutePath, Is.EqualTo($"/v23.0/{TestMeta.PhoneNumberId}/whatsapp_business_profile"));
            Assert.That(requests[0].BodyText, Is.EqualTo("""{"messaging_product":"whatsapp","about":"Meal plans that fit you","email":"care@nutritionist.example","websites":["https://nutritionist.example/"],"vertical":"HEALTH"}"""));
            Assert.That(MetaSchema.ErrorsAgainst("WhatsAppBusinessProfileUpdateRequest", requests[0].BodyText), Is.Empty);
            Assert.That(profile.Vertical, Is.EqualTo("RESTAURANT"), "the profile as read after the change");
        });
    }

    [Test]
    public async Task Updates_Meta_cannot_make_are_refused_before_any_call()
    {
        var stub = new StubHttpHandler(_ => TestMeta.Accepted());
        await using var services = TestMeta.Services(stub);
        var profiles = services.GetRequiredService<IWhatsAppBusinessProfile>();
        var cases = new (WhatsAppBusinessProfile Profile, string Reason)[]
        {
            (new() { DisplayName = "Nutritionist" }, "WhatsApp Manager"),
            (new() { LogoUrl = new Uri("https://cdn.example.com/logo.png") }, "upload handle"),
            (new() { Emails = ["a@example.com", "b@example.com"] }, "keeps one"),
            (new() { Websites = [new Uri("https://a.example"), new Uri("https://b.example"), new Uri("https://c.example")] }, "at most 2"),
        };

        Assert.Multiple(() =>
        {
            foreach (var (profile, reason) in cases)
            {
                var e = Assert.ThrowsAsync<MessagingException>(() => profiles.UpdateAsync(profile))!;
                Assert.That(e.Code, Is.EqualTo(MessagingErrorCode.InvalidMessage), reason);
                Assert.That(e.Message, Does.Contain(reason));
            }

            Assert.That(stub.Requests, Is.Empty);
        });
    }

    [Test]
    public async Task Profile_errors_keep_Metas_code_and_trace()
    {
        var stub = new StubHttpHandler(_ => TestMeta.Error(401, 190, "Invalid OAuth access token", subcode: 463, trace: "AXsgnV2Cm3ZMGF3dF_cfYIn"));
        await using var services = TestMeta.Services(stub);

        var e = Assert.ThrowsAsync<MessagingException>(() => services.GetRequiredService<IWhatsAppBusinessProfile>().GetAsync())!;

        Assert.Multiple(() =>
        {
            Assert.That(e.Code, Is.EqualTo(MessagingErrorCode.AuthenticationFailed));
            Assert.That(((MetaApiException)e.InnerException!).FbTraceId, Is.EqualTo("AXsgnV2Cm3ZMGF3dF_cfYIn"));
            Assert.That(e.Message, Does.Not.Contain(TestMeta.Token));
        });
    }

    [Test]
    public async Task An_answer_that_is_not_json_is_unknown()
    {
        var stub = new StubHttpHandler(_ => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("<html>proxy</html>") });
        await using var services = TestMeta.Services(stub);

        var e = Assert.ThrowsAsync<MessagingException>(() => services.GetRequiredService<IWhatsAppBusinessProfile>().GetAsync())!;

        Assert.That(e.Code, Is.EqualTo(MessagingErrorCode.Unknown));
    }
}
