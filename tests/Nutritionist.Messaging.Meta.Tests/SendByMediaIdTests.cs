using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Nutritionist.Messaging.CloudApi;
using Nutritionist.Messaging.Testing.Shared;

namespace Nutritionist.Messaging.Meta.Tests;

/// <summary>
/// Media uploaded beforehand (AWS <c>PostWhatsAppMessageMedia</c>, Meta's media upload) goes by its <c>id</c> instead of a
/// <c>link</c>; every body passes Meta's schema, and what the Cloud API would refuse is refused before any request.
/// </summary>
public class SendByMediaIdTests
{
    private const string MediaId = "1234567890123456";

    [TestCase(WhatsAppMediaKind.Image, "image", "Tonight's dinner")]
    [TestCase(WhatsAppMediaKind.Video, "video", "How to prep")]
    [TestCase(WhatsAppMediaKind.Document, "document", "Your plan")]
    [TestCase(WhatsAppMediaKind.Audio, "audio", null)]
    public async Task Uploaded_media_goes_by_id_with_the_body_as_caption(WhatsAppMediaKind kind, string type, string? caption)
    {
        var stub = new StubHttpHandler(_ => TestMeta.Accepted());
        await using var services = TestMeta.Services(stub);

        await services.GetRequiredService<IWhatsAppProvider>().SendAsync(new WhatsAppMessage(TestMeta.Recipient, caption) { MediaId = MediaId, MediaKind = kind });

        var body = stub.Requests.Single().BodyText;
        MetaSchema.AssertValid(body);
        var media = JsonDocument.Parse(body).RootElement.GetProperty(type);
        Assert.Multiple(() =>
        {
            Assert.That(JsonDocument.Parse(body).RootElement.GetProperty("type").GetString(), Is.EqualTo(type));
            Assert.That(media.GetProperty("id").GetString(), Is.EqualTo(MediaId));
            Assert.That(media.TryGetProperty("link", out _), Is.False, "id and link are exclusive");
            Assert.That(media.TryGetProperty("caption", out var c) ? c.GetString() : null, Is.EqualTo(caption));
        });
    }

    public static IEnumerable<TestCaseData> Refused()
    {
        yield return new TestCaseData(new WhatsAppMessage(TestMeta.Recipient, "x") { MediaId = MediaId }, "MediaKind").SetName("Without a kind");
        yield return new TestCaseData(new WhatsAppMessage(TestMeta.Recipient, "x") { MediaId = MediaId, MediaKind = WhatsAppMediaKind.Image, MediaUrls = [new Uri("https://cdn.example.com/a.jpg")] }, "MediaUrls").SetName("Beside a URL");
        yield return new TestCaseData(new WhatsAppMessage(TestMeta.Recipient, "x") { MediaId = MediaId, MediaKind = WhatsAppMediaKind.Audio }, "caption").SetName("Audio with a caption");
        yield return new TestCaseData(new WhatsAppMessage(TestMeta.Recipient, null) { MediaId = " ", MediaKind = WhatsAppMediaKind.Image }, "MediaId is empty").SetName("Blank id");
        yield return new TestCaseData(new WhatsAppMessage(TestMeta.Recipient, null) { MediaId = MediaId, MediaKind = WhatsAppMediaKind.Image, Template = new WhatsAppTemplate("meal_plan_ready") }, "template").SetName("Beside a template");
    }

    [TestCaseSource(nameof(Refused))]
    public void What_the_Cloud_API_would_refuse_is_refused_by_the_writer(WhatsAppMessage message, string reason)
    {
        var e = Assert.Throws<MessagingException>(() => CloudApiMessageWriter.Write(message));

        Assert.That(e!.Code, Is.EqualTo(MessagingErrorCode.InvalidMessage));
        Assert.That(e.Message, Does.Contain(reason).IgnoreCase);
    }
}
