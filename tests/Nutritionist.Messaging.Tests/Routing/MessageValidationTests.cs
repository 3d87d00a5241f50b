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

    [TestCase("HXb5b62575e6e4ff6129ad7c8efe1f983e", true)]
    [TestCase("HXB5B62575E6E4FF6129AD7C8EFE1F983E", true)]
    [TestCase("HX123", false)]
    [TestCase("MGb5b62575e6e4ff6129ad7c8efe1f983e", false)]
    [TestCase("HXz5b62575e6e4ff6129ad7c8efe1f983e", false)]
    [TestCase(null, false)]
    public void Content_sid_shape(string? sid, bool valid) =>
        Assert.That(WhatsAppTemplate.IsValidContentSid(sid), Is.EqualTo(valid));
}
