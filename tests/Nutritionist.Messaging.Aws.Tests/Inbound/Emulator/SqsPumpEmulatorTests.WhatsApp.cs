using Microsoft.Extensions.DependencyInjection;
using Nutritionist.Messaging.Aws.Inbound;
using Nutritionist.Messaging.Delivery;
using Nutritionist.Messaging.Inbound;

namespace Nutritionist.Messaging.Aws.Tests.Inbound.Emulator;

// End User Messaging Social WhatsApp events through the pump and a real SQS server, raw (SNS raw message delivery) and in
// signed SNS envelopes: processed events are deleted, a malformed one stays for redelivery and the dead-letter queue.
public sealed partial class SqsPumpEmulatorTests
{
    [Test]
    public async Task The_reference_events_are_processed_and_deleted_and_a_malformed_one_stays_in_the_queue()
    {
        var inbound = new RecordingInboundHandler();
        var statuses = new Lambda.RecordingStatusHandler();
        using var harness = Harness(build: b => b.Services.AddSingleton<IInboundMessageHandler>(inbound).AddSingleton<IDeliveryStatusHandler>(statuses));
        var malformed = WhatsAppEvents.WithEntry(WhatsAppEvents.StatusFailedPath, e => e.Remove("changes"));
        await SendAsync(WhatsAppEvents.Read(WhatsAppEvents.InboundTextPath));
        await SendAsync(_sns.Envelope(WhatsAppEvents.Read(WhatsAppEvents.StatusDeliveredPath), DateTimeOffset.UtcNow));
        await SendAsync(_sns.Envelope(WhatsAppEvents.Read(WhatsAppEvents.StatusFailedPath), DateTimeOffset.UtcNow));
        await SendAsync(malformed);

        await harness.Pump.StartAsync(CancellationToken.None);
        try
        {
            await Eventually(() => Task.FromResult(inbound.Received.Count >= 1 && statuses.Received.Count >= 2));
        }
        finally
        {
            await harness.Pump.StopAsync(CancellationToken.None);
        }

        Assert.Multiple(async () =>
        {
            Assert.That(inbound.Received.Single().ProviderMessageId, Is.EqualTo(WhatsAppEvents.InboundWamid));
            Assert.That(statuses.Received.Select(u => (u.MessageId, u.Status)), Is.EquivalentTo(new[] { (WhatsAppEvents.DeliveredWamid, DeliveryStatus.Delivered), (WhatsAppEvents.FailedWamid, DeliveryStatus.Failed) }));
            Assert.That(await RemainingBodiesAsync(), Is.EqualTo(new[] { malformed }), "only the malformed event is left for redelivery and the dead-letter queue");
            Assert.That(harness.Logs.GetSnapshot().Select(r => r.Message), Has.Some.Contains(nameof(InboundFailureReason.WhatsAppEntryMalformed)));
        });
    }

    [Test]
    public async Task A_WhatsApp_STOP_through_the_queue_blocks_the_next_WhatsApp_send()
    {
        var whatsApp = new FakeWhatsAppProvider();
        using var harness = Harness(build: b => b.AddWhatsAppProvider(_ => whatsApp));
        await SendAsync(_sns.Envelope(WhatsAppEvents.Inbound("STOP", DateTimeOffset.UtcNow, from: WhatsAppEvents.UsCustomer), DateTimeOffset.UtcNow));

        await harness.Pump.StartAsync(CancellationToken.None);
        try
        {
            await Eventually(async () => await harness.OptOuts.IsOptedOutAsync(WhatsAppEvents.UsCustomer, MessagingPlatform.WhatsApp));
        }
        finally
        {
            await harness.Pump.StopAsync(CancellationToken.None);
        }

        var refused = await harness.Client.SendAsync(MessagingPlatform.WhatsApp, WhatsAppEvents.UsCustomer, "Your meal plan is ready");
        Assert.That(refused.Status, Is.EqualTo(SendStatus.Rejected));
        Assert.That(refused.Error?.Code, Is.EqualTo(MessagingErrorCode.OptedOut));
        Assert.That(await RemainingBodiesAsync(), Is.Empty);
    }
}
