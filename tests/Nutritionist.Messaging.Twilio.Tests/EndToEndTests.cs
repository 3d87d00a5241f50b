using Microsoft.Extensions.DependencyInjection;
using Nutritionist.Messaging.Inbound;
using Nutritionist.Messaging.OptOut;
using Nutritionist.Messaging.Testing.Shared;

namespace Nutritionist.Messaging.Twilio.Tests;

/// <summary>Through <c>AddNutritionistMessaging(...).AddTwilioWhatsApp(...)</c> and <see cref="IMessagingClient"/>, down to the HTTP stub.</summary>
public class EndToEndTests
{
    /// <summary>The recipient wrote to us, so the 24-hour window is open and free-form text reaches Twilio.</summary>
    private static async Task<IMessagingClient> ClientWithOpenWindowAsync(IServiceProvider services)
    {
        var time = services.GetRequiredService<TimeProvider>();
        await services.GetRequiredService<IConversationWindowStore>().RecordInboundAsync(TestTwilio.Recipient, time.GetUtcNow());
        return services.GetRequiredService<IMessagingClient>();
    }

    [Test]
    public async Task A_WhatsApp_text_is_accepted_with_Twilios_message_sid()
    {
        var stub = new StubHttpHandler(_ => TestTwilio.Created());
        await using var services = TestTwilio.Services(stub);
        services.GetRequiredService<Microsoft.Extensions.Options.IStartupValidator>().Validate();

        var result = await (await ClientWithOpenWindowAsync(services)).SendAsync(MessagingPlatform.WhatsApp, "(415) 555-2671", "Your meal plan is ready!");

        Assert.That(result.Status, Is.EqualTo(SendStatus.Accepted), result.ToString());
        Assert.That(result.MessageId, Is.EqualTo(TestTwilio.MessageSid));
        Assert.That(result.ProviderName, Is.EqualTo("twilio-whatsapp"));
        Assert.That(result.Recipient, Is.EqualTo(TestTwilio.Recipient));
        var form = TestTwilio.Form(stub.Requests.Single()).ToDictionary(p => p.Key, p => p.Value);
        Assert.That(form["To"], Is.EqualTo("whatsapp:+14155552671"));
        Assert.That(form["Body"], Is.EqualTo("Your meal plan is ready!"));
    }

    [Test]
    public async Task Error_63016_is_rejected_as_SessionWindowClosed()
    {
        var stub = new StubHttpHandler(_ => TestTwilio.Error(63016, 400, "Failed to send freeform message because you are outside the allowed window. If you are using WhatsApp, please use a Message Template."));
        await using var services = TestTwilio.Services(stub);

        var result = await (await ClientWithOpenWindowAsync(services)).SendAsync(MessagingPlatform.WhatsApp, "+1 415 555 2671", "Hi again");

        Assert.That(result.Status, Is.EqualTo(SendStatus.Rejected));
        Assert.That(result.Error!.Code, Is.EqualTo(MessagingErrorCode.SessionWindowClosed));
        Assert.That(result.Error.ProviderCode, Is.EqualTo("63016"));
        Assert.That(result.Error.Message, Does.Contain("outside the allowed window"));
    }

    [Test]
    public async Task Error_21610_records_the_opt_out_so_the_next_send_makes_no_call()
    {
        var stub = new StubHttpHandler(_ => TestTwilio.Error(21610, 400, "Attempt to send to unsubscribed recipient"));
        await using var services = TestTwilio.Services(stub);
        var client = await ClientWithOpenWindowAsync(services);

        var first = await client.SendAsync(MessagingPlatform.WhatsApp, TestTwilio.Recipient, "hi");
        var second = await client.SendAsync(MessagingPlatform.WhatsApp, TestTwilio.Recipient, "hi");

        Assert.That(first.Error!.Code, Is.EqualTo(MessagingErrorCode.OptedOut));
        Assert.That(await services.GetRequiredService<IOptOutStore>().IsOptedOutAsync(TestTwilio.Recipient, MessagingPlatform.WhatsApp), Is.True);
        Assert.That(second.Error!.Code, Is.EqualTo(MessagingErrorCode.OptedOut));
        Assert.That(stub.Requests, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task A_5xx_is_reported_as_Unknown()
    {
        var stub = new StubHttpHandler(_ => TestTwilio.Error(20500, 500, "Internal Server Error"));
        await using var services = TestTwilio.Services(stub);

        var result = await (await ClientWithOpenWindowAsync(services)).SendAsync(MessagingPlatform.WhatsApp, TestTwilio.Recipient, "hi");

        Assert.That(result.Status, Is.EqualTo(SendStatus.Unknown));
        Assert.That(result.Error!.Code, Is.EqualTo(MessagingErrorCode.ProviderUnavailable));
    }

    [Test]
    public async Task Free_form_text_outside_the_window_is_refused_before_Twilio_is_called()
    {
        var stub = new StubHttpHandler(_ => TestTwilio.Created());
        await using var services = TestTwilio.Services(stub);

        var result = await services.GetRequiredService<IMessagingClient>().SendAsync(MessagingPlatform.WhatsApp, TestTwilio.Recipient, "hi");

        Assert.That(result.Error!.Code, Is.EqualTo(MessagingErrorCode.SessionWindowClosed));
        Assert.That(stub.Requests, Is.Empty);
    }

    [Test]
    public async Task A_template_is_sent_through_the_client()
    {
        var stub = new StubHttpHandler(_ => TestTwilio.Created());
        await using var services = TestTwilio.Services(stub);

        var result = await services.GetRequiredService<IMessagingClient>().SendAsync(new OutboundMessage(TestTwilio.Recipient)
        {
            Platform = MessagingPlatform.WhatsApp,
            Template = new WhatsAppTemplate(TestTwilio.ContentSid, new Dictionary<string, string> { ["1"] = "Ada" }),
        });

        Assert.That(result.Status, Is.EqualTo(SendStatus.Accepted), result.ToString());
        Assert.That(TestTwilio.Form(stub.Requests.Single()).Select(p => p.Key), Is.EquivalentTo(new[] { "To", "From", "ContentSid", "ContentVariables" }));
    }

    private static IEnumerable<TestCaseData> InvalidMessages()
    {
        yield return new TestCaseData(new OutboundMessage(TestTwilio.Recipient) { Template = new WhatsAppTemplate("HX123") }).SetName("Bad ContentSid");
        yield return new TestCaseData(new OutboundMessage(TestTwilio.Recipient, "also text") { Template = new WhatsAppTemplate(TestTwilio.ContentSid) }).SetName("Template plus body");
        yield return new TestCaseData(new OutboundMessage(TestTwilio.Recipient, "pic") { MediaUrls = [new Uri("http://cdn.example.com/a.jpg")] }).SetName("Http media URL");
        yield return new TestCaseData(new OutboundMessage(TestTwilio.Recipient, "pics") { MediaUrls = [new Uri("https://cdn.example.com/a.jpg"), new Uri("https://cdn.example.com/b.jpg")] }).SetName("Two media URLs");
    }

    [TestCaseSource(nameof(InvalidMessages))]
    public async Task Invalid_content_is_rejected_as_InvalidMessage_before_anything_is_sent(OutboundMessage message)
    {
        var stub = new StubHttpHandler(_ => TestTwilio.Created());
        await using var services = TestTwilio.Services(stub);

        var result = await (await ClientWithOpenWindowAsync(services)).SendAsync(new OutboundMessage(message.To, message.Body)
        {
            Platform = MessagingPlatform.WhatsApp,
            Template = message.Template,
            MediaUrls = message.MediaUrls,
        });

        Assert.That(result.Status, Is.EqualTo(SendStatus.Rejected));
        Assert.That(result.Error!.Code, Is.EqualTo(MessagingErrorCode.InvalidMessage));
        Assert.That(stub.Requests, Is.Empty);
    }

    [Test]
    public async Task Two_media_urls_name_the_one_item_limit()
    {
        var stub = new StubHttpHandler(_ => TestTwilio.Created());
        await using var services = TestTwilio.Services(stub);

        var e = Assert.ThrowsAsync<MessagingException>(() => TestTwilio.Provider(services).SendAsync(new WhatsAppMessage(TestTwilio.Recipient, "pics")
        {
            MediaUrls = [new Uri("https://cdn.example.com/a.jpg"), new Uri("https://cdn.example.com/b.jpg")],
        }));

        Assert.That(e!.Code, Is.EqualTo(MessagingErrorCode.InvalidMessage));
        Assert.That(e.Message, Does.Contain("one media item per message").Or.Contain("1 media item per message"));
        Assert.That(stub.Requests, Is.Empty);
    }

    [Test]
    public async Task Interactive_buttons_and_lists_are_refused_as_InvalidMessage_naming_Content_templates_before_any_request()
    {
        var stub = new StubHttpHandler(_ => TestTwilio.Created());
        await using var services = TestTwilio.Services(stub);
        var client = await ClientWithOpenWindowAsync(services);

        var buttons = await client.SendAsync(new OutboundMessage(TestTwilio.Recipient)
        {
            Platform = MessagingPlatform.WhatsApp,
            Interactive = new WhatsAppReplyButtons("Did you follow today's plan?", [new("yes", "Yes"), new("no", "Not today")]),
        });
        var list = Assert.ThrowsAsync<MessagingException>(() => TestTwilio.Provider(services).SendAsync(new WhatsAppMessage(TestTwilio.Recipient, null)
        {
            Interactive = new WhatsAppList("Swap which meal?", "Choose", [new WhatsAppListSection(null, [new("lunch", "Lunch")])]),
        }));

        Assert.Multiple(() =>
        {
            Assert.That(buttons.Status, Is.EqualTo(SendStatus.Rejected));
            Assert.That(buttons.Error!.Code, Is.EqualTo(MessagingErrorCode.InvalidMessage));
            Assert.That(buttons.Error.Message, Does.Contain("Content API templates"));
            Assert.That(list!.Code, Is.EqualTo(MessagingErrorCode.InvalidMessage));
            Assert.That(stub.Requests, Is.Empty);
        });
    }

    [Test]
    public async Task Provider_refuses_http_media_and_a_non_E164_recipient_on_its_own()
    {
        var stub = new StubHttpHandler(_ => TestTwilio.Created());
        await using var services = TestTwilio.Services(stub);
        var provider = TestTwilio.Provider(services);

        var media = Assert.ThrowsAsync<MessagingException>(() => provider.SendAsync(new WhatsAppMessage(TestTwilio.Recipient, null) { MediaUrls = [new Uri("http://cdn.example.com/a.jpg")] }));
        var recipient = Assert.ThrowsAsync<MessagingException>(() => provider.SendAsync(new WhatsAppMessage("4155552671", "hi")));
        var template = Assert.ThrowsAsync<MessagingException>(() => provider.SendAsync(new WhatsAppMessage(TestTwilio.Recipient, "x") { Template = new WhatsAppTemplate(TestTwilio.ContentSid) }));

        Assert.That(media!.Code, Is.EqualTo(MessagingErrorCode.InvalidMessage));
        Assert.That(media.Message, Does.Contain("https"));
        Assert.That(recipient!.Code, Is.EqualTo(MessagingErrorCode.InvalidRecipient));
        Assert.That(template!.Code, Is.EqualTo(MessagingErrorCode.InvalidMessage));
        Assert.That(stub.Requests, Is.Empty);
    }
}
