using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Nutritionist.Messaging.Bulk;
using Nutritionist.Messaging.Delivery;
using Nutritionist.Messaging.Tests.Fakes;

namespace Nutritionist.Messaging.Tests.Reliability;

// SendManyAsync records a chunk's acceptances in the delivery tracker with one batch call, and a tracker failure never
// turns a sent message into an error.
public class BulkTrackingTests
{
    private static List<OutboundMessage> Batch(int count) =>
        [.. Enumerable.Range(0, count).Select(i => new OutboundMessage("+1201555" + i.ToString("0000", CultureInfo.InvariantCulture), "Hi") { Platform = MessagingPlatform.Sms })];

    [Test]
    public async Task A_chunks_acceptances_reach_the_tracker_in_one_batch_call()
    {
        var tracker = new RecordingTracker();
        using var harness = new MessagingHarness(build: b => b.Services.Replace(ServiceDescriptor.Singleton<IDeliveryTracker>(tracker)));
        var messages = Batch(250);
        messages[5] = new OutboundMessage(messages[5].To, "Hi") { Platform = MessagingPlatform.Sms, ClientReference = "ref-5" }; // sent through its claim, recorded on its own
        await harness.OptOuts.OptOutAsync(messages[7].To, MessagingPlatform.Sms); // refused: nothing to record

        var result = await harness.Client.SendManyAsync(messages, new BulkSendOptions { MaxConcurrency = 4 });

        var accepted = result.Items.Select(i => i.Result!).Where(r => r.IsSuccess).ToList();
        var records = await RecordsOfAsync(tracker, accepted);
        Assert.Multiple(() =>
        {
            Assert.That(accepted, Has.Count.EqualTo(249));
            Assert.That(tracker.BatchSizes.Order(), Is.EqualTo(new[] { 50, 98, 100 }), "one call per chunk of 100, without the refused and the referenced message");
            Assert.That(tracker.SingleCalls, Is.EqualTo(1), "only the referenced message, through SendAsync");
            Assert.That(records.Select(r => r?.Status), Is.All.EqualTo(DeliveryStatus.Queued));
        });
    }

    [Test]
    public async Task A_throwing_batch_tracker_does_not_turn_sends_into_errors()
    {
        var tracker = new RecordingTracker { Fail = true };
        using var harness = new MessagingHarness(build: b => b.Services.Replace(ServiceDescriptor.Singleton<IDeliveryTracker>(tracker)));

        var result = await harness.Client.SendManyAsync(Batch(150));

        Assert.Multiple(() =>
        {
            Assert.That(result.Summary.Accepted, Is.EqualTo(150));
            Assert.That(result.Items.Select(i => i.Result!.Status), Is.All.EqualTo(SendStatus.Accepted));
            Assert.That(tracker.BatchSizes, Has.Count.EqualTo(2), "each chunk tried");
            Assert.That(harness.Logs.GetSnapshot().Where(r => r.Id.Id == 1010).Select(r => r.Message), Has.Some.Contain("100 accepted messages"));
        });
    }

    [Test]
    public async Task A_tracker_without_its_own_batch_method_gets_every_acceptance_one_by_one()
    {
        var tracker = new SingleOnlyTracker();
        using var harness = new MessagingHarness(build: b => b.Services.Replace(ServiceDescriptor.Singleton<IDeliveryTracker>(tracker)));

        var result = await harness.Client.SendManyAsync(Batch(120));

        Assert.That(tracker.Recorded.Order(), Is.EqualTo(result.Items.Select(i => i.Result!.MessageId).Order()));
    }

    [Test]
    public async Task The_sends_a_cancelled_chunk_started_are_recorded()
    {
        var tracker = new RecordingTracker();
        using var harness = new MessagingHarness(build: b => b.Services.Replace(ServiceDescriptor.Singleton<IDeliveryTracker>(tracker)));
        using var cts = new CancellationTokenSource();
        var release = new TaskCompletionSource();
        harness.Sms.OnSend = async (m, _) =>
        {
            if (harness.Sms.Calls == 3)
            {
                await cts.CancelAsync();
            }

            await release.Task;
            return new ProviderReceipt("id-" + m.To);
        };

        var bulk = harness.Client.SendManyAsync(Batch(50), new BulkSendOptions { MaxConcurrency = 3 }, cancellationToken: cts.Token);
        await Task.Delay(50);
        release.SetResult();
        var result = await bulk;

        var accepted = result.Items.Select(i => i.Result!).Where(r => r?.IsSuccess == true).ToList();
        var records = await RecordsOfAsync(tracker, accepted);
        Assert.Multiple(() =>
        {
            Assert.That(result.Cancelled, Is.True);
            Assert.That(accepted, Has.Count.EqualTo(3));
            Assert.That(tracker.BatchSizes, Is.EqualTo(new[] { 3 }));
            Assert.That(records, Is.All.Not.Null);
        });
    }

    private static async Task<List<DeliveryRecord?>> RecordsOfAsync(RecordingTracker tracker, IEnumerable<SendResult> accepted)
    {
        var records = new List<DeliveryRecord?>();
        foreach (var result in accepted)
        {
            records.Add(await tracker.Inner.GetAsync(result.MessageId!));
        }

        return records;
    }

    /// <summary>The in-memory tracker, counting single and batch acceptance calls; <see cref="Fail"/> makes the batch throw.</summary>
    private sealed class RecordingTracker : IDeliveryTracker
    {
        private int _singleCalls;

        public InMemoryDeliveryTracker Inner { get; } = new();

        public bool Fail { get; init; }

        public ConcurrentQueue<int> BatchSizes { get; } = new();

        public int SingleCalls => _singleCalls;

        public ValueTask RecordAcceptedAsync(SendResult result, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _singleCalls);
            return Inner.RecordAcceptedAsync(result, cancellationToken);
        }

        public ValueTask RecordAcceptedManyAsync(IReadOnlyList<SendResult> results, CancellationToken cancellationToken = default)
        {
            BatchSizes.Enqueue(results.Count);
            return Fail ? throw new TimeoutException("the tracker's store timed out") : Inner.RecordAcceptedManyAsync(results, cancellationToken);
        }

        public ValueTask<bool> ApplyAsync(DeliveryStatusUpdate update, CancellationToken cancellationToken = default) => Inner.ApplyAsync(update, cancellationToken);

        public ValueTask<DeliveryRecord?> GetAsync(string messageId, CancellationToken cancellationToken = default) => Inner.GetAsync(messageId, cancellationToken);

        public DeliveryStatistics GetStatistics() => Inner.GetStatistics();
    }

    /// <summary>A tracker written before <see cref="IDeliveryTracker.RecordAcceptedManyAsync"/> existed.</summary>
    private sealed class SingleOnlyTracker : IDeliveryTracker
    {
        public ConcurrentQueue<string> Recorded { get; } = new();

        public ValueTask RecordAcceptedAsync(SendResult result, CancellationToken cancellationToken = default)
        {
            Recorded.Enqueue(result.MessageId!);
            return ValueTask.CompletedTask;
        }

        public ValueTask<bool> ApplyAsync(DeliveryStatusUpdate update, CancellationToken cancellationToken = default) => ValueTask.FromResult(false);

        public ValueTask<DeliveryRecord?> GetAsync(string messageId, CancellationToken cancellationToken = default) => ValueTask.FromResult<DeliveryRecord?>(null);

        public DeliveryStatistics GetStatistics() => new(new Dictionary<MessagingPlatform, IReadOnlyDictionary<DeliveryStatus, int>>());
    }
}
