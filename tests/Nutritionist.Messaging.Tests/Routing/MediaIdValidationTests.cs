using Nutritionist.Messaging.Tests.Fakes;

namespace Nutritionist.Messaging.Tests.Routing;

/// <summary><see cref="OutboundMessage.MediaId"/>: WhatsApp only, with a kind, never beside URLs or a template; a valid one reaches the provider.</summary>
public class MediaIdValidationTests
{
    private const string To = "+12015550123";
    private const string MediaId = "1203951784372851";

    private static IEnumerable<TestCaseData> Invalid()
    {
        yield return new TestCaseData(new OutboundMessage(To) { Platform = MessagingPlatform.Sms, MediaId = MediaId, MediaKind = WhatsAppMediaKind.Image }, "cannot be sent on Sms").SetName("On SMS");
        yield return new TestCaseData(new OutboundMessage(To) { Platform = MessagingPlatform.WhatsApp, MediaId = MediaId }, "needs MediaKind").SetName("Without a kind");
        yield return new TestCaseData(new OutboundMessage(To) { Platform = MessagingPlatform.WhatsApp, MediaId = " ", MediaKind = WhatsAppMediaKind.Image }, "empty or white space").SetName("Blank");
        yield return new TestCaseData(new OutboundMessage(To) { Platform = MessagingPlatform.WhatsApp, MediaId = MediaId, MediaKind = WhatsAppMediaKind.Image, MediaUrls = [new Uri("https://example.test/a.png")] }, "not both").SetName("Beside URLs");
        yield return new TestCaseData(new OutboundMessage(To) { Platform = MessagingPlatform.WhatsApp, MediaId = MediaId, MediaKind = WhatsAppMediaKind.Image, Template = new WhatsAppTemplate("HXb5b62575e6e4ff6129ad7c8efe1f983e") }, "cannot also carry").SetName("Beside a template");
    }

    [TestCaseSource(nameof(Invalid))]
    public async Task Misused_media_ids_are_rejected_with_InvalidMessage_and_no_provider_call(OutboundMessage message, string reason)
    {
        using var harness = new MessagingHarness();

        var result = await harness.Client.SendAsync(message);

        Assert.Multiple(() =>
        {
            Assert.That(result.Status, Is.EqualTo(SendStatus.Rejected));
            Assert.That(result.Error!.Code, Is.EqualTo(MessagingErrorCode.InvalidMessage));
            Assert.That(result.Error.Message, Does.Contain(reason));
            Assert.That(harness.Sms.Calls + harness.WhatsApp.Calls, Is.Zero);
        });
    }

    [Test]
    public async Task A_media_id_with_its_kind_reaches_the_WhatsApp_provider()
    {
        using var harness = new MessagingHarness();

        var result = await harness.Client.SendAsync(new OutboundMessage(To, "Today's plate") { Platform = MessagingPlatform.WhatsApp, MediaId = MediaId, MediaKind = WhatsAppMediaKind.Image });

        Assert.That(result.Status, Is.EqualTo(SendStatus.Accepted), result.ToString());
        Assert.That(harness.WhatsApp.Sent.Single().MediaId, Is.EqualTo(MediaId));
        Assert.That(harness.WhatsApp.Sent.Single().MediaKind, Is.EqualTo(WhatsAppMediaKind.Image));
    }
}
