using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Nutritionist.Messaging.Delivery;
using Nutritionist.Messaging.Inbound;
using Nutritionist.Messaging.Tests.Fakes;

namespace Nutritionist.Messaging.Tests.Inbound;

public class InboundPipelineTests
{
    private const string Person = "+12015550123";

    [TestCase("STOP", KeywordKind.OptOut)]
    [TestCase("  stop  ", KeywordKind.OptOut)]
    [TestCase("Stop.", KeywordKind.OptOut)]
    [TestCase("unsubscribe", KeywordKind.OptOut)]
    [TestCase("Stop   All", KeywordKind.OptOut)]
    [TestCase("CANCEL", KeywordKind.OptOut)]
    [TestCase("END", KeywordKind.OptOut)]
    [TestCase("QUIT", KeywordKind.OptOut)]
    [TestCase("optout", KeywordKind.OptOut)]
    [TestCase("START", KeywordKind.OptIn)]
    [TestCase("unstop", KeywordKind.OptIn)]
    [TestCase("Yes", KeywordKind.OptIn)]
    [TestCase("help", KeywordKind.Help)]
    [TestCase("Please stop sending me pictures of kale", KeywordKind.None)]
    [TestCase("stopping by later", KeywordKind.None)]
    [TestCase("", KeywordKind.None)]
    public void Keywords_match_the_whole_message_ignoring_case_and_white_space(string body, KeywordKind expected) =>
        Assert.That(InboundPipeline.Classify(body, new KeywordOptions()), Is.EqualTo(expected));

    [Test]
    public async Task An_inbound_sms_STOP_blocks_the_next_send_and_START_restores_it()
    {
        using var harness = new MessagingHarness();

        var stop = await harness.Inbound.ProcessMessageAsync(new InboundMessage(MessagingPlatform.Sms, Person, "STOP"));
        var blocked = await harness.Client.SendAsync(MessagingPlatform.Sms, Person, "Your meal plan is ready!");

        Assert.That(stop.Keyword, Is.EqualTo(KeywordKind.OptOut));
        Assert.That(stop.Reply, Is.Null, "AWS answers SMS keywords itself unless opt-outs are self-managed");
        Assert.That(blocked.Error!.Code, Is.EqualTo(MessagingErrorCode.OptedOut));
        Assert.That(harness.Sms.Calls, Is.Zero);

        var start = await harness.Inbound.ProcessMessageAsync(new InboundMessage(MessagingPlatform.Sms, Person, "start"));
        var sent = await harness.Client.SendAsync(MessagingPlatform.Sms, Person, "Welcome back");

        Assert.That(start.Keyword, Is.EqualTo(KeywordKind.OptIn));
        Assert.That(sent.Status, Is.EqualTo(SendStatus.Accepted));
    }

    [Test]
    public async Task A_custom_keyword_set_is_honoured()
    {
        using var harness = new MessagingHarness(o => o.Keywords.OptOut.Add("BASTA"));

        var result = await harness.Inbound.ProcessMessageAsync(new InboundMessage(MessagingPlatform.Sms, Person, "basta"));

        Assert.That(result.Keyword, Is.EqualTo(KeywordKind.OptOut));
        Assert.That(await harness.OptOuts.IsOptedOutAsync(Person, MessagingPlatform.Sms), Is.True);
    }

    [Test]
    public async Task With_self_managed_sms_opt_outs_the_library_replies_even_though_the_gate_now_blocks()
    {
        using var harness = new MessagingHarness(o => o.Keywords.SelfManagedSmsOptOuts = true);

        var result = await harness.Inbound.ProcessMessageAsync(new InboundMessage(MessagingPlatform.Sms, Person, "STOP"));

        Assert.That(result.Reply!.Status, Is.EqualTo(SendStatus.Accepted));
        Assert.That(harness.Sms.Sent.Single().Body, Does.Contain("unsubscribed"));
        Assert.That(harness.Sms.Sent.Single().To, Is.EqualTo(Person));
    }

    [Test]
    public async Task A_WhatsApp_STOP_opts_out_of_WhatsApp_only_and_is_confirmed_by_the_library()
    {
        using var harness = new MessagingHarness();

        var result = await harness.Inbound.ProcessMessageAsync(new InboundMessage(MessagingPlatform.WhatsApp, Person, "Stop"));

        Assert.That(result.Reply!.IsSuccess, Is.True);
        Assert.That(harness.WhatsApp.Sent.Single().Body, Does.Contain("unsubscribed"));
        Assert.That(await harness.OptOuts.IsOptedOutAsync(Person, MessagingPlatform.WhatsApp), Is.True);
        Assert.That(await harness.OptOuts.IsOptedOutAsync(Person, MessagingPlatform.Sms), Is.False);
    }

    [Test]
    public async Task STOP_ALL_opts_out_of_every_platform()
    {
        using var harness = new MessagingHarness();

        await harness.Inbound.ProcessMessageAsync(new InboundMessage(MessagingPlatform.Sms, Person, "stop all"));

        Assert.That(await harness.OptOuts.IsOptedOutAsync(Person, MessagingPlatform.WhatsApp), Is.True);
        Assert.That(await harness.OptOuts.IsOptedOutAsync(Person, MessagingPlatform.Sms), Is.True);
    }

    [Test]
    public async Task A_failed_keyword_reply_still_records_the_opt_out_and_does_not_throw()
    {
        using var harness = new MessagingHarness();
        harness.WhatsApp.OnSend = (_, _) => throw new MessagingException(MessagingErrorCode.ProviderUnavailable, "503", "503", 503) { MayHaveBeenSent = true };

        var result = await harness.Inbound.ProcessMessageAsync(new InboundMessage(MessagingPlatform.WhatsApp, Person, "STOP"));

        Assert.That(result.Reply!.Status, Is.EqualTo(SendStatus.Unknown));
        Assert.That(await harness.OptOuts.IsOptedOutAsync(Person, MessagingPlatform.WhatsApp), Is.True);
    }

    [Test]
    public async Task Every_registered_handler_sees_every_message_and_a_failing_handler_fails_the_processing()
    {
        var seen = new ConcurrentQueue<string>();
        RecordingHandler.Seen = seen;
        using var harness = new MessagingHarness(build: b => b.AddInboundMessageHandler<RecordingHandler>().AddInboundMessageHandler<OtherRecordingHandler>());

        await harness.Inbound.ProcessMessageAsync(new InboundMessage(MessagingPlatform.Sms, Person, "What's for dinner?") { ProviderMessageId = "in-1" });

        Assert.That(seen, Is.EqualTo(new[] { "A:in-1", "B:in-1" }));
        Assert.That(
            () => harness.Inbound.ProcessMessageAsync(new InboundMessage(MessagingPlatform.Sms, Person, "boom") { ProviderMessageId = "in-2" }),
            Throws.InvalidOperationException);
    }

    [Test]
    public async Task The_WhatsApp_window_opens_on_inbound_and_closes_at_exactly_24_hours()
    {
        using var harness = new MessagingHarness(o => o.EnforceWhatsAppSessionWindow = true);

        var before = await harness.Client.SendAsync(MessagingPlatform.WhatsApp, Person, "Hello?");
        Assert.That(before.Error!.Code, Is.EqualTo(MessagingErrorCode.SessionWindowClosed));
        Assert.That(harness.WhatsApp.Calls, Is.Zero);

        await harness.Inbound.ProcessMessageAsync(new InboundMessage(MessagingPlatform.WhatsApp, Person, "Hi coach") { ReceivedAt = harness.Time.GetUtcNow() });
        harness.Time.Advance(TimeSpan.FromHours(24) - TimeSpan.FromSeconds(1));
        var inside = await harness.Client.SendAsync(MessagingPlatform.WhatsApp, Person, "Here is your plan");
        harness.Time.Advance(TimeSpan.FromSeconds(1));
        var atBoundary = await harness.Client.SendAsync(MessagingPlatform.WhatsApp, Person, "One more thing");
        var template = await harness.Client.SendAsync(new OutboundMessage(Person)
        {
            Platform = MessagingPlatform.WhatsApp,
            Template = new WhatsAppTemplate("HXb5b62575e6e4ff6129ad7c8efe1f983e"),
        });

        Assert.That(inside.Status, Is.EqualTo(SendStatus.Accepted));
        Assert.That(atBoundary.Error!.Code, Is.EqualTo(MessagingErrorCode.SessionWindowClosed));
        Assert.That(template.Status, Is.EqualTo(SendStatus.Accepted), "templates may always be sent");
        Assert.That(harness.WhatsApp.Calls, Is.EqualTo(2));
    }

    [Test]
    public async Task Sent_messages_are_tracked_and_out_of_order_updates_never_undo_a_final_status()
    {
        using var harness = new MessagingHarness();
        var sent = await harness.Client.SendAsync(new OutboundMessage(Person, "Hi") { Platform = MessagingPlatform.Sms, ClientReference = "order-7" });
        var id = sent.MessageId!;

        Assert.That((await harness.Tracker.GetAsync(id))!.Status, Is.EqualTo(DeliveryStatus.Queued));

        Assert.That(await harness.Inbound.ProcessDeliveryStatusAsync(new DeliveryStatusUpdate(id, MessagingPlatform.Sms, DeliveryStatus.Delivered) { Price = 0.00581m, PriceCurrency = "USD" }), Is.True);
        Assert.That(await harness.Inbound.ProcessDeliveryStatusAsync(new DeliveryStatusUpdate(id, MessagingPlatform.Sms, DeliveryStatus.Sent)), Is.False);
        Assert.That(await harness.Inbound.ProcessDeliveryStatusAsync(new DeliveryStatusUpdate(id, MessagingPlatform.Sms, DeliveryStatus.Queued)), Is.False);
        Assert.That(await harness.Inbound.ProcessDeliveryStatusAsync(new DeliveryStatusUpdate(id, MessagingPlatform.Sms, DeliveryStatus.Failed)), Is.False);

        var record = (await harness.Tracker.GetAsync(id))!;
        Assert.Multiple(() =>
        {
            Assert.That(record.Status, Is.EqualTo(DeliveryStatus.Delivered));
            Assert.That(record.ClientReference, Is.EqualTo("order-7"));
            Assert.That(record.Recipient, Is.EqualTo(Person));
            Assert.That(record.Price, Is.EqualTo(0.00581m));
        });
    }

    [TestCase(DeliveryStatus.Queued, DeliveryStatus.Sent, true)]
    [TestCase(DeliveryStatus.Sent, DeliveryStatus.Queued, false)]
    [TestCase(DeliveryStatus.Sent, DeliveryStatus.Delivered, true)]
    [TestCase(DeliveryStatus.Delivered, DeliveryStatus.Read, true)]
    [TestCase(DeliveryStatus.Read, DeliveryStatus.Delivered, false)]
    [TestCase(DeliveryStatus.Delivered, DeliveryStatus.Failed, false)]
    [TestCase(DeliveryStatus.Failed, DeliveryStatus.Sent, false)]
    [TestCase(DeliveryStatus.Expired, DeliveryStatus.Delivered, false)]
    [TestCase(DeliveryStatus.Queued, DeliveryStatus.Undelivered, true)]
    [TestCase(DeliveryStatus.Unknown, DeliveryStatus.Queued, true)]
    [TestCase(DeliveryStatus.Sent, DeliveryStatus.Unknown, false)]
    public void Status_order(DeliveryStatus current, DeliveryStatus next, bool advances) =>
        Assert.That(current.CanAdvanceTo(next), Is.EqualTo(advances));

    [Test]
    public async Task An_update_that_arrives_before_the_send_returns_is_kept()
    {
        var tracker = new InMemoryDeliveryTracker();
        await tracker.ApplyAsync(new DeliveryStatusUpdate("m-1", MessagingPlatform.WhatsApp, DeliveryStatus.Delivered));
        await tracker.RecordAcceptedAsync(new SendResult { Status = SendStatus.Accepted, Platform = MessagingPlatform.WhatsApp, MessageId = "m-1", Recipient = Person, ClientReference = "r" });

        var record = (await tracker.GetAsync("m-1"))!;
        Assert.That(record.Status, Is.EqualTo(DeliveryStatus.Delivered));
        Assert.That(record.ClientReference, Is.EqualTo("r"));
    }

    [Test]
    public async Task Statistics_count_per_platform_and_status_with_a_delivery_rate()
    {
        var tracker = new InMemoryDeliveryTracker();
        var statuses = new[] { DeliveryStatus.Delivered, DeliveryStatus.Delivered, DeliveryStatus.Delivered, DeliveryStatus.Failed, DeliveryStatus.Sent };
        for (var i = 0; i < statuses.Length; i++)
        {
            await tracker.ApplyAsync(new DeliveryStatusUpdate($"s-{i}", MessagingPlatform.Sms, statuses[i]));
        }

        await tracker.ApplyAsync(new DeliveryStatusUpdate("w-1", MessagingPlatform.WhatsApp, DeliveryStatus.Read));

        var stats = tracker.GetStatistics();
        Assert.Multiple(() =>
        {
            Assert.That(stats.Count(MessagingPlatform.Sms, DeliveryStatus.Delivered), Is.EqualTo(3));
            Assert.That(stats.Count(MessagingPlatform.Sms, DeliveryStatus.Failed), Is.EqualTo(1));
            Assert.That(stats.DeliveryRate(MessagingPlatform.Sms), Is.EqualTo(0.75));
            Assert.That(stats.DeliveryRate(MessagingPlatform.WhatsApp), Is.EqualTo(1.0));
        });
    }

    [Test]
    public async Task The_tracker_is_bounded()
    {
        var tracker = new InMemoryDeliveryTracker(capacity: 10);
        for (var i = 0; i < 25; i++)
        {
            await tracker.ApplyAsync(new DeliveryStatusUpdate($"m-{i}", MessagingPlatform.Sms, DeliveryStatus.Sent));
        }

        Assert.That(await tracker.GetAsync("m-0"), Is.Null);
        Assert.That(await tracker.GetAsync("m-24"), Is.Not.Null);
        Assert.That(tracker.GetStatistics().Count(MessagingPlatform.Sms, DeliveryStatus.Sent), Is.EqualTo(10));
    }

    private sealed class RecordingHandler : IInboundMessageHandler
    {
        public static ConcurrentQueue<string> Seen { get; set; } = new();

        public Task HandleAsync(InboundMessage message, CancellationToken cancellationToken = default)
        {
            if (message.Body == "boom")
            {
                throw new InvalidOperationException("handler failed");
            }

            Seen.Enqueue("A:" + message.ProviderMessageId);
            return Task.CompletedTask;
        }
    }

    private sealed class OtherRecordingHandler : IInboundMessageHandler
    {
        public Task HandleAsync(InboundMessage message, CancellationToken cancellationToken = default)
        {
            RecordingHandler.Seen.Enqueue("B:" + message.ProviderMessageId);
            return Task.CompletedTask;
        }
    }
}
