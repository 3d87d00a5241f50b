using Microsoft.Extensions.DependencyInjection;
using Nutritionist.Messaging.Inbound;
using Nutritionist.Messaging.Testing.Shared;

namespace Nutritionist.Messaging.Meta.Tests;

/// <summary>The whole path: <see cref="IMessagingClient"/> → router → Meta provider → HTTP.</summary>
public class RouterTests
{
    [Test]
    public async Task A_template_by_name_goes_through_the_router_outside_the_window()
    {
        var stub = new StubHttpHandler(_ => TestMeta.Accepted());
        await using var services = TestMeta.Services(stub);
        var messaging = services.GetRequiredService<IMessagingClient>();

        var result = await messaging.SendAsync(new OutboundMessage("(415) 555-2671")
        {
            Platform = MessagingPlatform.WhatsApp,
            Template = new WhatsAppTemplate("meal_plan_ready:en_US", new Dictionary<string, string> { ["1"] = "Ada" }),
        });

        Assert.Multiple(() =>
        {
            Assert.That(result.Status, Is.EqualTo(SendStatus.Accepted), result.Error?.Message);
            Assert.That(result.ProviderName, Is.EqualTo("meta"));
            Assert.That(result.MessageId, Is.EqualTo(TestMeta.MessageId));
            Assert.That(stub.Requests, Has.Count.EqualTo(1));
        });
        MetaSchema.AssertValid(stub.Requests.Single().BodyText);
    }

    [Test]
    public async Task Meta_refusing_outside_the_window_is_SessionWindowClosed_in_the_result()
    {
        var stub = new StubHttpHandler(_ => TestMeta.Error(400, 131047, "Re-engagement message"));
        await using var services = TestMeta.Services(stub);
        await services.GetRequiredService<IConversationWindowStore>().RecordInboundAsync(TestMeta.Recipient, DateTimeOffset.UtcNow);

        var result = await services.GetRequiredService<IMessagingClient>().SendAsync(MessagingPlatform.WhatsApp, TestMeta.Recipient, "Hi");

        Assert.Multiple(() =>
        {
            Assert.That(result.Status, Is.Not.EqualTo(SendStatus.Accepted));
            Assert.That(result.Error!.Code, Is.EqualTo(MessagingErrorCode.SessionWindowClosed));
            Assert.That(result.Error.ProviderCode, Is.EqualTo("131047"));
            Assert.That(stub.Requests, Has.Count.EqualTo(1));
        });
    }

    [Test]
    public async Task Reply_context_preview_and_media_kind_reach_Meta_from_an_OutboundMessage()
    {
        var stub = new StubHttpHandler(_ => TestMeta.Accepted());
        await using var services = TestMeta.Services(stub);
        await services.GetRequiredService<IConversationWindowStore>().RecordInboundAsync(TestMeta.Recipient, DateTimeOffset.UtcNow);
        var messaging = services.GetRequiredService<IMessagingClient>();

        var text = await messaging.SendAsync(new OutboundMessage(TestMeta.Recipient, "See https://example.com/plan")
        {
            Platform = MessagingPlatform.WhatsApp,
            ReplyToMessageId = "wamid.QUOTED",
            PreviewUrl = true,
        });
        var media = await messaging.SendAsync(new OutboundMessage(TestMeta.Recipient, "This week")
        {
            Platform = MessagingPlatform.WhatsApp,
            MediaUrls = [new Uri("https://example.com/files/plan?sig=abc")],
            MediaKind = WhatsAppMediaKind.Document,
        });

        Assert.That((text.Status, media.Status), Is.EqualTo((SendStatus.Accepted, SendStatus.Accepted)));
        var first = stub.Requests.ElementAt(0).BodyText;
        var second = stub.Requests.ElementAt(1).BodyText;
        Assert.Multiple(() =>
        {
            Assert.That(first, Does.Contain("\"message_id\":\"wamid.QUOTED\"").And.Contain("\"preview_url\":true"));
            Assert.That(second, Does.Contain("\"type\":\"document\""));
        });
        MetaSchema.AssertValid(first);
        MetaSchema.AssertValid(second);
    }
}
