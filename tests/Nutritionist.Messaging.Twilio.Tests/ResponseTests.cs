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

    private static async Task<ProviderReceipt> ReceiptForAsync(string json)
    {
        var stub = new StubHttpHandler(_ => TestTwilio.Json(HttpStatusCode.Created, json));
        await using var services = TestTwilio.Services(stub);
        return await TestTwilio.Provider(services).SendAsync(new WhatsAppMessage(TestTwilio.Recipient, "hi"));
    }

    [Test]
    public async Task Only_the_sid_is_needed_absent_or_null_members_leave_the_receipt_fields_unknown()
    {
        var receipt = await ReceiptForAsync($$"""{"sid": "{{TestTwilio.MessageSid}}", "status": null, "from": null, "num_segments": null, "price": null, "error_code": null}""");

        Assert.That(receipt.MessageId, Is.EqualTo(TestTwilio.MessageSid));
        Assert.That(receipt.ProviderStatus, Is.Null);
        Assert.That(receipt.Segments, Is.Null);
        Assert.That(receipt.OriginationIdentity, Is.EqualTo(TestTwilio.From), "without \"from\" the configured sender is reported");

        var bare = await ReceiptForAsync($$"""{"sid": "{{TestTwilio.MessageSid}}"}""");
        Assert.That(bare.MessageId, Is.EqualTo(TestTwilio.MessageSid));
        Assert.That(bare.Segments, Is.Null);
    }

    [TestCase("\"3\"", 3)]
    [TestCase("3", 3)]
    [TestCase("\"\"", null)]
    [TestCase("\"many\"", null)]
    [TestCase("-1", null)]
    [TestCase("1.5", null)]
    [TestCase("{\"n\": 3}", null)]
    [TestCase("[3]", null)]
    [TestCase("true", null)]
    public async Task Num_segments_is_read_from_Twilios_string_or_a_number_and_anything_else_does_not_fail_the_send(string json, int? expected)
    {
        var receipt = await ReceiptForAsync($$"""{"sid": "{{TestTwilio.MessageSid}}", "num_segments": {{json}}, "status": "accepted"}""");

        Assert.That(receipt.Segments, Is.EqualTo(expected));
        Assert.That(receipt.ProviderStatus, Is.EqualTo("accepted"), "the members after num_segments are still read");
    }

    [Test]
    public async Task Members_Twilio_adds_later_and_other_members_of_any_shape_are_ignored()
    {
        var receipt = await ReceiptForAsync($$"""
            {"price": "-0.00500", "error_code": 30008, "tags": {"a": [1, {"b": null}]}, "sid": "{{TestTwilio.MessageSid}}", "new_member": [true], "status": "queued"}
            """);

        Assert.That(receipt.MessageId, Is.EqualTo(TestTwilio.MessageSid));
        Assert.That(receipt.ProviderStatus, Is.EqualTo("queued"));
    }

    [TestCase("<html><body>OK</body></html>", TestName = "An HTML 2xx")]
    [TestCase("{\"sid\": \"SM0123", TestName = "A truncated 2xx")]
    [TestCase("", TestName = "An empty 2xx")]
    [TestCase("[]", TestName = "A 2xx array")]
    [TestCase("null", TestName = "A 2xx null")]
    [TestCase("{\"status\": \"queued\"}", TestName = "A 2xx without sid")]
    [TestCase("{\"sid\": \"\"}", TestName = "A 2xx with an empty sid")]
    [TestCase("{\"sid\": 12}", TestName = "A 2xx with a numeric sid")]
    public async Task An_unreadable_2xx_is_Unknown_and_may_have_been_sent(string body)
    {
        var stub = new StubHttpHandler(_ => new HttpResponseMessage(HttpStatusCode.Created) { Content = new StringContent(body) });
        await using var services = TestTwilio.Services(stub);

        var e = Assert.ThrowsAsync<MessagingException>(() => TestTwilio.Provider(services).SendAsync(new WhatsAppMessage(TestTwilio.Recipient, "hi")));

        Assert.That(e!.Code, Is.EqualTo(MessagingErrorCode.Unknown));
        Assert.That(e.MayHaveBeenSent, Is.True);
        Assert.That(e.IsTransient, Is.False);
        Assert.That(stub.Requests, Has.Count.EqualTo(1), "an answer that may mean sent is never re-sent");
    }
}
