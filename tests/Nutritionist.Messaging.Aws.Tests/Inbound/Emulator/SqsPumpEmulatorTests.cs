using System.Diagnostics;
using Amazon.SQS;
using Amazon.SQS.Model;
using Microsoft.Extensions.DependencyInjection;
using Nutritionist.Messaging.Aws.Inbound;
using Nutritionist.Messaging.Delivery;
using Nutritionist.Messaging.Inbound;

namespace Nutritionist.Messaging.Aws.Tests.Inbound.Emulator;

/// <summary>The pump against a real SQS server (<c>local-aws-sqs</c>), with the real verifier, pipeline and stores.</summary>
/// <remarks>
/// The emulator answers a long poll only when the wait time is over (or the batch is full), so the tests poll for one
/// second and give their queues a two-second visibility timeout.
/// </remarks>
public sealed partial class SqsPumpEmulatorTests
{
    private const string Person = "+14155552671";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    private AmazonSQSClient _sqs = null!;
    private TestSns _sns = null!;
    private string _queue = null!;

    [SetUp]
    public async Task SetUpAsync()
    {
        SqsEmulator.EnsureRunning();
        _sqs = SqsEmulator.CreateClient();
        _sns = new TestSns(DateTimeOffset.UtcNow);
        _queue = await SqsEmulator.CreateQueueAsync(_sqs, visibilityTimeoutSeconds: 2);
    }

    [TearDown]
    public void TearDown()
    {
        _sqs?.Dispose();
        _sns?.Dispose();
    }

    [TestCase(true, TestName = "STOP in a signed SNS envelope, then START raw")]
    [TestCase(false, TestName = "STOP raw, then START in a signed SNS envelope")]
    public async Task An_inbound_stop_blocks_sends_without_a_provider_call_and_start_restores_them(bool stopInEnvelope)
    {
        using var harness = Harness();
        await harness.Pump.StartAsync(CancellationToken.None);
        try
        {
            await SendAsync(Body(TestSns.InboundSms(Person, "Stop"), stopInEnvelope));
            await Eventually(async () => await harness.OptOuts.IsOptedOutAsync(Person, MessagingPlatform.Sms));

            var refused = await harness.Client.SendAsync(MessagingPlatform.Sms, Person, "Your meal plan is ready");
            Assert.That(refused.Error?.Code, Is.EqualTo(MessagingErrorCode.OptedOut));
            Assert.That(harness.Sms.Calls, Is.Zero, "an opted-out recipient never reaches the provider");

            await SendAsync(Body(TestSns.InboundSms(Person, "START"), !stopInEnvelope));
            await Eventually(async () => !await harness.OptOuts.IsOptedOutAsync(Person, MessagingPlatform.Sms));

            var sent = await harness.Client.SendAsync(MessagingPlatform.Sms, Person, "Welcome back");
            Assert.That(sent.IsSuccess, Is.True, sent.ToString());
            Assert.That(harness.Sms.Calls, Is.EqualTo(1));
        }
        finally
        {
            await harness.Pump.StopAsync(CancellationToken.None);
        }

        Assert.That(await RemainingBodiesAsync(), Is.Empty, "both keyword messages were deleted after processing");
    }

    [Test]
    public async Task An_sns_enveloped_delivery_event_updates_the_tracker_with_price_parts_and_reference()
    {
        using var harness = Harness();
        var sent = await harness.Client.SendAsync(new OutboundMessage(Person, "Your meal plan is ready") { Platform = MessagingPlatform.Sms, ClientReference = "plan-42" });
        Assert.That(sent.IsSuccess, Is.True, sent.ToString());

        await SendAsync(_sns.Envelope(TestSns.Event("TEXT_DELIVERED", sent.MessageId!, to: Person, clientReference: "plan-42"), DateTimeOffset.UtcNow));
        await harness.Pump.StartAsync(CancellationToken.None);
        try
        {
            await Eventually(async () => (await harness.Tracker.GetAsync(sent.MessageId!))?.Status == DeliveryStatus.Delivered);
        }
        finally
        {
            await harness.Pump.StopAsync(CancellationToken.None);
        }

        var record = await harness.Tracker.GetAsync(sent.MessageId!);
        Assert.That(record!.Price, Is.EqualTo(0.00831m));
        Assert.That(record.PriceCurrency, Is.EqualTo("USD"));
        Assert.That(record.ClientReference, Is.EqualTo("plan-42"));
        Assert.That(await RemainingBodiesAsync(), Is.Empty);
    }

    [Test]
    public async Task A_poison_or_forged_message_stays_in_the_queue_while_the_messages_behind_it_are_processed()
    {
        var handler = new RecordingInboundHandler();
        using var harness = Harness(build: b => b.Services.AddSingleton<IInboundMessageHandler>(handler));
        const string poison = "{\"originationNumber\": \"+14155552671\", \"messageBody\": ";
        var forged = _sns.Envelope(TestSns.InboundSms(Person, "hello"), DateTimeOffset.UtcNow).Replace("hello", "STOP", StringComparison.Ordinal);
        await SendAsync(poison);
        await SendAsync(forged);
        for (var i = 0; i < 3; i++)
        {
            await SendAsync(TestSns.InboundSms("+1415555010" + i, "message " + i));
        }

        await harness.Pump.StartAsync(CancellationToken.None);
        try
        {
            await Eventually(() => Task.FromResult(handler.Received.Count >= 3));
        }
        finally
        {
            await harness.Pump.StopAsync(CancellationToken.None);
        }

        Assert.That(handler.Received.Select(m => m.Body), Is.EquivalentTo(new[] { "message 0", "message 1", "message 2" }));
        Assert.That(await harness.OptOuts.IsOptedOutAsync(Person, MessagingPlatform.Sms), Is.False, "the forged STOP was not applied");
        Assert.That(await RemainingBodiesAsync(), Is.EquivalentTo(new[] { poison, forged }));
        Assert.That(harness.Logs.GetSnapshot().Select(r => r.Message), Has.Some.Contains(nameof(InboundFailureReason.MalformedJson)));
        Assert.That(harness.Logs.GetSnapshot().Select(r => r.Message), Has.Some.Contains(nameof(InboundFailureReason.SnsSignatureInvalid)));
    }

    [Test]
    public async Task A_message_whose_handler_throws_is_left_undeleted_and_the_others_are_not()
    {
        var handler = new RecordingInboundHandler
        {
            OnMessage = (m, _) => m.Body == "boom" ? throw new InvalidOperationException("handler bug") : Task.CompletedTask,
        };
        using var harness = Harness(build: b => b.Services.AddSingleton<IInboundMessageHandler>(handler));
        var boom = TestSns.InboundSms(Person, "boom");
        await SendAsync(boom);
        await SendAsync(TestSns.InboundSms(Person, "fine"));

        await harness.Pump.StartAsync(CancellationToken.None);
        try
        {
            await Eventually(() => Task.FromResult(handler.Received.Any(m => m.Body == "boom") && handler.Received.Any(m => m.Body == "fine")));
        }
        finally
        {
            await harness.Pump.StopAsync(CancellationToken.None);
        }

        Assert.That(await RemainingBodiesAsync(), Is.EqualTo(new[] { boom }));
        Assert.That(harness.Logs.GetSnapshot().Select(r => r.Message), Has.Some.Contains(nameof(InvalidOperationException)));
    }

    [Test]
    public async Task Stopping_during_a_long_poll_returns_promptly_and_loses_nothing()
    {
        // Five seconds, not twenty: the emulator keeps an abandoned poll open for its whole wait time and re-takes
        // messages as they become visible; real SQS would hand over the first message and close it. A poll waited out
        // instead of cancelled would hold StopAsync for over four seconds.
        const int LongPollSeconds = 5;
        using var harness = Harness(o => o.WaitTimeSeconds = LongPollSeconds);
        await harness.Pump.StartAsync(CancellationToken.None);
        await Task.Delay(300); // let the receive reach the server

        var stopwatch = Stopwatch.StartNew();
        await harness.Pump.StopAsync(CancellationToken.None);
        Assert.That(stopwatch.Elapsed, Is.LessThan(TimeSpan.FromSeconds(2)), "the long poll was cancelled, not waited out");

        // Whatever the abandoned poll takes on the server comes back when it ends: nothing is lost.
        var body = TestSns.InboundSms(Person, "after shutdown");
        await SendAsync(body);
        var response = await _sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = _queue, WaitTimeSeconds = LongPollSeconds + 5, MaxNumberOfMessages = 1 });
        Assert.That(response.Messages?.Select(m => m.Body), Is.EqualTo(new[] { body }));
        Assert.That(harness.Sms.Calls, Is.Zero);
    }

    [Test]
    public async Task A_message_in_flight_at_shutdown_finishes_and_is_deleted()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var handler = new RecordingInboundHandler
        {
            OnMessage = async (_, ct) =>
            {
                entered.TrySetResult();
                await release.Task.WaitAsync(ct);
            },
        };
        using var harness = Harness(build: b => b.Services.AddSingleton<IInboundMessageHandler>(handler));
        await SendAsync(TestSns.InboundSms(Person, "slow"));
        await harness.Pump.StartAsync(CancellationToken.None);
        await entered.Task.WaitAsync(Patience);

        var stopping = harness.Pump.StopAsync(CancellationToken.None);
        await Task.Delay(200);
        Assert.That(stopping.IsCompleted, Is.False, "shutdown waits for the message in flight");
        release.SetResult();
        await stopping.WaitAsync(Patience);

        Assert.That(await RemainingBodiesAsync(), Is.Empty);
    }

    [Test]
    public async Task A_message_in_flight_when_the_shutdown_timeout_ends_stays_in_the_queue()
    {
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var handler = new RecordingInboundHandler
        {
            OnMessage = async (_, ct) =>
            {
                entered.TrySetResult();
                await Task.Delay(Timeout.Infinite, ct);
            },
        };
        using var harness = Harness(build: b => b.Services.AddSingleton<IInboundMessageHandler>(handler));
        var body = TestSns.InboundSms(Person, "never finishes");
        await SendAsync(body);
        await harness.Pump.StartAsync(CancellationToken.None);
        await entered.Task.WaitAsync(Patience);

        using var shutdownTimeout = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        await harness.Pump.StopAsync(shutdownTimeout.Token);

        Assert.That(await RemainingBodiesAsync(), Is.EqualTo(new[] { body }));
    }

    private InboundHarness Harness(Action<SqsPumpOptions>? configure = null, Action<IMessagingBuilder>? build = null)
    {
        var harness = new InboundHarness(
            o => o.MaxConcurrency = 4,
            build: build,
            pump: o =>
            {
                o.QueueUrls.Add(_queue);
                o.ServiceUrl = SqsEmulator.ServiceUrl;
                o.WaitTimeSeconds = 1;
                configure?.Invoke(o);
            });
        return harness.Serve(TestSns.CertificateUrl, _sns.CertificatePem);
    }

    private string Body(string payload, bool inEnvelope) => inEnvelope ? _sns.Envelope(payload, DateTimeOffset.UtcNow) : payload;

    private Task SendAsync(string body) => _sqs.SendMessageAsync(_queue, body);

    private async Task<List<string>> RemainingBodiesAsync() =>
        (await SqsEmulator.RemainingMessagesAsync(_sqs, _queue)).Select(m => m.Body).ToList();

    private static async Task Eventually(Func<Task<bool>> condition)
    {
        var stopwatch = Stopwatch.StartNew();
        while (!await condition())
        {
            if (stopwatch.Elapsed > Patience)
            {
                Assert.Fail($"Condition not met within {Patience}.");
            }

            await Task.Delay(50);
        }
    }
}
