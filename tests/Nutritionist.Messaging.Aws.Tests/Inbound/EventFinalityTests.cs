using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Nutritionist.Messaging.Aws.Inbound;
using Nutritionist.Messaging.Delivery;
using Nutritionist.Messaging.Inbound;
using Nutritionist.Messaging.Testing.Shared;

namespace Nutritionist.Messaging.Aws.Tests.Inbound;

/// <summary>
/// AWS SMS events carry <c>isFinal</c>: an intermediate status is never final in the tracker, a final event replaces
/// whatever an intermediate one set, and a late intermediate event never undoes a final one. Every test sends a message
/// first (so the tracker holds it as Queued), then feeds event records through the SQS inbound processor.
/// </summary>
public sealed class EventFinalityTests
{
    private const string Person = "+14155552671";

    // The messageId shared by the three reference records of one message.
    private const string ReferenceMessageId = "862a8790-60c0-4430-9b2b-658bd1c2e3f4";
    private const string SuccessfulNotFinal = "aws/events/sms-event.successful-not-final.json";
    private const string DeliveredFinal = "aws/events/sms-event.delivered-final.json";
    private const string CarrierBlockedFinal = "aws/events/sms-event.carrier-blocked-final.json";

    private static readonly DateTimeOffset SqsTime = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    [Test]
    public async Task The_reference_non_final_SUCCESSFUL_is_Sent_and_the_final_CARRIER_BLOCKED_that_follows_replaces_it()
    {
        using var harness = await SentAsync(ReferenceMessageId);

        await ProcessAsync(harness, ReferenceData.ReadText(SuccessfulNotFinal));
        var afterIntermediate = (await harness.Tracker.GetAsync(ReferenceMessageId))!;
        await ProcessAsync(harness, ReferenceData.ReadText(CarrierBlockedFinal));
        var record = (await harness.Tracker.GetAsync(ReferenceMessageId))!;

        Assert.That(afterIntermediate.Status, Is.EqualTo(DeliveryStatus.Sent), "accepted by the carrier, not delivered");
        Assert.That(afterIntermediate.Status.IsTerminal(), Is.False);
        Assert.That(record.Status, Is.EqualTo(DeliveryStatus.Undelivered));
        Assert.That(record.ErrorCode, Is.EqualTo("CARRIER_BLOCKED"));
    }

    [TestCase(DeliveredFinal, DeliveryStatus.Delivered, null)]
    [TestCase(CarrierBlockedFinal, DeliveryStatus.Undelivered, "CARRIER_BLOCKED")]
    public async Task The_reference_records_end_in_the_final_status_in_either_order(string finalRecord, DeliveryStatus expected, string? errorCode)
    {
        foreach (var order in new[] { new[] { SuccessfulNotFinal, finalRecord }, [finalRecord, SuccessfulNotFinal] })
        {
            using var harness = await SentAsync(ReferenceMessageId);
            var changed = new List<bool>();
            foreach (var file in order)
            {
                changed.Add(await ProcessAsync(harness, ReferenceData.ReadText(file)));
            }

            var record = (await harness.Tracker.GetAsync(ReferenceMessageId))!;
            Assert.That(record.Status, Is.EqualTo(expected), string.Join(" then ", order));
            Assert.That(record.ErrorCode, Is.EqualTo(errorCode), string.Join(" then ", order));
            Assert.That(changed, Is.EqualTo(order[0] == SuccessfulNotFinal ? new[] { true, true } : [true, false]), "a late intermediate event changes nothing");
        }
    }

    [TestCase("TEXT_CARRIER_UNREACHABLE", "CARRIER_UNREACHABLE")]
    [TestCase("TEXT_UNREACHABLE", "UNREACHABLE")]
    [TestCase("TEXT_UNKNOWN", "UNKNOWN")]
    [TestCase("MEDIA_UNREACHABLE", "UNREACHABLE")]
    public async Task A_final_failure_after_a_non_final_SUCCESSFUL_ends_Undelivered_with_its_error_in_either_order(string finalType, string errorCode)
    {
        var successful = TestSns.Event(finalType.StartsWith("MEDIA_", StringComparison.Ordinal) ? "MEDIA_SUCCESSFUL" : "TEXT_SUCCESSFUL", "m-1", isFinal: false, timestamp: 1764072000000);
        var failure = TestSns.Event(finalType, "m-1", isFinal: true, timestamp: 1764072060000);

        foreach (var (first, second) in new[] { (successful, failure), (failure, successful) })
        {
            using var harness = await SentAsync("m-1");
            await ProcessAsync(harness, first);
            await ProcessAsync(harness, second);

            var record = (await harness.Tracker.GetAsync("m-1"))!;
            Assert.That(record.Status, Is.EqualTo(DeliveryStatus.Undelivered), first == successful ? "in order" : "final first");
            Assert.That(record.ErrorCode, Is.EqualTo(errorCode));
        }
    }

    [Test]
    public async Task A_non_final_failure_is_not_final_keeps_its_error_on_the_update_and_the_final_DELIVERED_clears_it()
    {
        var updates = new ConcurrentQueue<DeliveryStatusUpdate>();
        using var harness = await SentAsync("m-2", updates);

        await ProcessAsync(harness, TestSns.Event("TEXT_CARRIER_UNREACHABLE", "m-2", isFinal: false));
        var afterIntermediate = (await harness.Tracker.GetAsync("m-2"))!;
        await ProcessAsync(harness, TestSns.Event("TEXT_DELIVERED", "m-2", isFinal: true));
        var record = (await harness.Tracker.GetAsync("m-2"))!;

        var intermediate = updates.First();
        Assert.Multiple(() =>
        {
            Assert.That(intermediate.Status, Is.EqualTo(DeliveryStatus.Sent));
            Assert.That(intermediate.IsTerminal, Is.False);
            Assert.That(intermediate.ProviderStatus, Is.EqualTo("TEXT_CARRIER_UNREACHABLE"));
            Assert.That(intermediate.ErrorCode, Is.EqualTo("CARRIER_UNREACHABLE"));
            Assert.That(intermediate.ErrorMessage, Is.EqualTo("Description of CARRIER_UNREACHABLE"));
            Assert.That(afterIntermediate.Status, Is.EqualTo(DeliveryStatus.Sent));
            Assert.That(afterIntermediate.ErrorCode, Is.EqualTo("CARRIER_UNREACHABLE"));
            Assert.That(record.Status, Is.EqualTo(DeliveryStatus.Delivered));
            Assert.That(record.ErrorCode, Is.Null, "a delivered message has no error");
        });
    }

    [Test]
    public async Task A_late_non_final_failure_does_not_undo_a_final_DELIVERED()
    {
        using var harness = await SentAsync("m-3");

        Assert.That(await ProcessAsync(harness, TestSns.Event("TEXT_DELIVERED", "m-3", isFinal: true)), Is.True);
        Assert.That(await ProcessAsync(harness, TestSns.Event("TEXT_CARRIER_UNREACHABLE", "m-3", isFinal: false)), Is.False);

        var record = (await harness.Tracker.GetAsync("m-3"))!;
        Assert.That(record.Status, Is.EqualTo(DeliveryStatus.Delivered));
        Assert.That(record.ErrorCode, Is.Null);
    }

    [Test]
    public async Task A_non_final_SUCCESSFUL_through_a_signed_SNS_envelope_is_Sent()
    {
        using var sns = new TestSns(SqsTime);
        using var harness = await SentAsync(ReferenceMessageId);
        harness.Serve(TestSns.CertificateUrl, sns.CertificatePem);

        var result = await harness.Processor.ProcessAsync(sns.Envelope(ReferenceData.ReadText(SuccessfulNotFinal), SqsTime), SqsTime);

        Assert.That(result.Kind, Is.EqualTo(SqsBodyKind.DeliveryStatus), result.Detail);
        Assert.That((await harness.Tracker.GetAsync(ReferenceMessageId))!.Status, Is.EqualTo(DeliveryStatus.Sent));
    }

    /// <summary>The contract the trackers rely on: a non-final event is never terminal; a final one is, unless its status says "in progress" or is not known.</summary>
    [Test]
    public void Finality_of_every_known_event_type_matches_IsTerminal()
    {
        string[] known =
        [
            "SUCCESSFUL", "DELIVERED", "PENDING", "QUEUED", "INVALID", "INVALID_MESSAGE", "PROTECT_BLOCKED", "UNREACHABLE",
            "CARRIER_UNREACHABLE", "BLOCKED", "CARRIER_BLOCKED", "SPAM", "TTL_EXPIRED", "UNKNOWN",
        ];
        string[] media = ["FILE_INACCESSIBLE", "FILE_TYPE_UNSUPPORTED", "FILE_SIZE_EXCEEDED"];
        var eventTypes = known.Select(s => "TEXT_" + s).Concat(known.Concat(media).Select(s => "MEDIA_" + s));

        Assert.Multiple(() =>
        {
            foreach (var eventType in eventTypes)
            {
                var inProgress = eventType.EndsWith("PENDING", StringComparison.Ordinal) || eventType.EndsWith("QUEUED", StringComparison.Ordinal);
                var intermediate = SqsBodyParser.Parse(TestSns.Event(eventType, "m", isFinal: false), SqsTime).Update!;
                var final = SqsBodyParser.Parse(TestSns.Event(eventType, "m", isFinal: true), SqsTime).Update!;

                Assert.That(intermediate.IsTerminal, Is.False, eventType + " isFinal:false");
                Assert.That(final.IsTerminal, Is.EqualTo(!inProgress), eventType + " isFinal:true");
                Assert.That(intermediate.ErrorCode, Is.EqualTo(final.ErrorCode), eventType + ": the error code does not depend on isFinal");
            }
        });
    }

    /// <summary>A harness whose provider accepted one SMS under <paramref name="messageId"/>.</summary>
    private static async Task<InboundHarness> SentAsync(string messageId, ConcurrentQueue<DeliveryStatusUpdate>? updates = null)
    {
        var harness = new InboundHarness(
            build: updates is null ? null : b => b.Services.AddSingleton<IDeliveryStatusHandler>(new RecordingDeliveryHandler(updates)));
        harness.Sms.OnSend = (_, _) => Task.FromResult(new ProviderReceipt(messageId));
        var sent = await harness.Client.SendAsync(MessagingPlatform.Sms, Person, "Your meal plan is ready!");
        Assert.That(sent.MessageId, Is.EqualTo(messageId), sent.Error?.Message);
        Assert.That((await harness.Tracker.GetAsync(messageId))!.Status, Is.EqualTo(DeliveryStatus.Queued));
        return harness;
    }

    /// <summary>Processes one raw-delivery SQS body; whether the tracker's status changed.</summary>
    private static async Task<bool> ProcessAsync(InboundHarness harness, string body)
    {
        var before = (await harness.Tracker.GetAsync(JsonMessageId(body)))?.Status;
        var result = await harness.Processor.ProcessAsync(body, SqsTime);
        Assert.That(result.Kind, Is.EqualTo(SqsBodyKind.DeliveryStatus), result.Detail);
        return (await harness.Tracker.GetAsync(result.ProviderMessageId!))!.Status != before;
    }

    private static string JsonMessageId(string body) => TestSns.Parse(body).GetProperty("messageId").GetString()!;

    private sealed class RecordingDeliveryHandler(ConcurrentQueue<DeliveryStatusUpdate> updates) : IDeliveryStatusHandler
    {
        public Task HandleAsync(DeliveryStatusUpdate update, CancellationToken cancellationToken = default)
        {
            updates.Enqueue(update);
            return Task.CompletedTask;
        }
    }
}
