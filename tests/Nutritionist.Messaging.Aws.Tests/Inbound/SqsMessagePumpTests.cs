using System.Collections.Concurrent;
using System.Diagnostics;
using Amazon.SQS;
using Amazon.SQS.Model;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using NSubstitute;
using Nutritionist.Messaging.Aws.Inbound;
using Nutritionist.Messaging.Delivery;
using Nutritionist.Messaging.Inbound;

namespace Nutritionist.Messaging.Aws.Tests.Inbound;

/// <summary>The pump's own behaviour over a substitute <see cref="IAmazonSQS"/>; the emulator tests cover the wire.</summary>
public sealed class SqsMessagePumpTests
{
    private const string Queue = "https://sqs.us-east-1.amazonaws.com/123456789012/sms-inbound";
    private const string Person = "+14155552671";

    [TestCase(false, TestName = "Receive errors back off on the time provider instead of spinning (AWS error)")]
    [TestCase(true, TestName = "Receive errors back off on the time provider instead of spinning (unexpected error)")]
    public async Task Receive_errors_back_off_on_the_time_provider_instead_of_spinning(bool unexpected)
    {
        var time = new TimerRecordingTimeProvider(new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero));
        var sqs = Substitute.For<IAmazonSQS>();
        var calls = 0;
        sqs.ReceiveMessageAsync(Arg.Any<ReceiveMessageRequest>(), Arg.Any<CancellationToken>())
            .Returns(_ =>
            {
                Interlocked.Increment(ref calls);
                return Task.FromException<ReceiveMessageResponse>(
                    unexpected ? new InvalidOperationException("SDK bug") : new AmazonSQSException("Service unavailable"));
            });
        using var harness = new InboundHarness(sqs: sqs, time: time, pump: o => o.QueueUrls.Add(Queue));

        await harness.Pump.StartAsync(CancellationToken.None);
        // The pump waits on a timer of the time provider: once it is there, nothing can retry before it fires. (A pump that
        // spun would make no timer and fail the wait.) Waiting for the timer, not a fixed sleep, also means the advance
        // below cannot come before the timer and be lost.
        await Eventually(() => time.DueTimes.Contains(TimeSpan.FromSeconds(1)));
        Assert.That(Volatile.Read(ref calls), Is.EqualTo(1), "no retry before the back-off elapses");

        time.Advance(TimeSpan.FromSeconds(1));
        await Eventually(() => Volatile.Read(ref calls) == 2);
        await Eventually(() => time.DueTimes.Contains(TimeSpan.FromSeconds(2)));
        Assert.That(Volatile.Read(ref calls), Is.EqualTo(2), "the second back-off is two seconds");
        time.Advance(TimeSpan.FromSeconds(2));
        await Eventually(() => Volatile.Read(ref calls) == 3);

        var stopwatch = Stopwatch.StartNew();
        await harness.Pump.StopAsync(CancellationToken.None);
        Assert.That(stopwatch.Elapsed, Is.LessThan(TimeSpan.FromSeconds(2)), "a pending back-off does not delay shutdown");
        Assert.That(harness.Logs.GetSnapshot().Count(r => r.Id.Id == 2102), Is.EqualTo(3));
    }

    [Test]
    public async Task Only_messages_that_were_processed_or_deliberately_ignored_are_deleted()
    {
        var statusHandler = new ThrowingStatusHandler();
        var sqs = QueueOf(
            Message("good", TestSns.InboundSms(Person, "hello")),
            Message("malformed", "{\"originationNumber\": "),
            Message("unsigned", new TestSns(DateTimeOffset.UtcNow).Envelope(TestSns.InboundSms(Person, "STOP"), DateTimeOffset.UtcNow, sign: false)),
            Message("handler-throws", TestSns.Event("TEXT_DELIVERED", "m-throws")),
            Message("voice", TestSns.Event("VOICE_COMPLETED", "m-voice")),
            Message("delivered", TestSns.Event("TEXT_DELIVERED", "m-ok")));
        statusHandler.ThrowFor = "m-throws";
        using var harness = new InboundHarness(sqs: sqs, pump: o => o.QueueUrls.Add(Queue), build: b => b.Services.AddSingleton<IDeliveryStatusHandler>(statusHandler));

        await harness.Pump.StartAsync(CancellationToken.None);
        await Eventually(() => statusHandler.Seen.Count == 2 && harness.Pump.InFlightCount == 0);
        await harness.Pump.StopAsync(CancellationToken.None);

        var deleted = sqs.ReceivedCalls()
            .Where(c => c.GetMethodInfo().Name == nameof(IAmazonSQS.DeleteMessageAsync))
            .Select(c => (string)c.GetArguments()[1]!)
            .ToList();
        Assert.That(deleted, Is.EquivalentTo(new[] { "good", "voice", "delivered" }));
        Assert.That(await harness.OptOuts.IsOptedOutAsync(Person, MessagingPlatform.Sms), Is.False, "the unsigned STOP was not applied");
        Assert.That((await harness.Tracker.GetAsync("m-ok"))?.Status, Is.EqualTo(DeliveryStatus.Delivered));

        var reasons = harness.Logs.GetSnapshot().Where(r => r.Id.Id == 2103).Select(r => r.Message).ToList();
        Assert.That(reasons, Has.Some.Contains(nameof(InboundFailureReason.MalformedJson)));
        Assert.That(reasons, Has.Some.Contains(nameof(InboundFailureReason.SnsSignatureMissing)));
        Assert.That(harness.Logs.GetSnapshot().Where(r => r.Id.Id == 2104).Select(r => r.Message), Has.One.Contains("m-throws"));
    }

    [Test]
    public async Task At_most_max_concurrency_messages_are_processed_at_once_and_receives_wait_for_a_free_slot()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var current = 0;
        var highest = 0;
        var handler = new RecordingInboundHandler
        {
            OnMessage = async (_, ct) =>
            {
                var now = Interlocked.Increment(ref current);
                InterlockedMax(ref highest, now);
                await release.Task.WaitAsync(ct);
                Interlocked.Decrement(ref current);
            },
        };
        var sqs = QueueOf(Enumerable.Range(0, 5).Select(i => Message("r" + i, TestSns.InboundSms(Person, "m" + i))).ToArray());
        using var harness = new InboundHarness(
            o => o.MaxConcurrency = 2,
            sqs,
            pump: o => o.QueueUrls.Add(Queue),
            build: b => b.Services.AddSingleton<IInboundMessageHandler>(handler));

        await harness.Pump.StartAsync(CancellationToken.None);
        await Eventually(() => handler.Received.Count == 2);
        await Task.Delay(100);
        var requests = ReceiveRequests(sqs);
        Assert.That(requests, Has.Count.EqualTo(1), "no receive while every slot is busy");
        Assert.That(requests[0].MaxNumberOfMessages, Is.EqualTo(2));
        Assert.That(requests[0].WaitTimeSeconds, Is.EqualTo(20));
        Assert.That(requests[0].QueueUrl, Is.EqualTo(Queue));

        release.SetResult();
        await Eventually(() => handler.Received.Count == 5);
        await harness.Pump.StopAsync(CancellationToken.None);
        Assert.That(highest, Is.EqualTo(2));
    }

    [Test]
    public async Task Logs_mask_numbers_and_keep_bodies_at_trace()
    {
        var handler = new RecordingInboundHandler { OnMessage = (_, _) => throw new InvalidOperationException("handler failed") };
        var sqs = QueueOf(
            Message("a", TestSns.InboundSms(Person, "my secret meal plan")),
            Message("b", TestSns.Event("TEXT_BLOCKED", "m-1", to: "+14255550156")),
            Message("c", "{\"originationNumber\":\"+14155552671\",\"messageBody\":\"my secret meal plan\""));
        using var harness = new InboundHarness(sqs: sqs, pump: o => o.QueueUrls.Add(Queue), build: b => b.Services.AddSingleton<IInboundMessageHandler>(handler));

        await harness.Pump.StartAsync(CancellationToken.None);
        await Eventually(() => handler.Received.Count == 1 && harness.Pump.InFlightCount == 0 && harness.Logs.GetSnapshot().Any(r => r.Id.Id == 2103));
        await harness.Pump.StopAsync(CancellationToken.None);

        var records = harness.Logs.GetSnapshot();
        Assert.That(records.Count(r => r.Id.Id == 2108), Is.EqualTo(3), "bodies are logged at Trace only");
        foreach (var record in records.Where(r => r.Level > LogLevel.Trace))
        {
            var text = record.Message + record.Exception;
            Assert.That(text, Does.Not.Contain(Person).And.Not.Contain("+14255550156").And.Not.Contain("secret meal plan"), record.Message);
        }

        Assert.That(records.Where(r => r.Id.Id == 2104).Select(r => r.Message), Has.One.Contains("+1415*****71"));
    }

    [Test]
    public async Task Unsigned_envelopes_are_accepted_when_signatures_are_not_required()
    {
        using var sns = new TestSns(DateTimeOffset.UtcNow);
        using var harness = new InboundHarness(o => o.RequireSnsSignature = false);

        var result = await harness.Processor.ProcessAsync(sns.Envelope(TestSns.InboundSms(Person, "STOP"), DateTimeOffset.UtcNow, sign: false), DateTimeOffset.UtcNow);

        Assert.That(result.Kind, Is.EqualTo(SqsBodyKind.InboundMessage));
        Assert.That(await harness.OptOuts.IsOptedOutAsync(Person, MessagingPlatform.Sms), Is.True);
        Assert.That(harness.Certificates.Requests, Is.Empty);
        Assert.That(harness.Logs.GetSnapshot().Count(r => r.Id.Id == 2111), Is.EqualTo(1));
    }

    [Test]
    public async Task A_signed_envelope_goes_through_the_real_verifier_and_a_tampered_one_does_not()
    {
        using var sns = new TestSns(DateTimeOffset.UtcNow);
        using var harness = new InboundHarness().Serve(TestSns.CertificateUrl, sns.CertificatePem);
        var body = sns.Envelope(TestSns.InboundSms(Person, "hello"), DateTimeOffset.UtcNow);

        var good = await harness.Processor.ProcessAsync(body, DateTimeOffset.UtcNow);
        var forged = await harness.Processor.ProcessAsync(body.Replace("hello", "STOP", StringComparison.Ordinal), DateTimeOffset.UtcNow);

        Assert.That(good.Kind, Is.EqualTo(SqsBodyKind.InboundMessage));
        Assert.That(forged.Reason, Is.EqualTo(InboundFailureReason.SnsSignatureInvalid));
        Assert.That(forged.CanDelete, Is.False);
        Assert.That(await harness.OptOuts.IsOptedOutAsync(Person, MessagingPlatform.Sms), Is.False);
    }

    private static Message Message(string receiptHandle, string body) =>
        new() { MessageId = "sqs-" + receiptHandle, ReceiptHandle = receiptHandle, Body = body };

    /// <summary>An SQS substitute that hands out <paramref name="messages"/> (as many as asked for), then long-polls until cancelled.</summary>
    private static IAmazonSQS QueueOf(params Message[] messages)
    {
        var pending = new ConcurrentQueue<Message>(messages);
        var sqs = Substitute.For<IAmazonSQS>();
        sqs.ReceiveMessageAsync(Arg.Any<ReceiveMessageRequest>(), Arg.Any<CancellationToken>())
            .Returns(async call =>
            {
                var request = call.Arg<ReceiveMessageRequest>();
                var batch = new List<Message>();
                while (batch.Count < request.MaxNumberOfMessages && pending.TryDequeue(out var next))
                {
                    batch.Add(next);
                }

                if (batch.Count == 0)
                {
                    await Task.Delay(Timeout.Infinite, call.Arg<CancellationToken>());
                }

                return new ReceiveMessageResponse { Messages = batch };
            });
        return sqs;
    }

    private static List<ReceiveMessageRequest> ReceiveRequests(IAmazonSQS sqs) =>
        sqs.ReceivedCalls()
            .Where(c => c.GetMethodInfo().Name == nameof(IAmazonSQS.ReceiveMessageAsync))
            .Select(c => (ReceiveMessageRequest)c.GetArguments()[0]!)
            .ToList();

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }

    private static async Task Eventually(Func<bool> condition)
    {
        var stopwatch = Stopwatch.StartNew();
        while (!condition())
        {
            if (stopwatch.Elapsed > TimeSpan.FromSeconds(10))
            {
                Assert.Fail("Condition not met within 10 s.");
            }

            await Task.Delay(10);
        }
    }

    /// <summary>A <see cref="FakeTimeProvider"/> that records the due time of every timer created on it.</summary>
    private sealed class TimerRecordingTimeProvider(DateTimeOffset start) : FakeTimeProvider(start)
    {
        private readonly ConcurrentQueue<TimeSpan> _dueTimes = new();

        public IReadOnlyCollection<TimeSpan> DueTimes => _dueTimes.ToArray();

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            var timer = base.CreateTimer(callback, state, dueTime, period);
            _dueTimes.Enqueue(dueTime);
            return timer;
        }
    }

    private sealed class ThrowingStatusHandler : IDeliveryStatusHandler
    {
        public string? ThrowFor { get; set; }

        public ConcurrentQueue<string> Seen { get; } = new();

        public Task HandleAsync(DeliveryStatusUpdate update, CancellationToken cancellationToken = default)
        {
            Seen.Enqueue(update.MessageId);
            return update.MessageId == ThrowFor ? throw new InvalidOperationException("status handler bug") : Task.CompletedTask;
        }
    }
}
