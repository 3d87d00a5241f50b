using Nutritionist.Messaging.Delivery;
using Nutritionist.Messaging.Inbound;

namespace Nutritionist.Messaging.SharedState.Tests;

// Two hosts (separate service providers, as two containers or Lambda instances would be) sharing one Redis or one
// DynamoDB, and one provider that counts the requests it gets.
[TestFixture(Engine.Redis)]
[TestFixture(Engine.DynamoDb)]
public class FleetTests(Engine engine)
{
    private const string Number = "+12015550123";

    [SetUp]
    public void RequireEngine()
    {
        _ = engine == Engine.Redis ? SharedEngines.RequireRedis() : SharedEngines.RequireDynalite();
    }

    [Test]
    public async Task A_stop_taken_in_by_one_host_stops_the_next_send_from_the_other()
    {
        var provider = new CountingProvider();
        var scope = FleetHost.NewScope(engine);
        await using var a = FleetHost.Start(engine, scope, provider);
        await using var b = FleetHost.Start(engine, scope, provider);

        await a.Inbound.ProcessMessageAsync(new InboundMessage(MessagingPlatform.Sms, Number, "STOP") { ReceivedAt = DateTimeOffset.UtcNow });
        var result = await b.Client.SendAsync(MessagingPlatform.Sms, Number, "Your plan is ready");

        Assert.Multiple(() =>
        {
            Assert.That(result.Status, Is.EqualTo(SendStatus.Rejected));
            Assert.That(result.Error!.Code, Is.EqualTo(MessagingErrorCode.OptedOut));
            Assert.That(provider.Requests, Is.Zero);
        });
    }

    [Test]
    public async Task An_inbound_whatsapp_message_on_one_host_opens_the_window_for_the_other()
    {
        var provider = new CountingProvider();
        var scope = FleetHost.NewScope(engine);
        await using var a = FleetHost.Start(engine, scope, provider);
        await using var b = FleetHost.Start(engine, scope, provider);

        var before = await b.Client.SendAsync(MessagingPlatform.WhatsApp, Number, "Hi");
        await a.Inbound.ProcessMessageAsync(new InboundMessage(MessagingPlatform.WhatsApp, Number, "What should I eat tonight?") { ReceivedAt = DateTimeOffset.UtcNow });
        var after = await b.Client.SendAsync(MessagingPlatform.WhatsApp, Number, "Salmon and greens.");

        Assert.Multiple(() =>
        {
            Assert.That(before.Error?.Code, Is.EqualTo(MessagingErrorCode.SessionWindowClosed));
            Assert.That(after.Status, Is.EqualTo(SendStatus.Accepted));
            Assert.That(provider.Requests, Is.EqualTo(1));
        });
    }

    [Test]
    public async Task A_delivery_event_applied_by_one_host_is_seen_by_the_other()
    {
        var provider = new CountingProvider();
        var scope = FleetHost.NewScope(engine);
        await using var a = FleetHost.Start(engine, scope, provider);
        await using var b = FleetHost.Start(engine, scope, provider);

        var sent = await a.Client.SendAsync(MessagingPlatform.Sms, Number, "Hi");
        await b.Inbound.ProcessDeliveryStatusAsync(new DeliveryStatusUpdate(sent.MessageId!, MessagingPlatform.Sms, DeliveryStatus.Delivered) { Timestamp = DateTimeOffset.UtcNow });
        await a.Inbound.ProcessDeliveryStatusAsync(new DeliveryStatusUpdate(sent.MessageId!, MessagingPlatform.Sms, DeliveryStatus.Sent) { Timestamp = DateTimeOffset.UtcNow });
        var seenByA = await a.Tracker.GetAsync(sent.MessageId!);

        Assert.Multiple(() =>
        {
            Assert.That(seenByA?.Status, Is.EqualTo(DeliveryStatus.Delivered), "B's Delivered, not undone by A's late Sent");
            Assert.That(seenByA?.Recipient, Is.EqualTo(Number));
            // Statistics are per instance: A counted the acceptance, B the delivery.
            Assert.That(a.Tracker.GetStatistics().Count(MessagingPlatform.Sms, DeliveryStatus.Queued), Is.EqualTo(1));
            Assert.That(b.Tracker.GetStatistics().Count(MessagingPlatform.Sms, DeliveryStatus.Delivered), Is.EqualTo(1));
            Assert.That(a.Tracker.GetStatistics().Count(MessagingPlatform.Sms, DeliveryStatus.Delivered), Is.Zero);
        });
    }

    [Test]
    public async Task The_same_reference_sent_at_once_from_two_hosts_reaches_the_provider_once()
    {
        var provider = new CountingProvider();
        var scope = FleetHost.NewScope(engine);
        await using var a = FleetHost.Start(engine, scope, provider);
        await using var b = FleetHost.Start(engine, scope, provider);

        for (var round = 0; round < 5; round++)
        {
            var message = new OutboundMessage(Number, "Your plan is ready") { ClientReference = $"plan-{round}" };
            var results = await Task.WhenAll(Task.Run(() => a.Client.SendAsync(message)), Task.Run(() => b.Client.SendAsync(message)));
            Assert.That(results.Count(r => r.Status == SendStatus.Accepted), Is.GreaterThanOrEqualTo(1), $"round {round}: {results[0]} / {results[1]}");
            Assert.That(results.All(r => r.Status is SendStatus.Accepted or SendStatus.Unknown), $"round {round}: {results[0]} / {results[1]}");
        }

        Assert.That(provider.Requests, Is.EqualTo(5), "one provider request per reference");
    }

    [Test]
    public async Task A_repeat_while_the_first_is_in_flight_is_unknown_then_replays_the_first_result()
    {
        var provider = new CountingProvider { Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously) };
        var scope = FleetHost.NewScope(engine);
        await using var a = FleetHost.Start(engine, scope, provider);
        await using var b = FleetHost.Start(engine, scope, provider);
        var message = new OutboundMessage(Number, "Hi") { ClientReference = "order-42" };

        var first = a.Client.SendAsync(message);
        await provider.Entered.Task.WaitAsync(TimeSpan.FromSeconds(10));
        var during = await b.Client.SendAsync(message);
        provider.Gate.SetResult();
        var firstResult = await first;
        var after = await b.Client.SendAsync(message);

        Assert.Multiple(() =>
        {
            Assert.That(during.Status, Is.EqualTo(SendStatus.Unknown));
            Assert.That(during.Error!.Message, Does.Contain("in flight"));
            Assert.That(after.IsReplay, Is.True);
            Assert.That(after.MessageId, Is.EqualTo(firstResult.MessageId));
            Assert.That(provider.Requests, Is.EqualTo(1));
        });
    }

    [Test]
    public async Task Nothing_is_lost_or_doubled_when_a_host_stops_mid_batch_and_another_reruns_it()
    {
        const int Batch = 30;
        var provider = new CountingProvider();
        var scope = FleetHost.NewScope(engine);
        var messages = Enumerable.Range(0, Batch).Select(i => new OutboundMessage(Number, $"Reminder {i}") { ClientReference = $"batch-{i}" }).ToArray();

        // Host A works through the batch four at a time and is stopped after about a third: no new send starts, the
        // ones in flight finish, and the host is disposed.
        var a = FleetHost.Start(engine, scope, provider);
        using (var stop = new CancellationTokenSource())
        {
            try
            {
                await Parallel.ForEachAsync(messages, new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = stop.Token }, async (message, _) =>
                {
                    await a.Client.SendAsync(message, CancellationToken.None);
                    if (provider.Requests >= Batch / 3)
                    {
                        await stop.CancelAsync();
                    }
                });
            }
            catch (OperationCanceledException)
            {
                // The stop.
            }
        }

        await a.DisposeAsync();
        var sentByA = provider.Requests;

        // Host B reruns the whole batch.
        await using var b = FleetHost.Start(engine, scope, provider);
        var results = new List<SendResult>();
        foreach (var message in messages)
        {
            results.Add(await b.Client.SendAsync(message));
        }

        Assert.Multiple(() =>
        {
            Assert.That(sentByA, Is.InRange(Batch / 3, Batch - 1), "A stopped mid-batch");
            Assert.That(provider.Requests, Is.EqualTo(Batch), "every reference reached the provider exactly once");
            Assert.That(results.All(r => r.Status == SendStatus.Accepted), Is.True, "none lost: " + string.Join(", ", results.Where(r => r.Status != SendStatus.Accepted)));
            Assert.That(results.Count(r => r.IsReplay), Is.EqualTo(sentByA), "A's sends replayed to B");
            Assert.That(results.Select(r => r.MessageId), Is.Unique);
        });
    }
}
