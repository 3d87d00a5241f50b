using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Nutritionist.Messaging.Testing.Shared;

namespace Nutritionist.Messaging.Twilio.Tests;

public class BusinessProfileTests
{
    private const string SenderSid = "XE0123456789abcdef0123456789abcdef";

    private static string Sender(string sid = SenderSid, string senderId = TestTwilio.From) => $$"""
        {
          "sid": "{{sid}}", "status": "ONLINE", "sender_id": "{{senderId}}", "compliance": null,
          "configuration": {"waba_id": "1234567XXX", "verification_method": "sms", "verification_code": null, "voice_application_sid": null, "account_type": null},
          "webhook": {"callback_url": "https://callback.example.com", "callback_method": "POST", "fallback_url": null, "fallback_method": "POST", "status_callback_url": null, "status_callback_method": "POST"},
          "profile": {
            "about": "Meal plans that fit", "address": "1 Main St, Springfield", "description": "Nutrition coaching",
            "emails": [{"email": "coach@example.com", "label": "Email"}],
            "name": "Nutritionist", "logo_url": "https://cdn.example.com/logo.png", "vertical": "Medical and Health",
            "websites": [{"website": "https://example.com", "label": "Website"}, {"website": "https://example.com/plans", "label": "Website"}],
            "banner_url": null, "privacy_url": null, "terms_of_service_url": null, "accent_color": null, "phone_numbers": null
          },
          "properties": null, "offline_reasons": null,
          "url": "https://messaging.twilio.com/v2/Channels/Senders/{{sid}}"
        }
        """;

    [Test]
    public async Task Get_fetches_the_configured_sender_and_maps_the_profile()
    {
        var stub = new StubHttpHandler(_ => TestTwilio.Json(HttpStatusCode.OK, Sender()));
        await using var services = TestTwilio.Services(stub, o =>
        {
            TestTwilio.Valid(o);
            o.SenderSid = SenderSid;
        });

        var profile = await services.GetRequiredService<IWhatsAppBusinessProfile>().GetAsync();

        var request = stub.Requests.Single();
        Assert.That(request.Message.Method, Is.EqualTo(HttpMethod.Get));
        Assert.That(request.Message.RequestUri, Is.EqualTo(new Uri($"https://messaging.twilio.com/v2/Channels/Senders/{SenderSid}")));
        Assert.That(profile.DisplayName, Is.EqualTo("Nutritionist"));
        Assert.That(profile.About, Is.EqualTo("Meal plans that fit"));
        Assert.That(profile.Description, Is.EqualTo("Nutrition coaching"));
        Assert.That(profile.Address, Is.EqualTo("1 Main St, Springfield"));
        Assert.That(profile.Emails, Is.EqualTo(new[] { "coach@example.com" }));
        Assert.That(profile.Websites, Is.EqualTo(new[] { new Uri("https://example.com"), new Uri("https://example.com/plans") }));
        Assert.That(profile.Vertical, Is.EqualTo("Medical and Health"));
        Assert.That(profile.LogoUrl, Is.EqualTo(new Uri("https://cdn.example.com/logo.png")));
        Assert.That(profile.SenderSid, Is.EqualTo(SenderSid));
        Assert.That(profile.SenderId, Is.EqualTo(TestTwilio.From));
        Assert.That(profile.Status, Is.EqualTo("ONLINE"));
    }

    [Test]
    public async Task Update_posts_only_the_set_fields_as_json()
    {
        var stub = new StubHttpHandler(_ => TestTwilio.Json(HttpStatusCode.Accepted, Sender()));
        await using var services = TestTwilio.Services(stub, o =>
        {
            TestTwilio.Valid(o);
            o.SenderSid = SenderSid;
        });

        await services.GetRequiredService<IWhatsAppBusinessProfile>().UpdateAsync(new WhatsAppBusinessProfile
        {
            About = "New about",
            Emails = ["hello@example.com"],
            Websites = [new Uri("https://example.com/")],
            LogoUrl = new Uri("https://cdn.example.com/new.png"),
            Vertical = "Food and Grocery",
        });

        var request = stub.Requests.Single();
        Assert.That(request.Message.Method, Is.EqualTo(HttpMethod.Post));
        Assert.That(request.Message.RequestUri, Is.EqualTo(new Uri($"https://messaging.twilio.com/v2/Channels/Senders/{SenderSid}")));
        Assert.That(request.Header("Content-Type"), Does.StartWith("application/json"));
        using var body = JsonDocument.Parse(request.BodyText);
        var profile = body.RootElement.GetProperty("profile");
        Assert.That(profile.EnumerateObject().Select(p => p.Name), Is.EquivalentTo(new[] { "about", "emails", "websites", "logo_url", "vertical" }));
        Assert.That(profile.GetProperty("about").GetString(), Is.EqualTo("New about"));
        Assert.That(profile.GetProperty("emails")[0].GetProperty("email").GetString(), Is.EqualTo("hello@example.com"));
        Assert.That(profile.GetProperty("websites")[0].GetProperty("website").GetString(), Is.EqualTo("https://example.com/"));
        Assert.That(profile.GetProperty("logo_url").GetString(), Is.EqualTo("https://cdn.example.com/new.png"));
        Assert.That(profile.GetProperty("vertical").GetString(), Is.EqualTo("Food and Grocery"));
    }

    [Test]
    public async Task Without_SenderSid_the_sender_is_found_by_its_From_address_once()
    {
        var list = $$"""
            {"senders": [{{Sender("XEffffffffffffffffffffffffffffffff", "whatsapp:+15550001111")}}, {{Sender()}}],
             "meta": {"page": 0, "page_size": 100, "first_page_url": "https://messaging.twilio.com/v2/Channels/Senders?Channel=whatsapp&PageSize=100&Page=0",
                      "previous_page_url": null, "next_page_url": null, "url": "https://messaging.twilio.com/v2/Channels/Senders?Channel=whatsapp&PageSize=100&Page=0", "key": "senders"} }
            """;
        var stub = new StubHttpHandler(r => TestTwilio.Json(HttpStatusCode.OK, r.Message.RequestUri!.AbsolutePath == "/v2/Channels/Senders" ? list : Sender()));
        await using var services = TestTwilio.Services(stub);
        var profiles = services.GetRequiredService<IWhatsAppBusinessProfile>();

        await profiles.GetAsync();
        await profiles.GetAsync();

        var paths = stub.Requests.Select(r => r.Message.RequestUri!.PathAndQuery).ToList();
        Assert.That(paths, Has.Count.EqualTo(3));
        Assert.That(paths[0], Does.StartWith("/v2/Channels/Senders?").And.Contain("Channel=whatsapp"));
        Assert.That(paths[1], Is.EqualTo($"/v2/Channels/Senders/{SenderSid}"));
        Assert.That(paths[2], Is.EqualTo($"/v2/Channels/Senders/{SenderSid}"));
    }

    [Test]
    public async Task ApiBaseUrl_redirects_the_messaging_host_too()
    {
        var stub = new StubHttpHandler(_ => TestTwilio.Json(HttpStatusCode.OK, Sender()));
        await using var services = TestTwilio.Services(stub, o =>
        {
            TestTwilio.Valid(o);
            o.SenderSid = SenderSid;
            o.ApiBaseUrl = new Uri("http://127.0.0.1:4010");
        });

        await services.GetRequiredService<IWhatsAppBusinessProfile>().GetAsync();

        var request = stub.Requests.Single();
        Assert.That(request.Message.RequestUri, Is.EqualTo(new Uri($"http://127.0.0.1:4010/v2/Channels/Senders/{SenderSid}")));
        Assert.That(request.Header("X-Forwarded-Host"), Is.EqualTo("messaging.twilio.com"));
        Assert.That(request.Header("Authorization"), Is.EqualTo(TestTwilio.BasicAuth(TestTwilio.AccountSid, TestTwilio.AuthToken)));
    }

    [Test]
    public async Task ApiBaseUrl_sends_each_request_to_its_own_path_when_requests_alternate()
    {
        // The handler keeps the last redirected URL for the SDK's repeated message URL; a different URL in between (the
        // messaging host here) must still go to its own path, and the message URL after it to the message path.
        var stub = new StubHttpHandler(request => request.Message.RequestUri!.AbsolutePath.EndsWith("/Messages.json", StringComparison.Ordinal)
            ? TestTwilio.Json(HttpStatusCode.Created, TestTwilio.MessageJson())
            : TestTwilio.Json(HttpStatusCode.OK, Sender()));
        await using var services = TestTwilio.Services(stub, o =>
        {
            TestTwilio.Valid(o);
            o.SenderSid = SenderSid;
            o.ApiBaseUrl = new Uri("http://127.0.0.1:4010/twilio/");
        });
        var provider = TestTwilio.Provider(services);
        var profiles = services.GetRequiredService<IWhatsAppBusinessProfile>();

        await provider.SendAsync(new WhatsAppMessage(TestTwilio.Recipient, "one"));
        await provider.SendAsync(new WhatsAppMessage(TestTwilio.Recipient, "two"));
        await profiles.GetAsync();
        await provider.SendAsync(new WhatsAppMessage(TestTwilio.Recipient, "three"));

        var sent = stub.Requests.Select(r => (Uri: r.Message.RequestUri!.AbsoluteUri, Host: r.Header("X-Forwarded-Host"))).ToList();
        var messages = $"http://127.0.0.1:4010/twilio/2010-04-01/Accounts/{TestTwilio.AccountSid}/Messages.json";
        Assert.That(sent, Is.EqualTo(new[]
        {
            (messages, "api.twilio.com"),
            (messages, "api.twilio.com"),
            ($"http://127.0.0.1:4010/twilio/v2/Channels/Senders/{SenderSid}", "messaging.twilio.com"),
            (messages, "api.twilio.com"),
        }));
    }

    [Test]
    public async Task An_unknown_sender_is_NotConfigured()
    {
        var empty = """{"senders": [], "meta": {"page": 0, "page_size": 100, "next_page_url": null, "key": "senders"}}""";
        var stub = new StubHttpHandler(_ => TestTwilio.Json(HttpStatusCode.OK, empty));
        await using var services = TestTwilio.Services(stub);

        var e = Assert.ThrowsAsync<MessagingException>(() => services.GetRequiredService<IWhatsAppBusinessProfile>().GetAsync());
        Assert.That(e!.Code, Is.EqualTo(MessagingErrorCode.NotConfigured));
        Assert.That(e.Message, Does.Contain("SenderSid").And.Not.Contain("+14155238886"));
    }
}
