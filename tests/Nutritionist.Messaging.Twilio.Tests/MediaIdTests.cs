using Nutritionist.Messaging.Testing.Shared;

namespace Nutritionist.Messaging.Twilio.Tests;

/// <summary>Twilio sends WhatsApp media by URL only: media uploaded to WhatsApp (by id) is refused before any request.</summary>
public class MediaIdTests
{
    [Test]
    public async Task A_media_id_is_refused_as_InvalidMessage_without_a_request()
    {
        var stub = new StubHttpHandler(_ => TestTwilio.Created());
        await using var services = TestTwilio.Services(stub);

        var e = Assert.ThrowsAsync<MessagingException>(() => TestTwilio.Provider(services).SendAsync(
            new WhatsAppMessage(TestTwilio.Recipient, "Today's plate") { MediaId = "1203951784372851", MediaKind = WhatsAppMediaKind.Image }));

        Assert.That(e!.Code, Is.EqualTo(MessagingErrorCode.InvalidMessage));
        Assert.That(e.Message, Does.Contain("MediaId"));
        Assert.That(stub.Requests, Is.Empty);
    }
}
