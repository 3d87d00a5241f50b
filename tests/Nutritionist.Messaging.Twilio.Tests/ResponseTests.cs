using System.Net;
using System.Text.Json;
using Nutritionist.Messaging.Testing.Shared;

namespace Nutritionist.Messaging.Twilio.Tests;

public class ResponseTests
{
    [Test]
    public async Task Receipt_carries_the_sid_status_sender_and_segments_of_the_201_Message_resource()
    {
        var stub = new StubHttpHandler(_ => TestTwilio.Created());
        await using var services = TestTwilio.Services(stub);

        var receipt = await TestTwilio.Provider(services).SendAsync(new WhatsAppMessage(TestTwilio.Recipient, "hi"));

        Assert.That(receipt.MessageId, Is.EqualTo(TestTwilio.MessageSid));
        Assert.That(receipt.ProviderStatus, Is.EqualTo("queued"));
        Assert.That(receipt.OriginationIdentity, Is.EqualTo(TestTwilio.From));
        Assert.That(receipt.Segments, Is.EqualTo(1));
    }

    [Test]
    public async Task The_specs_own_create_example_parses()
    {
        using var spec = JsonDocument.Parse(ReferenceData.ReadText("twilio/twilio_api_v2010.json"));
        var example = spec.RootElement.GetProperty("paths").GetProperty("/2010-04-01/Accounts/{AccountSid}/Messages.json")
            .GetProperty("post").GetProperty("responses").GetProperty("201").GetProperty("content").GetProperty("application/json")
            .GetProperty("examples").GetProperty("createWithMessagingService").GetProperty("value").GetRawText();
        var stub = new StubHttpHandler(_ => TestTwilio.Json(HttpStatusCode.Created, example));
        await using var services = TestTwilio.Services(stub, o =>
        {
            o.AccountSid = TestTwilio.AccountSid;
            o.AuthToken = TestTwilio.AuthToken;
            o.MessagingServiceSid = TestTwilio.MessagingServiceSid;
        });

        var receipt = await TestTwilio.Provider(services).SendAsync(new WhatsAppMessage(TestTwilio.Recipient, "hi"));

        Assert.That(receipt.MessageId, Is.EqualTo("SMaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"));
        Assert.That(receipt.ProviderStatus, Is.EqualTo("queued"));
        Assert.That(receipt.OriginationIdentity, Is.EqualTo(TestTwilio.MessagingServiceSid), "the example has \"from\": null, so the service is the sender");
    }
}
