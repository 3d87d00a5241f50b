using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Nutritionist.Messaging.Aws.Inbound;
using Nutritionist.Messaging.Delivery;
using Nutritionist.Messaging.Inbound;

namespace Nutritionist.Messaging.Aws.Tests.Inbound;

/// <summary>
/// End User Messaging Social WhatsApp events (raw, as SNS raw delivery puts them in SQS, and inside a signed SNS envelope)
/// through the SQS inbound processor: the entry is read by the Cloud API webhook reader Meta's webhook uses, and its
/// messages and statuses reach the pipeline: opt-out keywords, the 24-hour window, delivery tracking, handlers.
/// </summary>
public sealed class WhatsAppEventTests
{
    // Half an hour after the reference customer wrote: inside the 24-hour window.
    private static readonly DateTimeOffset Now = WhatsAppEvents.InboundTime.AddMinutes(30);

    [Test]
    public async Task The_reference_inbound_text_reaches_the_handler_as_a_WhatsApp_message_raw_and_in_a_signed_envelope([Values] bool inEnvelope)
    {
        var handler = new RecordingInboundHandler();
        using var sns = new TestSns(Now);
        using var harness = Harness(sns, b => b.Services.AddSingleton<IInboundMessageHandler>(handler));

        var result = await harness.Processor.ProcessAsync(Body(sns, WhatsAppEvents.Read(WhatsAppEvents.InboundTextPath), inEnvelope), Now);

        var message = handler.Received.Single();
        Assert.Multiple(() =>
        {
            Assert.That(result.Kind, Is.EqualTo(SqsBodyKind.WhatsAppEvent));
            Assert.That(result.CanDelete, Is.True);
            Assert.That(result.ProviderMessageId, Is.EqualTo(WhatsAppEvents.InboundWamid));
            Assert.That(message.Platform, Is.EqualTo(MessagingPlatform.WhatsApp));
            Assert.That(message.From, Is.EqualTo(WhatsAppEvents.Customer));
            Assert.That(message.To, Is.EqualTo("+15550783881"));
            Assert.That(message.Body, Is.EqualTo("Can I swap Tuesday's lunch for something vegetarian?"));
            Assert.That(message.ProviderMessageId, Is.EqualTo(WhatsAppEvents.InboundWamid));
            Assert.That(message.ProviderName, Is.EqualTo("aws-whatsapp"));
            Assert.That(message.ProfileName, Is.EqualTo("Ana Souza"));
            Assert.That(message.ReceivedAt, Is.EqualTo(WhatsAppEvents.InboundTime));
        });
    }

    [Test]
    public async Task The_reference_statuses_reach_the_tracker_with_reference_and_error([Values] bool inEnvelope)
    {
        var statuses = new ConcurrentQueue<DeliveryStatusUpdate>();
        using var sns = new TestSns(Now);
        using var harness = Harness(sns, b => b.Services.AddSingleton<IDeliveryStatusHandler>(new Lambda.RecordingStatusHandler { OnUpdate = u => { statuses.Enqueue(u); return Task.CompletedTask; } }));

        var delivered = await harness.Processor.ProcessAsync(Body(sns, WhatsAppEvents.Read(WhatsAppEvents.StatusDeliveredPath), inEnvelope), Now);
        var failed = await harness.Processor.ProcessAsync(Body(sns, WhatsAppEvents.Read(WhatsAppEvents.StatusFailedPath), inEnvelope), Now);

        var updates = statuses.ToArray();
        Assert.Multiple(() =>
        {
            Assert.That(delivered.Kind, Is.EqualTo(SqsBodyKind.WhatsAppEvent));
            Assert.That(failed.CanDelete, Is.True);
            Assert.That(updates.Select(u => (u.MessageId, u.Status)), Is.EqualTo(new[] { (WhatsAppEvents.DeliveredWamid, DeliveryStatus.Delivered), (WhatsAppEvents.FailedWamid, DeliveryStatus.Failed) }));
            Assert.That(updates[0].Platform, Is.EqualTo(MessagingPlatform.WhatsApp));
            Assert.That(updates[0].ClientReference, Is.EqualTo("nm:send:7f3c2a10"));
            Assert.That(updates[0].Recipient, Is.EqualTo(WhatsAppEvents.Customer));
            Assert.That(updates[0].Timestamp, Is.EqualTo(DateTimeOffset.FromUnixTimeSeconds(1795987865)));
            Assert.That(updates[1].ErrorCode, Is.EqualTo("131047"));
            Assert.That(updates[1].ErrorMessage, Does.StartWith("Re-engagement message: Message failed to send because more than 24 hours"));
        });
    }

    [Test]
    public async Task STOP_opts_the_customer_out_of_WhatsApp_so_the_next_send_is_rejected_and_START_opts_back_in()
    {
        var whatsApp = new FakeWhatsAppProvider();
        using var sns = new TestSns(Now);
        using var harness = Harness(sns, b => b.AddWhatsAppProvider(_ => whatsApp));

        await harness.Processor.ProcessAsync(WhatsAppEvents.Inbound("STOP", wamid: "wamid.stop", from: WhatsAppEvents.UsCustomer), Now);
        var refused = await harness.Client.SendAsync(MessagingPlatform.WhatsApp, WhatsAppEvents.UsCustomer, "Your meal plan is ready");
        var optedOut = await harness.OptOuts.IsOptedOutAsync(WhatsAppEvents.UsCustomer, MessagingPlatform.WhatsApp);
        var callsWhileOptedOut = whatsApp.Sent.Count(m => m.Body == "Your meal plan is ready");

        await harness.Processor.ProcessAsync(WhatsAppEvents.Inbound("START", wamid: "wamid.start", from: WhatsAppEvents.UsCustomer), Now);
        var sent = await harness.Client.SendAsync(MessagingPlatform.WhatsApp, WhatsAppEvents.UsCustomer, "Welcome back");

        Assert.Multiple(() =>
        {
            Assert.That(optedOut, Is.True);
            Assert.That(refused.Status, Is.EqualTo(SendStatus.Rejected));
            Assert.That(refused.Error?.Code, Is.EqualTo(MessagingErrorCode.OptedOut));
            Assert.That(callsWhileOptedOut, Is.Zero, "an opted-out recipient never reaches the provider");
            Assert.That(sent.Status, Is.EqualTo(SendStatus.Accepted), sent.ToString());
        });
    }

    [Test]
    public async Task An_inbound_message_opens_the_24_hour_window_for_free_form_replies()
    {
        var whatsApp = new FakeWhatsAppProvider();
        using var sns = new TestSns(Now);
        using var harness = Harness(sns, b => b.AddWhatsAppProvider(_ => whatsApp));

        var before = await harness.Client.SendAsync(MessagingPlatform.WhatsApp, WhatsAppEvents.UsCustomer, "Sure, here are three options");
        await harness.Processor.ProcessAsync(WhatsAppEvents.Inbound("Can I swap lunch?", from: WhatsAppEvents.UsCustomer), Now);
        var after = await harness.Client.SendAsync(MessagingPlatform.WhatsApp, WhatsAppEvents.UsCustomer, "Sure, here are three options");

        Assert.Multiple(() =>
        {
            Assert.That(before.Error?.Code, Is.EqualTo(MessagingErrorCode.SessionWindowClosed));
            Assert.That(after.Status, Is.EqualTo(SendStatus.Accepted), after.ToString());
            Assert.That(whatsApp.Sent, Has.Count.EqualTo(1));
        });
    }

    [TestCase("sent", "delivered", DeliveryStatus.Delivered)]
    [TestCase("delivered", "sent", DeliveryStatus.Delivered)]
    [TestCase("read", "delivered", DeliveryStatus.Read)]
    [TestCase("sent", "failed", DeliveryStatus.Failed)]
    [TestCase("failed", "sent", DeliveryStatus.Failed)]
    public async Task Statuses_end_in_the_same_state_in_either_order(string first, string second, DeliveryStatus expected)
    {
        var whatsApp = new FakeWhatsAppProvider();
        using var sns = new TestSns(Now);
        using var harness = Harness(sns, b => b.AddWhatsAppProvider(_ => whatsApp));
        await harness.Processor.ProcessAsync(WhatsAppEvents.Inbound("Can I swap lunch?", from: WhatsAppEvents.UsCustomer), Now);
        whatsApp.NextId = "wamid.out-1";
        var sent = await harness.Client.SendAsync(MessagingPlatform.WhatsApp, WhatsAppEvents.UsCustomer, "Here you are");
        Assert.That(sent.MessageId, Is.EqualTo("wamid.out-1"), sent.ToString());

        await harness.Processor.ProcessAsync(WhatsAppEvents.Status("wamid.out-1", first, Now.AddMinutes(1)), Now);
        await harness.Processor.ProcessAsync(WhatsAppEvents.Status("wamid.out-1", second, Now.AddMinutes(2)), Now);

        var record = await harness.Tracker.GetAsync("wamid.out-1");
        Assert.That(record!.Status, Is.EqualTo(expected), $"{first} then {second}");
    }

    [Test]
    public async Task Media_arrives_with_its_id_for_GetWhatsAppMessageMedia()
    {
        var handler = new RecordingInboundHandler();
        using var sns = new TestSns(Now);
        using var harness = Harness(sns, b => b.Services.AddSingleton<IInboundMessageHandler>(handler));
        var image = WhatsAppEvents.WithEntry(WhatsAppEvents.InboundTextPath, entry =>
        {
            var message = WhatsAppEvents.Value(entry)["messages"]![0]!.AsObject();
            message.Remove("text");
            message["type"] = "image";
            message["image"] = new JsonObject { ["id"] = "1203951784372851", ["mime_type"] = "image/jpeg", ["caption"] = "My lunch" };
        });

        await harness.Processor.ProcessAsync(image, Now);

        var media = handler.Received.Single().Media.Single();
        Assert.Multiple(() =>
        {
            Assert.That(handler.Received.Single().Body, Is.EqualTo("My lunch"));
            Assert.That(media.Id, Is.EqualTo("1203951784372851"));
            Assert.That(media.ContentType, Is.EqualTo("image/jpeg"));
            Assert.That(media.Url, Is.EqualTo(new Uri("urn:aws:social-messaging:whatsapp-media:1203951784372851")));
        });
    }

    // Each body is made when its test runs, not when the cases are listed: without the reference events the tests are
    // skipped one by one (ReferenceData), where a failure while listing would have failed the whole source.
    public static IEnumerable<TestCaseData> Malformed()
    {
        const string In = WhatsAppEvents.InboundTextPath;
        const string Status = WhatsAppEvents.StatusDeliveredPath;
        yield return new TestCaseData((Func<string>)(() => WhatsAppEvents.WithWrapper(In, r => r.Remove("whatsAppWebhookEntry"))), InboundFailureReason.WhatsAppEventMalformed).SetName("Wrapper without whatsAppWebhookEntry");
        yield return new TestCaseData((Func<string>)(() => WhatsAppEvents.WithWrapper(In, r => r["whatsAppWebhookEntry"] = 42)), InboundFailureReason.WhatsAppEventMalformed).SetName("whatsAppWebhookEntry a number");
        yield return new TestCaseData((Func<string>)(() => WhatsAppEvents.WithWrapper(In, r => r["whatsAppWebhookEntry"] = JsonNode.Parse(r["whatsAppWebhookEntry"]!.GetValue<string>()))), InboundFailureReason.WhatsAppEventMalformed).SetName("whatsAppWebhookEntry an object, not a string");
        yield return new TestCaseData((Func<string>)(() => WhatsAppEvents.WithWrapper(In, r => r["whatsAppWebhookEntry"] = "{\"id\":\"1\",\"changes\":[")), InboundFailureReason.WhatsAppEventMalformed).SetName("whatsAppWebhookEntry not JSON");
        yield return new TestCaseData((Func<string>)(() => WhatsAppEvents.WithWrapper(In, r => r["whatsAppWebhookEntry"] = "[1,2]")), InboundFailureReason.WhatsAppEventMalformed).SetName("whatsAppWebhookEntry an array");
        yield return new TestCaseData((Func<string>)(() => WhatsAppEvents.WithEntry(In, e => e.Remove("changes"))), InboundFailureReason.WhatsAppEntryMalformed).SetName("Entry without changes");
        yield return new TestCaseData((Func<string>)(() => WhatsAppEvents.WithEntry(In, e => e["changes"]![0]!.AsObject().Remove("value"))), InboundFailureReason.WhatsAppEntryMalformed).SetName("Messages change without value");
        yield return new TestCaseData((Func<string>)(() => WhatsAppEvents.WithEntry(In, e => WhatsAppEvents.Value(e)["messages"]![0]!.AsObject().Remove("id"))), InboundFailureReason.WhatsAppEntryMalformed).SetName("Message without id");
        yield return new TestCaseData((Func<string>)(() => WhatsAppEvents.WithEntry(In, e => WhatsAppEvents.Value(e)["messages"]![0]!["from"] = "not-a-number")), InboundFailureReason.WhatsAppEntryMalformed).SetName("Message from no number");
        yield return new TestCaseData((Func<string>)(() => WhatsAppEvents.WithEntry(Status, e => WhatsAppEvents.Value(e)["statuses"]![0]!.AsObject().Remove("status"))), InboundFailureReason.WhatsAppEntryMalformed).SetName("Status without status");
    }

    [TestCaseSource(nameof(Malformed))]
    public async Task A_malformed_event_is_rejected_with_its_reason_and_nothing_reaches_the_pipeline(Func<string> makeBody, InboundFailureReason reason)
    {
        var body = makeBody();
        var handler = new RecordingInboundHandler();
        var statuses = new Lambda.RecordingStatusHandler();
        using var sns = new TestSns(Now);
        using var harness = Harness(sns, b => b.Services.AddSingleton<IInboundMessageHandler>(handler).AddSingleton<IDeliveryStatusHandler>(statuses));

        var raw = await harness.Processor.ProcessAsync(body, Now);
        var enveloped = await harness.Processor.ProcessAsync(sns.Envelope(body, Now), Now);

        Assert.Multiple(() =>
        {
            Assert.That(raw.Reason, Is.EqualTo(reason));
            Assert.That(raw.CanDelete, Is.False, "left for redelivery and, in the end, the dead-letter queue");
            Assert.That(enveloped.Reason, Is.EqualTo(reason));
            Assert.That(enveloped.Detail, Does.Not.Contain("447700900123"));
            Assert.That(handler.Received, Is.Empty);
            Assert.That(statuses.Received, Is.Empty);
        });
    }

    [Test]
    public async Task An_entry_of_another_field_is_ignored_and_deleted()
    {
        using var sns = new TestSns(Now);
        using var harness = Harness(sns);
        var templateUpdate = WhatsAppEvents.WithEntry(WhatsAppEvents.InboundTextPath, e => e["changes"]![0]!["field"] = "message_template_status_update");

        var result = await harness.Processor.ProcessAsync(templateUpdate, Now);

        Assert.That(result.Kind, Is.EqualTo(SqsBodyKind.Ignored));
        Assert.That(result.CanDelete, Is.True);
    }

    [Test]
    public async Task A_forged_envelope_carrying_a_WhatsApp_STOP_is_refused_by_the_signature_check()
    {
        using var sns = new TestSns(Now);
        using var harness = Harness(sns);
        var forged = sns.Envelope(WhatsAppEvents.Inbound("hello"), Now).Replace("hello", "STOP", StringComparison.Ordinal);

        var result = await harness.Processor.ProcessAsync(forged, Now);

        Assert.That(result.Reason, Is.EqualTo(InboundFailureReason.SnsSignatureInvalid));
        Assert.That(await harness.OptOuts.IsOptedOutAsync(WhatsAppEvents.Customer, MessagingPlatform.WhatsApp), Is.False);
    }

    [Test]
    public void The_reference_Lambda_SNS_message_is_the_reference_inbound_event()
    {
        var lambda = JsonNode.Parse(WhatsAppEvents.Read(WhatsAppEvents.LambdaSnsPath))!;
        var message = lambda["Records"]![0]!["Sns"]!["Message"]!.GetValue<string>();
        Assert.That(JsonNode.DeepEquals(JsonNode.Parse(message), JsonNode.Parse(WhatsAppEvents.Read(WhatsAppEvents.InboundTextPath))), Is.True);
    }

    private static string Body(TestSns sns, string payload, bool inEnvelope) => inEnvelope ? sns.Envelope(payload, Now) : payload;

    private static InboundHarness Harness(TestSns sns, Action<IMessagingBuilder>? build = null) =>
        new InboundHarness(time: new FakeTimeProvider(Now), build: build).Serve(TestSns.CertificateUrl, sns.CertificatePem);
}

/// <summary>A hand-written WhatsApp provider: records every message and answers with <see cref="NextId"/> or a fresh id.</summary>
internal sealed class FakeWhatsAppProvider : IWhatsAppProvider
{
    public string Name => "fake-whatsapp";

    public string? NextId { get; set; }

    public ConcurrentQueue<WhatsAppMessage> Sent { get; } = new();

    public Task<ProviderReceipt> SendAsync(WhatsAppMessage message, CancellationToken cancellationToken = default)
    {
        Sent.Enqueue(message);
        var id = NextId ?? "wamid." + Guid.NewGuid().ToString("N");
        NextId = null;
        return Task.FromResult(new ProviderReceipt(id));
    }
}
