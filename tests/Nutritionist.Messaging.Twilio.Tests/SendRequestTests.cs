using System.Net;
using System.Text.Json;
using Nutritionist.Messaging.Testing.Shared;

namespace Nutritionist.Messaging.Twilio.Tests;

public class SendRequestTests
{
    private static readonly Lazy<HashSet<string>> CreateMessageParameters = new(() =>
    {
        using var spec = JsonDocument.Parse(ReferenceData.ReadText("twilio/twilio_api_v2010.json"));
        var schema = spec.RootElement.GetProperty("paths").GetProperty("/2010-04-01/Accounts/{AccountSid}/Messages.json")
            .GetProperty("post").GetProperty("requestBody").GetProperty("content")
            .GetProperty("application/x-www-form-urlencoded").GetProperty("schema").GetProperty("properties");
        return schema.EnumerateObject().Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
    });

    private static async Task<RecordedRequest> SendAsync(WhatsAppMessage message, Action<TwilioWhatsAppOptions>? configure = null)
    {
        var stub = new StubHttpHandler(_ => TestTwilio.Created());
        await using var services = TestTwilio.Services(stub, configure);
        await TestTwilio.Provider(services).SendAsync(message);
        Assert.That(stub.Requests, Has.Count.EqualTo(1));
        var request = stub.Requests.Single();
        AssertCommon(request);
        return request;
    }

    private static void AssertCommon(RecordedRequest request)
    {
        Assert.That(request.Message.Method, Is.EqualTo(HttpMethod.Post));
        Assert.That(request.Message.RequestUri, Is.EqualTo(new Uri($"https://api.twilio.com/2010-04-01/Accounts/{TestTwilio.AccountSid}/Messages.json")));
        Assert.That(request.Header("Content-Type"), Does.StartWith("application/x-www-form-urlencoded"));
        Assert.That(request.Header("Accept"), Does.Contain("application/json"));
        foreach (var (name, _) in TestTwilio.Form(request))
        {
            Assert.That(CreateMessageParameters.Value, Does.Contain(name), $"'{name}' is not a CreateMessage parameter in twilio_api_v2010.json");
        }
    }

    [Test]
    public async Task Text_message_posts_To_From_Body_with_auth_token_basic_auth()
    {
        var request = await SendAsync(new WhatsAppMessage(TestTwilio.Recipient, "Your meal plan is ready!"));

        Assert.That(TestTwilio.Form(request), Is.EquivalentTo(new Dictionary<string, string>
        {
            ["To"] = "whatsapp:+14155552671",
            ["From"] = TestTwilio.From,
            ["Body"] = "Your meal plan is ready!",
        }));
        Assert.That(request.Header("Authorization"), Is.EqualTo(TestTwilio.BasicAuth(TestTwilio.AccountSid, TestTwilio.AuthToken)));
    }

    [Test]
    public async Task Api_key_credentials_authenticate_with_the_key_on_the_account_path()
    {
        var request = await SendAsync(new WhatsAppMessage(TestTwilio.Recipient, "hi"), o =>
        {
            o.AccountSid = TestTwilio.AccountSid;
            o.ApiKeySid = TestTwilio.ApiKeySid;
            o.ApiKeySecret = TestTwilio.ApiKeySecret;
            o.From = TestTwilio.From;
        });

        Assert.That(request.Header("Authorization"), Is.EqualTo(TestTwilio.BasicAuth(TestTwilio.ApiKeySid, TestTwilio.ApiKeySecret)));
        Assert.That(request.Message.RequestUri!.AbsolutePath, Does.Contain($"/Accounts/{TestTwilio.AccountSid}/"));
    }

    [Test]
    public async Task Media_message_posts_one_MediaUrl_beside_the_caption()
    {
        var request = await SendAsync(new WhatsAppMessage(TestTwilio.Recipient, "Today's plan")
        {
            MediaUrls = [new Uri("https://cdn.example.com/plans/day1.pdf")],
        });

        Assert.That(TestTwilio.Form(request), Is.EquivalentTo(new Dictionary<string, string>
        {
            ["To"] = "whatsapp:+14155552671",
            ["From"] = TestTwilio.From,
            ["Body"] = "Today's plan",
            ["MediaUrl"] = "https://cdn.example.com/plans/day1.pdf",
        }));
    }

    [Test]
    public async Task Media_only_message_has_no_Body()
    {
        var request = await SendAsync(new WhatsAppMessage(TestTwilio.Recipient, null) { MediaUrls = [new Uri("https://cdn.example.com/a.jpg")] });

        Assert.That(TestTwilio.Form(request).Select(p => p.Key), Is.EquivalentTo(new[] { "To", "From", "MediaUrl" }));
    }

    [Test]
    public async Task Template_posts_ContentSid_and_ContentVariables_json_without_Body_or_MediaUrl()
    {
        var request = await SendAsync(new WhatsAppMessage(TestTwilio.Recipient, null)
        {
            Template = new WhatsAppTemplate(TestTwilio.ContentSid, new Dictionary<string, string> { ["1"] = "Ada", ["2"] = "Tuesday \"7pm\"" }),
        });

        var form = TestTwilio.Form(request).ToDictionary(p => p.Key, p => p.Value);
        Assert.That(form.Keys, Is.EquivalentTo(new[] { "To", "From", "ContentSid", "ContentVariables" }));
        Assert.That(form["ContentSid"], Is.EqualTo(TestTwilio.ContentSid));
        using var variables = JsonDocument.Parse(form["ContentVariables"]);
        Assert.That(variables.RootElement.ValueKind, Is.EqualTo(JsonValueKind.Object));
        Assert.That(variables.RootElement.GetProperty("1").GetString(), Is.EqualTo("Ada"));
        Assert.That(variables.RootElement.GetProperty("2").GetString(), Is.EqualTo("Tuesday \"7pm\""));
    }

    [Test]
    public async Task Template_without_variables_sends_no_ContentVariables()
    {
        var request = await SendAsync(new WhatsAppMessage(TestTwilio.Recipient, null) { Template = new WhatsAppTemplate(TestTwilio.ContentSid) });

        Assert.That(TestTwilio.Form(request).Select(p => p.Key), Is.EquivalentTo(new[] { "To", "From", "ContentSid" }));
    }

    [Test]
    public async Task Messaging_service_replaces_From()
    {
        var request = await SendAsync(new WhatsAppMessage(TestTwilio.Recipient, "hi"), o =>
        {
            o.AccountSid = TestTwilio.AccountSid;
            o.AuthToken = TestTwilio.AuthToken;
            o.MessagingServiceSid = TestTwilio.MessagingServiceSid;
        });

        Assert.That(TestTwilio.Form(request), Is.EquivalentTo(new Dictionary<string, string>
        {
            ["To"] = "whatsapp:+14155552671",
            ["MessagingServiceSid"] = TestTwilio.MessagingServiceSid,
            ["Body"] = "hi",
        }));
    }

    [Test]
    public async Task Status_callback_comes_from_options()
    {
        var request = await SendAsync(new WhatsAppMessage(TestTwilio.Recipient, "hi"), o =>
        {
            TestTwilio.Valid(o);
            o.StatusCallbackUrl = new Uri("https://hooks.example.com/twilio/status");
        });

        Assert.That(TestTwilio.Form(request), Does.Contain(new KeyValuePair<string, string>("StatusCallback", "https://hooks.example.com/twilio/status")));
    }

    [Test]
    public async Task Status_callback_on_the_message_wins_over_options()
    {
        var request = await SendAsync(
            new WhatsAppMessage(TestTwilio.Recipient, "hi") { StatusCallback = new Uri("https://hooks.example.com/per-message?id=42") },
            o =>
            {
                TestTwilio.Valid(o);
                o.StatusCallbackUrl = new Uri("https://hooks.example.com/twilio/status");
            });

        var callbacks = TestTwilio.Form(request).Where(p => p.Key == "StatusCallback").Select(p => p.Value);
        Assert.That(callbacks, Is.EqualTo(new[] { "https://hooks.example.com/per-message?id=42" }));
    }

    [Test]
    public async Task Recipient_already_in_whatsapp_form_is_not_prefixed_twice()
    {
        var request = await SendAsync(new WhatsAppMessage("whatsapp:+14155552671", "hi"));

        Assert.That(TestTwilio.Form(request).Single(p => p.Key == "To").Value, Is.EqualTo("whatsapp:+14155552671"));
    }
}
