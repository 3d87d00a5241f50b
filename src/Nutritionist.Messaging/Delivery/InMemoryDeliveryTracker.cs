using System.Collections.Concurrent;

namespace Nutritionist.Messaging.Delivery;

/// <summary>The default <see cref="IDeliveryTracker"/>: thread-safe, in process, holding at most <c>capacity</c> messages (oldest dropped first).</summary>
public sealed class InMemoryDeliveryTracker : IDeliveryTracker
{
    /// <summary>The default number of messages kept.</summary>
    public const int DefaultCapacity = 100_000;

    private readonly ConcurrentDictionary<string, DeliveryRecord> _records = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _order = new();
    private readonly TimeProvider _time;
    private readonly int _capacity;

    // ConcurrentDictionary.Count takes every internal lock; on the send path that cost ~24 µs and serialised senders.
    private int _count;

    /// <summary>Creates a tracker.</summary>
    /// <param name="timeProvider">The clock (defaults to the system clock).</param>
    /// <param name="capacity">How many messages to keep.</param>
    public InMemoryDeliveryTracker(TimeProvider? timeProvider = null, int capacity = DefaultCapacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _time = timeProvider ?? TimeProvider.System;
        _capacity = capacity;
    }

    /// <inheritdoc />
    public ValueTask RecordAcceptedAsync(SendResult result, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (!result.IsSuccess)
        {
            throw new ArgumentException("Only accepted results are tracked.", nameof(result));
        }

        var now = _time.GetUtcNow();
        var id = result.MessageId;

        // The usual case, first and without closures: nothing is known about this id yet.
        if (_records.TryAdd(id, new DeliveryRecord(id, result.Platform, DeliveryStatus.Queued, result.Recipient, result.ClientReference, now, now)))
        {
            Remember(id);
            return ValueTask.CompletedTask;
        }

        while (true)
        {
            if (_records.TryGetValue(id, out var existing))
            {
                // An update overtook the acceptance (a fast webhook): keep its status, fill in what only the send knew.
                var merged = existing with
                {
                    Recipient = existing.Recipient ?? result.Recipient,
                    ClientReference = existing.ClientReference ?? result.ClientReference,
                    AcceptedAt = now,
                };
                if (_records.TryUpdate(id, merged, existing))
                {
                    break;
                }
            }
            else if (_records.TryAdd(id, new DeliveryRecord(id, result.Platform, DeliveryStatus.Queued, result.Recipient, result.ClientReference, now, now)))
            {
                // Evicted in between: track it afresh.
                Remember(id);
                break;
            }
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask<bool> ApplyAsync(DeliveryStatusUpdate update, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(update);
        var timestamp = update.Timestamp == default ? _time.GetUtcNow() : update.Timestamp;
        while (true)
        {
            if (!_records.TryGetValue(update.MessageId, out var existing))
            {
                var created = new DeliveryRecord(update.MessageId, update.Platform, update.Status, update.Recipient, update.ClientReference, null, timestamp, update.ErrorCode, update.Price, update.PriceCurrency);
                if (_records.TryAdd(update.MessageId, created))
                {
                    Remember(update.MessageId);
                    return ValueTask.FromResult(true);
                }

                continue;
            }

            var advances = existing.Status.CanAdvanceTo(update.Status);
            var next = existing with
            {
                Status = advances ? update.Status : existing.Status,
                UpdatedAt = advances ? timestamp : existing.UpdatedAt,
                ErrorCode = advances ? update.ErrorCode ?? existing.ErrorCode : existing.ErrorCode,
                Recipient = existing.Recipient ?? update.Recipient,
                ClientReference = existing.ClientReference ?? update.ClientReference,

                // A price may come with any update, even a late one.
                Price = update.Price ?? existing.Price,
                PriceCurrency = update.Price is null ? existing.PriceCurrency : update.PriceCurrency,
            };
            if (_records.TryUpdate(update.MessageId, next, existing))
            {
                return ValueTask.FromResult(advances);
            }
        }
    }

    /// <inheritdoc />
    public ValueTask<DeliveryRecord?> GetAsync(string messageId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(messageId);
        return ValueTask.FromResult(_records.TryGetValue(messageId, out var record) ? record : null);
    }

    /// <inheritdoc />
    public DeliveryStatistics GetStatistics()
    {
        var counts = new Dictionary<MessagingPlatform, Dictionary<DeliveryStatus, int>>();
        foreach (var record in _records.Values)
        {
            if (!counts.TryGetValue(record.Platform, out var byStatus))
            {
                counts[record.Platform] = byStatus = [];
            }

            byStatus[record.Status] = byStatus.GetValueOrDefault(record.Status) + 1;
        }

        return new DeliveryStatistics(counts.ToDictionary(kv => kv.Key, kv => (IReadOnlyDictionary<DeliveryStatus, int>)kv.Value));
    }

    private void Remember(string messageId)
    {
        _order.Enqueue(messageId);
        if (Interlocked.Increment(ref _count) <= _capacity)
        {
            return;
        }

        while (Volatile.Read(ref _count) > _capacity && _order.TryDequeue(out var oldest))
        {
            if (_records.TryRemove(oldest, out _))
            {
                Interlocked.Decrement(ref _count);
            }
        }
    }
}
