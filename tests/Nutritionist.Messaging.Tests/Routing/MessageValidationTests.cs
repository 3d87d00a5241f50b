using Nutritionist.Messaging.Tests.Fakes;

namespace Nutritionist.Messaging.Tests.Routing;

public class MessageValidationTests
{
    private const string To = "+12015550123";
    private const string ValidContentSid = "HXb5b62575e6e4ff6129ad7c8efe1f983e";

    private static IEnumerable<TestCaseData> InvalidMessages()
    {
        yield return new TestCaseData(new OutboundMessage(To), MessagingPlatform.Sms, "no content").SetName("No body, media or template");
        yield return new TestCaseData(new OutboundMessage(To, ""), MessagingPlatform.Sms, "no content").SetName("Empty body");
        yield return new TestCaseData(new OutboundMessage(To, " \r\n\t "), MessagingPlatform.WhatsApp, "white space").SetName("White-space body");
        yield return new TestCaseData(new OutboundMessage(To, new string('a', 1601)), MessagingPlatform.Sms, "1601 characters; the limit is 1600").SetName("1601 characters");
        yield return new TestCaseData(new OutboundMessage(To, "Hi") { MediaUrls = [new Uri("/plan.png", UriKind.Relative)] }, MessagingPlatform.WhatsApp, "not an absolute URL").SetName("Relative media URL");
        yield return new TestCaseData(new OutboundMessage(To, "Hi") { MediaUrls = [null!] }, MessagingPlatform.WhatsApp, "MediaUrls[0] is null").SetName("Null media URL");
        yield return new TestCaseData(new OutboundMessage(To) { Template = new WhatsAppTemplate(ValidContentSid) }, MessagingPlatform.Sms, "cannot be sent on Sms").SetName("Template on SMS");
        yield return new TestCaseData(new OutboundMessage(To, "Hi") { Template = new WhatsAppTemplate(ValidContentSid) }, MessagingPlatform.WhatsApp, "cannot also carry Body").SetName("Template plus body");
        yield return new TestCaseData(new OutboundMessage(To) { Template = new WhatsAppTemplate("HX123") }, MessagingPlatform.WhatsApp, "is not a Content SID").SetName("Malformed ContentSid");
        yield return new TestCaseData(new OutboundMessage(To) { Template = WhatsAppTemplate.Create("order_ready", "en_US").WithBody(WhatsAppTemplateParameter.Positional("Ada"), WhatsAppTemplateParameter.Named("day", "Tue")) }, MessagingPlatform.WhatsApp, "mixes positional and named").SetName("Template body mixing positional and named parameters");
        yield return new TestCaseData(new OutboundMessage(To) { Template = WhatsAppTemplate.Create("order_ready", "en_US").WithHeader(WhatsAppTemplateParameter.Video(new Uri("http://cdn.example.com/a.mp4"))) }, MessagingPlatform.WhatsApp, "must be https").SetName("Template header media over http");
        yield return new TestCaseData(new OutboundMessage(To) { Template = new WhatsAppTemplate(ValidContentSid, new Dictionary<string, string> { ["1"] = "a" }).WithBody("b") }, MessagingPlatform.WhatsApp, "both Variables and BodyParameters").SetName("Template variables beside body parameters");
    }

    [TestCaseSource(nameof(InvalidMessages))]
    public async Task Invalid_messages_are_rejected_with_InvalidMessage_and_no_provider_call(OutboundMessage message, MessagingPlatform platform, string reason)
    {
        using var harness = new MessagingHarness();

        var result = await harness.Client.SendAsync(new OutboundMessage(message.To, message.Body)
        {
            Platform = platform,
            MediaUrls = message.MediaUrls,
            Template = message.Template,
        });

        Assert.Multiple(() =>
        {
            Assert.That(result.Status, Is.EqualTo(SendStatus.Rejected));
            Assert.That(result.Error!.Code, Is.EqualTo(MessagingErrorCode.InvalidMessage));
            Assert.That(result.Error.Message, Does.Contain(reason));
            Assert.That(harness.Sms.Calls + harness.WhatsApp.Calls, Is.Zero);
        });
    }

    [Test]
    public async Task Exactly_1600_characters_media_only_and_template_only_messages_are_sent()
    {
        using var harness = new MessagingHarness();

        var longest = await harness.Client.SendAsync(MessagingPlatform.Sms, To, new string('a', 1600));
        var mediaOnly = await harness.Client.SendAsync(new OutboundMessage(To) { Platform = MessagingPlatform.WhatsApp, MediaUrls = [new Uri("https://example.test/a.png")] });
        var template = await harness.Client.SendAsync(new OutboundMessage(To)
        {
            Platform = MessagingPlatform.WhatsApp,
            Template = new WhatsAppTemplate(ValidContentSid, new Dictionary<string, string> { ["1"] = "Ada" }),
        });

        Assert.That(new[] { longest.Status, mediaOnly.Status, template.Status }, Is.All.EqualTo(SendStatus.Accepted));
        Assert.That(harness.WhatsApp.Sent.Last().Template!.Variables["1"], Is.EqualTo("Ada"));
    }

    [Test]
    public async Task A_neutral_template_reaches_the_provider_with_its_components_and_falls_back_to_its_sms_text()
    {
        using var harness = new MessagingHarness();
        var template = WhatsAppTemplate.Create("meal_plan_ready", "en_US")
            .WithHeader(WhatsAppTemplateParameter.Document(new Uri("https://example.test/plan.pdf"), "plan.pdf"))
            .WithBody("Ada", "Monday")
            .WithButton(WhatsAppTemplateButton.QuickReply(0, "SWAP"))
            .WithSmsFallbackText("Your plan is ready.");

        var result = await harness.Client.SendAsync(new OutboundMessage(To) { Platform = MessagingPlatform.WhatsApp, Template = template });

        var sent = harness.WhatsApp.Sent.Last().Template!;
        Assert.Multiple(() =>
        {
            Assert.That(result.Status, Is.EqualTo(SendStatus.Accepted));
            Assert.That((sent.Name, sent.Language, sent.ContentSid), Is.EqualTo(("meal_plan_ready", "en_US", (string?)null)));
            Assert.That(sent.HeaderParameters.Single().FileName, Is.EqualTo("plan.pdf"));
            Assert.That(sent.BodyParameters.Select(p => p.Text), Is.EqualTo(new[] { "Ada", "Monday" }));
            Assert.That(sent.Buttons.Single().Value, Is.EqualTo("SWAP"));
            Assert.That(sent.SmsFallbackText, Is.EqualTo("Your plan is ready."));
            Assert.That(template.WithBody("x").BodyParameters.Single().Text, Is.EqualTo("x"), "With… returns a copy");
            Assert.That(template.BodyParameters, Has.Count.EqualTo(2), "the original is unchanged");
        });
    }

    [TestCase("HXb5b62575e6e4ff6129ad7c8efe1f983e", true)]
    [TestCase("HXB5B62575E6E4FF6129AD7C8EFE1F983E", true)]
    [TestCase("HX123", false)]
    [TestCase("MGb5b62575e6e4ff6129ad7c8efe1f983e", false)]
    [TestCase("HXz5b62575e6e4ff6129ad7c8efe1f983e", false)]
    [TestCase(null, false)]
    public void Content_sid_shape(string? sid, bool valid) =>
        Assert.That(WhatsAppTemplate.IsValidContentSid(sid), Is.EqualTo(valid));
}
