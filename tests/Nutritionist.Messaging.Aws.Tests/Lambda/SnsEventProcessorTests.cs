using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Nutritionist.Messaging.Aws.Inbound;
using Nutritionist.Messaging.Aws.Lambda;
using Nutritionist.Messaging.Aws.Tests.Inbound;
using Nutritionist.Messaging.Idempotency;
using Nutritionist.Messaging.Inbound;
using Nutritionist.Messaging.Testing.Shared;

namespace Nutritionist.Messaging.Aws.Tests.Lambda;

/// <summary><see cref="SnsEventProcessor"/>: Lambda's SNS event shape, verified exactly as SNS envelopes in SQS are.</summary>
public sealed class SnsEventProcessorTests
{
    private const string Person = "+14155552671";
    private const string VectorsPath = "aws/sns/sns-signature-vectors.json";
    private const string RealCertificateUrl = "https://sns.us-east-2.amazonaws.com/SimpleNotificationService-7ff5318490ec183fbaddaa2a969abfda.pem";
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset VectorTime = new(2022, 7, 28, 12, 0, 0, TimeSpan.Zero);

    [Test]
    public async Task A_signed_two_way_SMS_in_Lambda_shape_reaches_the_handler()
    {
        using var sns = new TestSns(Now);
        var inbound = new RecordingInboundHandler();
        using var harness = Harness(Now, build: b => b.Services.AddSingleton<IInboundMessageHandler>(inbound));
        harness.Serve(TestSns.CertificateUrl, sns.CertificatePem);
        var record = LambdaEvents.SnsRecord(sns.Envelope(TestSns.InboundSms(Person, "Can I swap lunch?"), Now));
        Assert.That(record["Sns"]!["SigningCertUrl"], Is.Not.Null, "Lambda's spelling");
        Assert.That(record["Sns"]!["SigningCertURL"], Is.Null);

        var result = await Processor(harness).ProcessAsync(LambdaEvents.Event(record));

        Assert.That(result.Records.Single().Outcome, Is.EqualTo(LambdaRecordOutcome.Processed));
        Assert.That(result.Records.Single().MessageId, Is.EqualTo(record["Sns"]!["MessageId"]!.GetValue<string>()));
        Assert.That(inbound.Received.Single().Body, Is.EqualTo("Can I swap lunch?"));
    }

    [Test]
    public async Task Real_SNS_signatures_in_Lambda_shape_verify_and_tampered_ones_do_not()
    {
        using var vectors = JsonDocument.Parse(ReferenceData.ReadText(VectorsPath));
        using var harness = Harness(new FakeTimeProvider(VectorTime).GetUtcNow());
        harness.Serve(RealCertificateUrl, ReferenceData.ReadText("aws/sns/sns-signing-cert-2021-sns.amazonaws.com.pem"));
        var checkedCount = 0;
        foreach (var vector in vectors.RootElement.GetProperty("vectors").EnumerateArray())
        {
            var message = JsonNode.Parse(vector.GetProperty("message").GetRawText())!.AsObject();
            var record = LambdaEvents.SnsRecord(message.ToJsonString());
            var result = await Processor(harness).ProcessAsync(LambdaEvents.Event(record));
            var reason = result.Records.Single().Reason;

            // The vectors' messages are plain text, not SMS payloads: a genuine one gets as far as reading the Message.
            if (vector.GetProperty("expectValid").GetBoolean())
            {
                Assert.That(reason, Is.EqualTo(InboundFailureReason.MalformedJson), vector.GetProperty("name").GetString());
            }
            else
            {
                Assert.That(reason, Is.EqualTo(InboundFailureReason.SnsSignatureInvalid), vector.GetProperty("name").GetString());
            }

            Assert.That(result.Records.Single().Outcome, Is.EqualTo(LambdaRecordOutcome.Rejected));
            checkedCount++;
        }

        Assert.That(checkedCount, Is.GreaterThanOrEqualTo(12));
    }

    [Test]
    public async Task The_composed_reference_event_is_refused_and_the_stream_handler_throws_so_Lambda_retries()
    {
        // Its signature is made up: the End User Messaging Social event inside is never read (WhatsAppLambdaTests reads it unsigned).
        using var harness = Harness(Now);
        var json = File.ReadAllBytes(ReferenceData.PathOf("aws/events/lambda-sns-event.social-whatsapp.json"));

        var result = await Processor(harness).ProcessAsync(json);
        var error = Assert.ThrowsAsync<MessagingException>(() => Processor(harness).HandleAsync(new MemoryStream(json)));

        Assert.That(result.Records.Select(r => (r.MessageId, r.Outcome, r.Reason)), Is.EqualTo(new[]
        {
            ("95df01b4-ee98-5cb9-9903-4c221d41eb5e", LambdaRecordOutcome.Rejected, InboundFailureReason.SnsSignatureInvalid),
        }));
        Assert.That(error!.Message, Does.Contain("95df01b4-ee98-5cb9-9903-4c221d41eb5e").And.Contain("SnsSignatureInvalid"));
        Assert.That(error.IsTransient, Is.False);
    }

    [Test]
    public async Task Forged_unsigned_and_unverifiable_records_are_failures_and_good_ones_succeed()
    {
        using var sns = new TestSns(Now);
        using var forger = new TestSns(Now);
        var statuses = new RecordingStatusHandler();
        using var harness = Harness(Now, build: b => b.Services.AddSingleton<IDeliveryStatusHandler>(statuses));
        harness.Serve(TestSns.CertificateUrl, sns.CertificatePem);
        var unreachable = JsonNode.Parse(sns.Envelope(TestSns.Event("TEXT_DELIVERED", "out-3"), Now))!;
        unreachable["SigningCertURL"] = "https://sns.eu-west-1.amazonaws.com/SimpleNotificationService-gone.pem";

        var result = await Processor(harness).ProcessAsync(LambdaEvents.Event(
            LambdaEvents.SnsRecord(sns.Envelope(TestSns.Event("TEXT_DELIVERED", "out-1"), Now)),
            LambdaEvents.SnsRecord(forger.Envelope(TestSns.Event("TEXT_DELIVERED", "out-2"), Now)),
            LambdaEvents.SnsRecord(sns.Envelope(TestSns.Event("TEXT_DELIVERED", "out-4"), Now, sign: false)),
            LambdaEvents.SnsRecord(unreachable.ToJsonString())));

        Assert.That(result.Records.Select(r => (r.Outcome, r.Reason)), Is.EqualTo(new[]
        {
            (LambdaRecordOutcome.Processed, InboundFailureReason.None),
            (LambdaRecordOutcome.Rejected, InboundFailureReason.SnsSignatureInvalid),
            (LambdaRecordOutcome.Rejected, InboundFailureReason.SnsSignatureMissing),
            (LambdaRecordOutcome.Failed, InboundFailureReason.SnsCertificateUnavailable),
        }));
        Assert.That(statuses.Received.Select(u => u.MessageId), Is.EqualTo(new[] { "out-1" }));
        var error = Assert.Throws<MessagingException>(() => result.EnsureSuccess());
        Assert.That(error!.IsTransient, Is.True, "one of them may succeed on a retry");
    }

    [Test]
    public async Task A_retried_invocation_skips_the_records_it_already_handled()
    {
        using var sns = new TestSns(Now);
        var claims = new TestClaimStore();
        var failNext = 1;
        var statuses = new RecordingStatusHandler
        {
            OnUpdate = u => u.MessageId == "out-b" && Interlocked.Exchange(ref failNext, 0) == 1 ? throw new InvalidOperationException("down") : Task.CompletedTask,
        };
        using var harness = Harness(Now, build: b => b.Services.AddSingleton<IDeliveryStatusHandler>(statuses).AddSingleton<ISendClaimStore>(claims));
        harness.Serve(TestSns.CertificateUrl, sns.CertificatePem);
        var snsEvent = LambdaEvents.Event(
            LambdaEvents.SnsRecord(sns.Envelope(TestSns.Event("TEXT_DELIVERED", "out-a"), Now)),
            LambdaEvents.SnsRecord(sns.Envelope(TestSns.Event("TEXT_DELIVERED", "out-b"), Now)));

        Assert.ThrowsAsync<MessagingException>(() => Processor(harness).HandleAsync(new MemoryStream(snsEvent)));
        await Processor(harness).HandleAsync(new MemoryStream(snsEvent));
        var third = await Processor(harness).ProcessAsync(snsEvent);

        Assert.That(statuses.Received.Select(u => u.MessageId), Is.EqualTo(new[] { "out-a", "out-b", "out-b" }).Or.EqualTo(new[] { "out-b", "out-a", "out-b" }));
        Assert.That(third.Records.Select(r => r.Outcome), Is.All.EqualTo(LambdaRecordOutcome.Duplicate));
    }

    [TestCase("{}", "no Records array")]
    [TestCase("[]", "not a JSON SNS event")]
    [TestCase("""{"Records":[{"EventSource":"aws:sns"}]}""", "record 0 has no Sns.MessageId")]
    [TestCase("""{"Records":[{"Sns":{"MessageId":""}}]}""", "record 0 has no Sns.MessageId")]
    public void An_event_that_is_not_an_SNS_event_fails_the_invocation(string json, string problem)
    {
        using var harness = Harness(Now);

        var error = Assert.ThrowsAsync<InvalidDataException>(() => Processor(harness).ProcessAsync(Encoding.UTF8.GetBytes(json)));

        Assert.That(error!.Message, Does.Contain(problem));
    }

    [Test]
    public async Task A_record_without_a_Message_is_rejected_as_an_unknown_shape()
    {
        using var harness = Harness(Now);

        var result = await Processor(harness).ProcessAsync(Encoding.UTF8.GetBytes("""{"Records":[{"Sns":{"MessageId":"m-1","Type":"Notification"}}]}"""));

        Assert.That(result.Records.Single().Reason, Is.EqualTo(InboundFailureReason.UnknownShape));
    }

    private static SnsEventProcessor Processor(InboundHarness harness) => harness.Services.GetRequiredService<SnsEventProcessor>();

    private static InboundHarness Harness(DateTimeOffset now, Action<SqsInboundOptions>? configure = null, Action<IMessagingBuilder>? build = null) =>
        new(
            configure,
            time: new FakeTimeProvider(now),
            build: build);
}
