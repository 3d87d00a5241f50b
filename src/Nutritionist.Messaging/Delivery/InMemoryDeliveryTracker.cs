namespace Nutritionist.Messaging.Delivery;

/// <summary>The default <see cref="IDeliveryTracker"/>: thread-safe, in process, holding at most <c>capacity</c> messages (oldest dropped first).</summary>
/// <remarks>
/// One process only: a fleet of hosts shares delivery records through a shared tracker (DynamoDB, Redis). Records are
/// kept by message id in a dictionary, with a queue of ids in the order they arrived to drop the oldest once full; one
/// lock guards both, so the ordering rule (<see cref="DeliveryStatusExtensions.CanAdvanceTo"/>) is applied atomically.
/// </remarks>
public sealed class InMemoryDeliveryTracker : IDeliveryTracker
{
    /// <summary>The default number of messages kept.</summary>
    public const int DefaultCapacity = 100_000;

    private readonly Lock _gate = new();
    private readonly Dictionary<string, DeliveryRecord> _records = new(StringComparer.Ordinal);
    private readonly Queue<string> _arrivals = new();
    private readonly TimeProvider _time;
    private readonly int _capacity;

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
        lock (_gate)
        {
            if (_records.TryGetValue(result.MessageId, out var existing))
            {
                // An update overtook the acceptance (a fast webhook): keep its status, fill in what only the send knew.
                _records[result.MessageId] = existing with
                {
                    Recipient = existing.Recipient ?? result.Recipient,
                    ClientReference = existing.ClientReference ?? result.ClientReference,
                    AcceptedAt = now,
                };
            }
            else
            {
                Add(new DeliveryRecord(result.MessageId, result.Platform, DeliveryStatus.Queued, result.Recipient, result.ClientReference, now, now));
            }
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask<bool> ApplyAsync(DeliveryStatusUpdate update, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(update);
        var timestamp = update.Timestamp == default ? _time.GetUtcNow() : update.Timestamp;
        lock (_gate)
        {
            if (!_records.TryGetValue(update.MessageId, out var record))
            {
                Add(new DeliveryRecord(update.MessageId, update.Platform, update.Status, update.Recipient, update.ClientReference, null, timestamp,
                    update.ErrorCode, update.Price, update.PriceCurrency));
                return ValueTask.FromResult(true);
            }

            var advances = record.Status.CanAdvanceTo(update.Status);
            _records[update.MessageId] = record with
            {
                Status = advances ? update.Status : record.Status,
                UpdatedAt = advances ? timestamp : record.UpdatedAt,
                // A final status brings its own error code (or none): an intermediate failure's code must not outlive it.
                ErrorCode = !advances ? record.ErrorCode : update.Status.IsTerminal() ? update.ErrorCode : update.ErrorCode ?? record.ErrorCode,
                Recipient = record.Recipient ?? update.Recipient,
                ClientReference = record.ClientReference ?? update.ClientReference,

                // A price may come with any update, even a late one.
                Price = update.Price ?? record.Price,
                PriceCurrency = update.Price is null ? record.PriceCurrency : update.PriceCurrency,
            };
            return ValueTask.FromResult(advances);
        }
    }

    /// <inheritdoc />
    public ValueTask<DeliveryRecord?> GetAsync(string messageId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(messageId);
        lock (_gate)
        {
            return ValueTask.FromResult(_records.GetValueOrDefault(messageId));
        }
    }

    /// <inheritdoc />
    public DeliveryStatistics GetStatistics()
    {
        var counts = new Dictionary<MessagingPlatform, Dictionary<DeliveryStatus, int>>();
        lock (_gate)
        {
            foreach (var record in _records.Values)
            {
                if (!counts.TryGetValue(record.Platform, out var byStatus))
                {
                    counts[record.Platform] = byStatus = [];
                }

                byStatus[record.Status] = byStatus.GetValueOrDefault(record.Status) + 1;
            }
        }

        return new DeliveryStatistics(counts.ToDictionary(kv => kv.Key, kv => (IReadOnlyDictionary<DeliveryStatus, int>)kv.Value));
    }

    /// <summary>Adds a new record, dropping the oldest once full. Caller holds the lock.</summary>
    private void Add(DeliveryRecord record)
    {
        if (_records.Count == _capacity)
        {
            _records.Remove(_arrivals.Dequeue());
        }

        _records.Add(record.MessageId, record);
        _arrivals.Enqueue(record.MessageId);
    }
}
