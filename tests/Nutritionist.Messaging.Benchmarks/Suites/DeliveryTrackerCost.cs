using System.Collections.Concurrent;
using System.Globalization;
using BenchmarkDotNet.Attributes;
using Nutritionist.Messaging.Delivery;

namespace Nutritionist.Messaging.Benchmarks.Suites;

/// <summary>
/// Profiling aid: <see cref="InMemoryDeliveryTracker.RecordAcceptedAsync"/>, which the router calls on every accepted
/// send, in steady state (the tracker full at its default capacity of 100,000, so every call adds one and evicts one).
/// Baseline: the same dictionary and queue work done directly (add, enqueue, dequeue, remove) with an
/// Interlocked counter instead of <c>ConcurrentDictionary.Count</c>.
/// </summary>
[MemoryDiagnoser]
public class DeliveryTrackerCost
{
    private readonly ConcurrentDictionary<string, DeliveryRecord> _records = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _order = new();
    private readonly string[] _ids = Enumerable.Range(0, 1 << 20).Select(i => "id-" + i.ToString(CultureInfo.InvariantCulture)).ToArray();
    private readonly string[] _uuids = Enumerable.Range(0, 1 << 20).Select(i => Guid.NewGuid().ToString("D")).ToArray();
    private InMemoryDeliveryTracker _tracker = null!;
    private InMemoryDeliveryTracker _uuidTracker = null!;
    private int _count;
    private int _next;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _tracker = new InMemoryDeliveryTracker();
        _uuidTracker = new InMemoryDeliveryTracker();
        for (var i = 0; i < InMemoryDeliveryTracker.DefaultCapacity; i++)
        {
            await _tracker.RecordAcceptedAsync(Accepted("fill-" + i.ToString(CultureInfo.InvariantCulture)));
            await _uuidTracker.RecordAcceptedAsync(Accepted(Guid.NewGuid().ToString("D")));
            var id = "fill-" + i.ToString(CultureInfo.InvariantCulture);
            _records[id] = new DeliveryRecord(id, MessagingPlatform.Sms, DeliveryStatus.Queued, null, null, null, DateTimeOffset.UtcNow);
            _order.Enqueue(id);
            _count++;
        }
    }

    [Benchmark(Baseline = true, Description = "dictionary + queue, counted with Interlocked")]
    public bool Direct()
    {
        var id = _ids[_next++ & ((1 << 20) - 1)];
        var now = DateTimeOffset.UtcNow;
        if (_records.TryAdd(id, new DeliveryRecord(id, MessagingPlatform.Sms, DeliveryStatus.Queued, Workload.Recipients[0], null, now, now)))
        {
            _order.Enqueue(id);
            if (Interlocked.Increment(ref _count) > InMemoryDeliveryTracker.DefaultCapacity && _order.TryDequeue(out var oldest) && _records.TryRemove(oldest, out _))
            {
                Interlocked.Decrement(ref _count);
            }
        }

        return true;
    }

    [Benchmark(Description = "InMemoryDeliveryTracker.RecordAcceptedAsync (full), ids of another shape (held as strings)")]
    public ValueTask Tracker() => _tracker.RecordAcceptedAsync(Accepted(_ids[_next++ & ((1 << 20) - 1)]));

    [Benchmark(Description = "InMemoryDeliveryTracker.RecordAcceptedAsync (full), AWS-style UUIDs (held as 128 bits)")]
    public ValueTask TrackerUuid() => _uuidTracker.RecordAcceptedAsync(Accepted(_uuids[_next++ & ((1 << 20) - 1)]));

    private static SendResult Accepted(string id) => new()
    {
        Status = SendStatus.Accepted,
        Platform = MessagingPlatform.Sms,
        MessageId = id,
        Recipient = Workload.Recipients[0],
    };
}
