using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Nutritionist.Messaging.Aws.Inbound;
using Nutritionist.Messaging.Aws.Lambda;
using Nutritionist.Messaging.Aws.Tests.Inbound;
using Nutritionist.Messaging.Idempotency;
using Nutritionist.Messaging.Inbound;

namespace Nutritionist.Messaging.Aws.Tests.Lambda;

/// <summary>
/// End User Messaging Social WhatsApp events through both Lambda entry points: processed records succeed, malformed ones
/// come back as batch item failures (SQS) or fail the invocation (SNS) with their reason; nothing is dropped silently.
/// </summary>
public sealed class WhatsAppLambdaTests
{
    private static readonly DateTimeOffset Now = WhatsAppEvents.InboundTime.AddMinutes(30);

    [Test]
    public async Task SQS_batch_of_the_reference_events_raw_and_enveloped_returns_only_the_malformed_record()
    {
        using var sns = new TestSns(Now);
        var inbound = new RecordingInboundHandler();
        var statuses = new RecordingStatusHandler();
        using var harness = Harness(sns, build: b => b.Services.AddSingleton<IInboundMessageHandler>(inbound).AddSingleton<IDeliveryStatusHandler>(statuses));
        var malformed = WhatsAppEvents.WithEntry(WhatsAppEvents.InboundTextPath, e => WhatsAppEvents.Value(e)["messages"]![0]!.AsObject().Remove("id"));

        var result = await harness.Services.GetRequiredService<SqsEventProcessor>().ProcessAsync(LambdaEvents.Event(
            LambdaEvents.SqsRecord("r-inbound", WhatsAppEvents.Read(WhatsAppEvents.InboundTextPath)),
            LambdaEvents.SqsRecord("r-delivered", sns.Envelope(WhatsAppEvents.Read(WhatsAppEvents.StatusDeliveredPath), Now)),
            LambdaEvents.SqsRecord("r-failed", WhatsAppEvents.Read(WhatsAppEvents.StatusFailedPath)),
            LambdaEvents.SqsRecord("r-malformed", malformed, receiveCount: 2)));

        Assert.Multiple(() =>
        {
            Assert.That(result.Records.Select(r => (r.MessageId, r.Outcome, r.Reason)), Is.EqualTo(new[]
            {
                ("r-inbound", LambdaRecordOutcome.Processed, InboundFailureReason.None),
                ("r-delivered", LambdaRecordOutcome.Processed, InboundFailureReason.None),
                ("r-failed", LambdaRecordOutcome.Processed, InboundFailureReason.None),
                ("r-malformed", LambdaRecordOutcome.Rejected, InboundFailureReason.WhatsAppEntryMalformed),
            }));
            Assert.That(result.BatchItemFailures, Is.EqualTo(new[] { "r-malformed" }));
            Assert.That(Encoding.UTF8.GetString(result.ToBatchResponseJson()), Is.EqualTo("""{"batchItemFailures":[{"itemIdentifier":"r-malformed"}]}"""));
            Assert.That(inbound.Received.Single().ProviderMessageId, Is.EqualTo(WhatsAppEvents.InboundWamid));
            Assert.That(statuses.Received.Select(u => u.MessageId), Is.EquivalentTo(new[] { WhatsAppEvents.DeliveredWamid, WhatsAppEvents.FailedWamid }));
            Assert.That(harness.Logs.GetSnapshot().Select(r => r.Message), Has.Some.Contains(nameof(InboundFailureReason.WhatsAppEntryMalformed)));
        });
    }

    [Test]
    public async Task SQS_records_are_claimed_under_AWS_event_id_so_a_redelivered_event_is_a_duplicate()
    {
        using var sns = new TestSns(Now);
        var inbound = new RecordingInboundHandler();
        var claims = new TestClaimStore();
        using var harness = Harness(sns, build: b => b.Services.AddSingleton<IInboundMessageHandler>(inbound).AddSingleton<ISendClaimStore>(claims));
        var processor = harness.Services.GetRequiredService<SqsEventProcessor>();
        var body = WhatsAppEvents.Read(WhatsAppEvents.InboundTextPath);

        var first = await processor.ProcessAsync(LambdaEvents.Event(LambdaEvents.SqsRecord("q-1", body)));
        var again = await processor.ProcessAsync(LambdaEvents.Event(LambdaEvents.SqsRecord("q-2", body)));

        Assert.Multiple(() =>
        {
            Assert.That(first.Records.Single().Outcome, Is.EqualTo(LambdaRecordOutcome.Processed));
            Assert.That(again.Records.Single().Outcome, Is.EqualTo(LambdaRecordOutcome.Duplicate), "the same AWS event sent twice to the queue");
            Assert.That(claims.StateOf("inbound:aws-social:6d69f07a-c317-4278-9d5c-6a84078419ec"), Is.EqualTo(SendClaimState.Completed));
            Assert.That(inbound.Received, Has.Count.EqualTo(1));
        });
    }

    [Test]
    public async Task The_reference_Lambda_SNS_event_reaches_the_handler_when_signatures_are_not_required()
    {
        using var sns = new TestSns(Now);
        var inbound = new RecordingInboundHandler();
        using var harness = Harness(sns, o => o.RequireSnsSignature = false, b => b.Services.AddSingleton<IInboundMessageHandler>(inbound));

        var result = await Sns(harness).ProcessAsync(File.ReadAllBytes(Testing.Shared.ReferenceData.PathOf(WhatsAppEvents.LambdaSnsPath)));

        Assert.Multiple(() =>
        {
            Assert.That(result.Records.Select(r => (r.MessageId, r.Outcome)), Is.EqualTo(new[] { ("95df01b4-ee98-5cb9-9903-4c221d41eb5e", LambdaRecordOutcome.Processed) }));
            Assert.That(inbound.Received.Single().From, Is.EqualTo(WhatsAppEvents.Customer));
            Assert.That(inbound.Received.Single().ProviderName, Is.EqualTo("aws-whatsapp"));
        });
    }

    [Test]
    public async Task A_signed_Lambda_SNS_WhatsApp_STOP_opts_out_and_a_malformed_one_fails_the_invocation_with_its_reason()
    {
        using var sns = new TestSns(Now);
        using var harness = Harness(sns);
        var stop = LambdaEvents.SnsRecord(sns.Envelope(WhatsAppEvents.Inbound("STOP", from: WhatsAppEvents.UsCustomer), Now));
        var malformed = LambdaEvents.SnsRecord(sns.Envelope(WhatsAppEvents.WithWrapper(WhatsAppEvents.InboundTextPath, r => r["whatsAppWebhookEntry"] = "not json"), Now));
        var snsEvent = LambdaEvents.Event(stop, malformed);

        var result = await Sns(harness).ProcessAsync(snsEvent);
        var error = Assert.ThrowsAsync<MessagingException>(() => Sns(harness).HandleAsync(new MemoryStream(snsEvent)));

        var malformedId = malformed["Sns"]!["MessageId"]!.GetValue<string>();
        Assert.Multiple(() =>
        {
            Assert.That(result.Records.Select(r => (r.Outcome, r.Reason)), Is.EqualTo(new[]
            {
                (LambdaRecordOutcome.Processed, InboundFailureReason.None),
                (LambdaRecordOutcome.Rejected, InboundFailureReason.WhatsAppEventMalformed),
            }));
            Assert.That(error!.Message, Does.Contain(malformedId).And.Contain(nameof(InboundFailureReason.WhatsAppEventMalformed)));
        });
        Assert.That(await harness.OptOuts.IsOptedOutAsync(WhatsAppEvents.UsCustomer, MessagingPlatform.WhatsApp), Is.True);
    }

    private static SnsEventProcessor Sns(InboundHarness harness) => harness.Services.GetRequiredService<SnsEventProcessor>();

    private static InboundHarness Harness(TestSns sns, Action<SqsInboundOptions>? configure = null, Action<IMessagingBuilder>? build = null) =>
        new InboundHarness(
            configure,
            time: new FakeTimeProvider(Now),
            build: build).Serve(TestSns.CertificateUrl, sns.CertificatePem);
}
