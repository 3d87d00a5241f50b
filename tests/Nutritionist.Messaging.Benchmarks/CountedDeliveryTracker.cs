using System.Collections.Concurrent;
using Nutritionist.Messaging.Delivery;

namespace Nutritionist.Messaging.Benchmarks;

/// <summary>
/// What-if only (<c>throughput --what-if counted-tracker</c>): <see cref="InMemoryDeliveryTracker"/>'s accept path with
/// the one change proposed in RESULTS.md — the number of records is kept in an Interlocked counter instead of being read
/// from <c>ConcurrentDictionary.Count</c>, which takes every lock of the dictionary (1,024 once it holds a few thousand
/// entries) on every accepted send. Same capacity, same eviction order, same records. Not used by the suite's
/// library-versus-baseline benchmarks, which measure the library as shipped.
/// </summary>
internal sealed class CountedDeliveryTracker(TimeProvider time, int capacity = InMemoryDeliveryTracker.DefaultCapacity) : IDeliveryTracker
{
    private readonly ConcurrentDictionary<string, DeliveryRecord> _records = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _order = new();
    private int _count;

    public ValueTask RecordAcceptedAsync(SendResult result, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(result);
        var now = time.GetUtcNow();
        var record = new DeliveryRecord(result.MessageId!, result.Platform, DeliveryStatus.Queued, result.Recipient, result.ClientReference, now, now);
        if (_records.TryAdd(result.MessageId!, record))
        {
            _order.Enqueue(result.MessageId!);
            if (Interlocked.Increment(ref _count) > capacity && _order.TryDequeue(out var oldest) && _records.TryRemove(oldest, out _))
            {
                Interlocked.Decrement(ref _count);
            }
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask<bool> ApplyAsync(DeliveryStatusUpdate update, CancellationToken cancellationToken = default) => ValueTask.FromResult(false);

    public ValueTask<DeliveryRecord?> GetAsync(string messageId, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(_records.TryGetValue(messageId, out var record) ? record : null);

    public DeliveryStatistics GetStatistics() => new(new Dictionary<MessagingPlatform, IReadOnlyDictionary<DeliveryStatus, int>>());
}
