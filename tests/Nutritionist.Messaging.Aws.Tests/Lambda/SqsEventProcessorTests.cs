using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Nutritionist.Messaging.Aws.Inbound;
using Nutritionist.Messaging.Aws.Lambda;
using Nutritionist.Messaging.Aws.Tests.Inbound;
using Nutritionist.Messaging.Idempotency;
using Nutritionist.Messaging.Inbound;
using Nutritionist.Messaging.Testing.Shared;

namespace Nutritionist.Messaging.Aws.Tests.Lambda;

/// <summary><see cref="SqsEventProcessor"/> through DI, as a Lambda function resolves it, with Lambda-shaped events.</summary>
public sealed class SqsEventProcessorTests
{
    private const string Person = "+14155552671";
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    [Test]
    public async Task The_composed_reference_event_returns_both_records_as_rejected()
    {
        // Record 1 is an application job (not an AWS SMS payload); record 2 is an SNS envelope with a made-up signature
        // (not even valid base64), so it is forged as far as anyone can tell.
        using var harness = Harness();
        var processor = harness.Services.GetRequiredService<SqsEventProcessor>();

        var result = await processor.ProcessAsync(File.ReadAllBytes(ReferenceData.PathOf("aws/events/lambda-sqs-event.json")));

        Assert.That(result.Records.Select(r => (r.MessageId, r.Outcome, r.Reason)), Is.EqualTo(new[]
        {
            ("059f36b4-87a3-44ab-83d2-661975830a7d", LambdaRecordOutcome.Rejected, InboundFailureReason.UnknownShape),
            ("2e1424d4-f796-459a-8184-9c92662be6da", LambdaRecordOutcome.Rejected, InboundFailureReason.SnsSignatureInvalid),
        }));
        Assert.That(result.BatchItemFailures, Is.EqualTo(new[] { "059f36b4-87a3-44ab-83d2-661975830a7d", "2e1424d4-f796-459a-8184-9c92662be6da" }));
        var rejected = harness.Logs.GetSnapshot().Where(r => r.Id.Id == 2150).ToList();
        Assert.That(rejected, Has.Count.EqualTo(2), "each record that comes back is logged once");
        Assert.That(rejected.Select(r => r.Message), Has.One.Contains("UnknownShape").And.Contains("receive 1"));
        Assert.That(rejected.Select(r => r.Message), Has.One.Contains("SnsSignatureInvalid").And.Contains("receive 3"));
    }

    [Test]
    public async Task The_composed_reference_event_unsigned_processes_the_delivery_event_and_answers_the_reference_response()
    {
        // With signatures off (as for an emulator) the SNS record's SMS event goes through; record 1 is made a valid two-way
        // SMS with a handler that fails, so the response must be exactly the reference partial batch response.
        var statuses = new RecordingStatusHandler();
        var inbound = new RecordingInboundHandler { OnMessage = (_, _) => throw new InvalidOperationException("database down") };
        using var harness = Harness(o => o.RequireSnsSignature = false, b => b.Services.AddSingleton<IDeliveryStatusHandler>(statuses).AddSingleton<IInboundMessageHandler>(inbound));
        var sqsEvent = JsonNode.Parse(File.ReadAllText(ReferenceData.PathOf("aws/events/lambda-sqs-event.json")))!;
        var records = sqsEvent["Records"]!.AsArray();
        records[0]!["body"] = TestSns.InboundSms(Person, "hello");

        // The reference response lists the second record; swap the roles so the handler failure hits that one.
        var first = records[0]!["messageId"]!.GetValue<string>();
        var second = records[1]!["messageId"]!.GetValue<string>();
        records[0]!["messageId"] = second;
        records[1]!["messageId"] = first;

        var result = await harness.Services.GetRequiredService<SqsEventProcessor>().ProcessAsync(Encoding.UTF8.GetBytes(sqsEvent.ToJsonString()));

        Assert.That(statuses.Received.Select(u => (u.MessageId, u.Status)), Is.EqualTo(new[] { ("862a8790-60c0-4430-9b2b-658bd1c2e3f4", Delivery.DeliveryStatus.Delivered) }));
        Assert.That(result.Records.Select(r => (r.MessageId, r.Outcome, r.Reason)), Is.EqualTo(new[]
        {
            (second, LambdaRecordOutcome.Failed, InboundFailureReason.HandlerFailed),
            (first, LambdaRecordOutcome.Processed, InboundFailureReason.None),
        }));
        var expected = JsonNode.Parse(File.ReadAllText(ReferenceData.PathOf("aws/events/lambda-sqs-batch-response.json")));
        Assert.That(JsonNode.DeepEquals(JsonNode.Parse(result.ToBatchResponseJson()), expected), Is.True, Encoding.UTF8.GetString(result.ToBatchResponseJson()));
    }

    [Test]
    public async Task A_ten_record_batch_of_good_poison_forged_and_failing_records_is_answered_record_by_record()
    {
        using var sns = new TestSns(Now);
        using var forger = new TestSns(Now);
        var inbound = new RecordingInboundHandler
        {
            OnMessage = (m, _) => m.Body == "boom" ? throw new InvalidOperationException("handler bug") : Task.CompletedTask,
        };
        var statuses = new RecordingStatusHandler();
        using var harness = Harness(build: b => b.Services.AddSingleton<IInboundMessageHandler>(inbound).AddSingleton<IDeliveryStatusHandler>(statuses));
        harness.Serve(TestSns.CertificateUrl, sns.CertificatePem);

        var tampered = JsonNode.Parse(sns.Envelope(TestSns.InboundSms(Person, "hi"), Now))!;
        tampered["Message"] = TestSns.InboundSms("+14155550000", "hi");
        var sqsEvent = LambdaEvents.Event(
            LambdaEvents.SqsRecord("m01", TestSns.InboundSms(Person, "one")),
            LambdaEvents.SqsRecord("m02", sns.Envelope(TestSns.InboundSms(Person, "two"), Now)),
            LambdaEvents.SqsRecord("m03", "this is not JSON", receiveCount: 4),
            LambdaEvents.SqsRecord("m04", sns.Envelope(TestSns.Event("TEXT_DELIVERED", "out-1"), Now)),
            LambdaEvents.SqsRecord("m05", forger.Envelope(TestSns.InboundSms(Person, "forged"), Now)),
            LambdaEvents.SqsRecord("m06", TestSns.InboundSms(Person, "boom")),
            LambdaEvents.SqsRecord("m07", """{"kind":"send","sendId":"7f3c2a10"}"""),
            LambdaEvents.SqsRecord("m08", ""),
            LambdaEvents.SqsRecord("m09", tampered.ToJsonString()),
            LambdaEvents.SqsRecord("m10", sns.Envelope(TestSns.InboundSms(Person, "ten"), Now, sign: false)));

        var result = await harness.Services.GetRequiredService<SqsEventProcessor>().ProcessAsync(sqsEvent);

        Assert.That(result.Records.Select(r => (r.MessageId, r.Outcome, r.Reason)), Is.EqualTo(new[]
        {
            ("m01", LambdaRecordOutcome.Processed, InboundFailureReason.None),
            ("m02", LambdaRecordOutcome.Processed, InboundFailureReason.None),
            ("m03", LambdaRecordOutcome.Rejected, InboundFailureReason.MalformedJson),
            ("m04", LambdaRecordOutcome.Processed, InboundFailureReason.None),
            ("m05", LambdaRecordOutcome.Rejected, InboundFailureReason.SnsSignatureInvalid),
            ("m06", LambdaRecordOutcome.Failed, InboundFailureReason.HandlerFailed),
            ("m07", LambdaRecordOutcome.Rejected, InboundFailureReason.UnknownShape),
            ("m08", LambdaRecordOutcome.Rejected, InboundFailureReason.EmptyBody),
            ("m09", LambdaRecordOutcome.Rejected, InboundFailureReason.SnsSignatureInvalid),
            ("m10", LambdaRecordOutcome.Rejected, InboundFailureReason.SnsSignatureMissing),
        }));
        Assert.That(
            JsonNode.Parse(result.ToBatchResponseJson())!.ToJsonString(),
            Is.EqualTo("""{"batchItemFailures":[{"itemIdentifier":"m03"},{"itemIdentifier":"m05"},{"itemIdentifier":"m06"},{"itemIdentifier":"m07"},{"itemIdentifier":"m08"},{"itemIdentifier":"m09"},{"itemIdentifier":"m10"}]}"""));
        Assert.That(inbound.Received.Select(m => m.Body).Order(), Is.EqualTo(new[] { "boom", "one", "two" }), "forged and unsigned messages never reach a handler");
        Assert.That(statuses.Received.Select(u => u.MessageId), Is.EqualTo(new[] { "out-1" }));

        var logs = harness.Logs.GetSnapshot();
        Assert.That(logs.Count(r => r.Id.Id == 2150), Is.EqualTo(6), "each rejected record logged once, with its reason code");
        Assert.That(logs.Single(r => r.Id.Id == 2150 && r.Message.Contains("m03", StringComparison.Ordinal)).Message, Does.Contain("MalformedJson").And.Contain("receive 4"));
        Assert.That(logs.Count(r => r.Id.Id == 2151), Is.EqualTo(1), "the handler failure logged once");
        Assert.That(logs.Where(r => r.Level > Microsoft.Extensions.Logging.LogLevel.Trace).Select(r => r.Message), Has.None.Contains(Person).And.None.Contains("boom"));
    }

    [Test]
    public async Task A_record_already_handled_is_skipped_when_redelivered_and_a_failed_one_is_processed_on_its_redelivery()
    {
        var claims = new TestClaimStore();
        var failOnce = 1;
        var inbound = new RecordingInboundHandler
        {
            OnMessage = (m, _) => m.Body == "flaky" && Interlocked.Exchange(ref failOnce, 0) == 1 ? throw new TimeoutException("store outage") : Task.CompletedTask,
        };
        using var harness = Harness(build: b => b.Services.AddSingleton<IInboundMessageHandler>(inbound).AddSingleton<ISendClaimStore>(claims));
        var processor = harness.Services.GetRequiredService<SqsEventProcessor>();
        var good = TestSns.InboundSms(Person, "good", id: "in-good");
        var flaky = TestSns.InboundSms(Person, "flaky", id: "in-flaky");

        var first = await processor.ProcessAsync(LambdaEvents.Event(LambdaEvents.SqsRecord("a", good), LambdaEvents.SqsRecord("b", flaky)));
        Assert.That(first.BatchItemFailures, Is.EqualTo(new[] { "b" }));
        Assert.That(claims.StateOf("inbound:aws-sms:in-good"), Is.EqualTo(Idempotency.SendClaimState.Completed));
        Assert.That(claims.StateOf("inbound:aws-sms:in-flaky"), Is.Null, "a failure gives the claim back");

        // Both come back (a duplicate delivery of "a", the redelivery of "b").
        var second = await processor.ProcessAsync(LambdaEvents.Event(LambdaEvents.SqsRecord("a", good, 2), LambdaEvents.SqsRecord("b", flaky, 2)));

        Assert.That(second.Records.Select(r => (r.MessageId, r.Outcome)), Is.EqualTo(new[] { ("a", LambdaRecordOutcome.Duplicate), ("b", LambdaRecordOutcome.Processed) }));
        Assert.That(second.IsSuccess, Is.True);
        Assert.That(inbound.Received.Count(m => m.Body == "good"), Is.EqualTo(1), "handled once");
        Assert.That(inbound.Received.Count(m => m.Body == "flaky"), Is.EqualTo(2), "failed once, then handled");
    }

    [Test]
    public async Task The_same_SNS_message_delivered_twice_to_the_queue_is_handled_once()
    {
        using var sns = new TestSns(Now);
        var claims = new TestClaimStore();
        var statuses = new RecordingStatusHandler();
        using var harness = Harness(build: b => b.Services.AddSingleton<IDeliveryStatusHandler>(statuses).AddSingleton<ISendClaimStore>(claims));
        harness.Serve(TestSns.CertificateUrl, sns.CertificatePem);
        var envelope = sns.Envelope(TestSns.Event("TEXT_DELIVERED", "out-7"), Now);
        var snsId = JsonNode.Parse(envelope)!["MessageId"]!.GetValue<string>();

        // SNS is at least once: two SQS messages (two SQS ids) carry one SNS message.
        var result = await harness.Services.GetRequiredService<SqsEventProcessor>().ProcessAsync(
            LambdaEvents.Event(LambdaEvents.SqsRecord("q1", envelope), LambdaEvents.SqsRecord("q2", envelope)));

        Assert.That(result.Records.Select(r => r.Outcome).Order(), Is.EqualTo(new[] { LambdaRecordOutcome.Processed, LambdaRecordOutcome.Duplicate })
            .Or.EqualTo(new[] { LambdaRecordOutcome.Processed, LambdaRecordOutcome.Failed }), "the second is skipped, or comes back while the first holds the claim");
        Assert.That(statuses.Received, Has.Count.EqualTo(1));
        Assert.That(claims.StateOf("inbound:sns:" + snsId), Is.EqualTo(Idempotency.SendClaimState.Completed));
    }

    [Test]
    public async Task A_claim_held_elsewhere_or_an_unreachable_claim_store_sends_the_record_back_unprocessed()
    {
        var claims = new TestClaimStore { FailClaim = key => key.EndsWith("in-down", StringComparison.Ordinal) ? new HttpRequestException("store unreachable") : null };
        claims.Hold("inbound:aws-sms:in-busy");
        var inbound = new RecordingInboundHandler();
        using var harness = Harness(build: b => b.Services.AddSingleton<IInboundMessageHandler>(inbound).AddSingleton<ISendClaimStore>(claims));

        var result = await harness.Services.GetRequiredService<SqsEventProcessor>().ProcessAsync(LambdaEvents.Event(
            LambdaEvents.SqsRecord("busy", TestSns.InboundSms(Person, "busy", id: "in-busy")),
            LambdaEvents.SqsRecord("down", TestSns.InboundSms(Person, "down", id: "in-down")),
            LambdaEvents.SqsRecord("fine", TestSns.InboundSms(Person, "fine", id: "in-fine"))));

        Assert.That(result.Records.Select(r => (r.MessageId, r.Outcome, r.Reason)), Is.EqualTo(new[]
        {
            ("busy", LambdaRecordOutcome.Failed, InboundFailureReason.ClaimInProgress),
            ("down", LambdaRecordOutcome.Failed, InboundFailureReason.ClaimStoreFailed),
            ("fine", LambdaRecordOutcome.Processed, InboundFailureReason.None),
        }));
        Assert.That(inbound.Received.Select(m => m.Body), Is.EqualTo(new[] { "fine" }));
        Assert.That(harness.Logs.GetSnapshot().Single(r => r.Id.Id == 2156).Exception, Is.InstanceOf<HttpRequestException>());
    }

    [Test]
    public async Task Raw_delivery_events_are_claimed_under_the_SQS_message_id()
    {
        var claims = new TestClaimStore();
        using var harness = Harness(build: b => b.Services.AddSingleton<ISendClaimStore>(claims));

        await harness.Services.GetRequiredService<SqsEventProcessor>().ProcessAsync(
            LambdaEvents.Event(LambdaEvents.SqsRecord("sqs-1", TestSns.Event("TEXT_DELIVERED", "out-9"))));

        Assert.That(claims.Calls, Is.EqualTo(new[] { "claim inbound:sqs:sqs-1", "complete inbound:sqs:sqs-1" }));
    }

    [Test]
    public async Task A_FIFO_batch_stops_at_the_first_failure_and_returns_every_later_record()
    {
        const string Fifo = "arn:aws:sqs:us-east-1:123456789012:sms-inbound.fifo";
        var inbound = new RecordingInboundHandler { OnMessage = (m, _) => m.Body == "2" ? throw new InvalidOperationException("no") : Task.CompletedTask };
        using var harness = Harness(build: b => b.Services.AddSingleton<IInboundMessageHandler>(inbound));

        var result = await harness.Services.GetRequiredService<SqsEventProcessor>().ProcessAsync(LambdaEvents.Event(
            [.. Enumerable.Range(1, 4).Select(i => LambdaEvents.SqsRecord("f" + i, TestSns.InboundSms(Person, i.ToString(System.Globalization.CultureInfo.InvariantCulture)), queueArn: Fifo))]));

        Assert.That(result.Records.Select(r => (r.MessageId, r.Outcome, r.Reason)), Is.EqualTo(new[]
        {
            ("f1", LambdaRecordOutcome.Processed, InboundFailureReason.None),
            ("f2", LambdaRecordOutcome.Failed, InboundFailureReason.HandlerFailed),
            ("f3", LambdaRecordOutcome.Failed, InboundFailureReason.NotAttempted),
            ("f4", LambdaRecordOutcome.Failed, InboundFailureReason.NotAttempted),
        }));
        Assert.That(inbound.Received.Select(m => m.Body), Is.EqualTo(new[] { "1", "2" }), "in order, nothing after the failure");
    }

    [Test]
    public async Task Records_run_concurrently_up_to_MaxConcurrency()
    {
        var current = 0;
        var max = 0;
        var bothIn = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var inbound = new RecordingInboundHandler
        {
            OnMessage = async (_, _) =>
            {
                var now = Interlocked.Increment(ref current);
                InterlockedMax(ref max, now);
                if (now == 2)
                {
                    bothIn.TrySetResult();
                }

                await bothIn.Task.WaitAsync(TimeSpan.FromSeconds(10));
                await Task.Yield();
                Interlocked.Decrement(ref current);
            },
        };
        using var harness = Harness(o => o.MaxConcurrency = 2, b => b.Services.AddSingleton<IInboundMessageHandler>(inbound));

        var result = await harness.Services.GetRequiredService<SqsEventProcessor>().ProcessAsync(LambdaEvents.Event(
            [.. Enumerable.Range(1, 10).Select(i => LambdaEvents.SqsRecord("c" + i, TestSns.InboundSms(Person, "x")))]));

        Assert.That(result.IsSuccess, Is.True, string.Join(", ", result.Records));
        Assert.That(max, Is.EqualTo(2), "two at once (the first two wait for each other), never more");
    }

    [Test]
    public async Task A_cancelled_invocation_returns_the_unfinished_records_and_gives_their_claims_back()
    {
        var claims = new TestClaimStore();
        using var cancellation = new CancellationTokenSource();
        var inbound = new RecordingInboundHandler
        {
            OnMessage = async (_, token) =>
            {
                await cancellation.CancelAsync();
                token.ThrowIfCancellationRequested();
            },
        };
        using var harness = Harness(o => o.MaxConcurrency = 1, b => b.Services.AddSingleton<IInboundMessageHandler>(inbound).AddSingleton<ISendClaimStore>(claims));

        var result = await harness.Services.GetRequiredService<SqsEventProcessor>().ProcessAsync(
            LambdaEvents.Event(LambdaEvents.SqsRecord("x1", TestSns.InboundSms(Person, "a", id: "in-x1")), LambdaEvents.SqsRecord("x2", TestSns.InboundSms(Person, "b", id: "in-x2"))),
            cancellation.Token);

        Assert.That(result.Records.Select(r => (r.Outcome, r.Reason)), Is.All.EqualTo((LambdaRecordOutcome.Failed, InboundFailureReason.Cancelled)));
        Assert.That(result.BatchItemFailures, Is.EqualTo(new[] { "x1", "x2" }));
        Assert.That(claims.StateOf("inbound:aws-sms:in-x1"), Is.Null, "released");
        Assert.That(inbound.Received, Has.Count.EqualTo(1));
    }

    [TestCase("not json at all", "not a JSON SQS event")]
    [TestCase("""{"records":[]}""", "no Records array")]
    [TestCase("""{"Records":[{"body":"{}"}]}""", "record 0 has no messageId")]
    [TestCase("""{"Records":[null]}""", "record 0 has no messageId")]
    [TestCase("""{"Records":[{"messageId":"a","body":42}]}""", "not a JSON SQS event")]
    public void An_event_that_is_not_an_SQS_event_fails_the_whole_invocation_before_anything_runs(string json, string problem)
    {
        var inbound = new RecordingInboundHandler();
        using var harness = Harness(build: b => b.Services.AddSingleton<IInboundMessageHandler>(inbound));

        var error = Assert.ThrowsAsync<InvalidDataException>(() => harness.Services.GetRequiredService<SqsEventProcessor>().ProcessAsync(Encoding.UTF8.GetBytes(json)));

        Assert.That(error!.Message, Does.Contain(problem));
        Assert.That(harness.Logs.GetSnapshot().Single(r => r.Id.Id == 2158).Message, Does.Contain(problem));
    }

    [Test]
    public async Task An_empty_batch_and_the_stream_handler_answer_an_empty_failure_list()
    {
        using var harness = Harness();
        var processor = harness.Services.GetRequiredService<SqsEventProcessor>();

        await using var response = await processor.HandleAsync(new MemoryStream(Encoding.UTF8.GetBytes("""{"Records":[]}""")));
        using var reader = new StreamReader(response);

        Assert.That(await reader.ReadToEndAsync(), Is.EqualTo("""{"batchItemFailures":[]}"""));
    }

    [Test]
    public async Task The_stream_handler_answers_the_partial_batch_response()
    {
        using var harness = Harness();
        var sqsEvent = LambdaEvents.Event(LambdaEvents.SqsRecord("ok", TestSns.InboundSms(Person, "hi")), LambdaEvents.SqsRecord("bad", "{"));

        await using var response = await harness.Services.GetRequiredService<SqsEventProcessor>().HandleAsync(new MemoryStream(sqsEvent));
        using var reader = new StreamReader(response);

        Assert.That(await reader.ReadToEndAsync(), Is.EqualTo("""{"batchItemFailures":[{"itemIdentifier":"bad"}]}"""));
    }

    [Test]
    public async Task An_opt_out_keyword_arriving_through_Lambda_reaches_the_opt_out_store()
    {
        using var harness = Harness();

        var result = await harness.Services.GetRequiredService<SqsEventProcessor>().ProcessAsync(
            LambdaEvents.Event(LambdaEvents.SqsRecord("stop", TestSns.InboundSms(Person, "STOP"))));

        Assert.That(result.IsSuccess, Is.True);
        Assert.That(await harness.OptOuts.IsOptedOutAsync(Person, MessagingPlatform.Sms), Is.True);
    }

    private static InboundHarness Harness(Action<SqsInboundOptions>? configure = null, Action<IMessagingBuilder>? build = null) =>
        new(
            configure,
            time: new Microsoft.Extensions.Time.Testing.FakeTimeProvider(Now),
            build: build);

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }
}
