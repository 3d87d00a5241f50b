namespace Nutritionist.Messaging.Delivery;

/// <summary>The default <see cref="IDeliveryTracker"/>: thread-safe, in process, holding at most <c>capacity</c> messages (oldest dropped first).</summary>
/// <remarks>
/// One process only: a fleet shares delivery records through a shared tracker (DynamoDB, Redis). Every accepted send is
/// recorded, so this sits on the send path: records live in a ring of structs indexed by a dictionary of message ids,
/// both reused in place once full, so a send adds no record object that must survive garbage collections. (A record
/// object per message, kept for 100,000 messages, is promoted through every GC generation: measured, that made a send
/// several times slower than the rest of the library's work; RESULTS.md has the rows.) One lock guards both, so the
/// ordering rule (<see cref="DeliveryStatusExtensions.CanAdvanceTo"/>) is applied atomically.
/// </remarks>
public sealed class InMemoryDeliveryTracker : IDeliveryTracker
{
    /// <summary>The default number of messages kept.</summary>
    public const int DefaultCapacity = 100_000;

    private const int InitialSlots = 1024;

    private readonly Lock _gate = new();
    private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;
    private readonly int _capacity;
    private Entry[] _ring;
    private int _count;

    // Once the ring is full: the slot of the oldest record, which the next new message replaces.
    private int _oldest;

    /// <summary>Creates a tracker.</summary>
    /// <param name="timeProvider">The clock (defaults to the system clock).</param>
    /// <param name="capacity">How many messages to keep.</param>
    public InMemoryDeliveryTracker(TimeProvider? timeProvider = null, int capacity = DefaultCapacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _time = timeProvider ?? TimeProvider.System;
        _capacity = capacity;
        _ring = new Entry[Math.Min(capacity, InitialSlots)];
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
            Record(result, now);
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    /// <remarks>Under one acquisition of the lock.</remarks>
    public ValueTask RecordAcceptedManyAsync(IReadOnlyList<SendResult> results, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(results);
        foreach (var result in results)
        {
            ArgumentNullException.ThrowIfNull(result, nameof(results));
            if (!result.IsSuccess)
            {
                throw new ArgumentException("Only accepted results are tracked.", nameof(results));
            }
        }

        var now = _time.GetUtcNow();
        lock (_gate)
        {
            foreach (var result in results)
            {
                Record(result, now);
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
            var key = update.MessageId;
            if (!_index.TryGetValue(key, out var slot))
            {
                var fresh = Allocate(key);
                _ring[fresh] = new Entry
                {
                    Key = key,
                    Platform = update.Platform,
                    Status = update.Status,
                    Recipient = update.Recipient,
                    ClientReference = update.ClientReference,
                    UpdatedAt = timestamp,
                    ErrorCode = update.ErrorCode,
                    Price = update.Price,
                    PriceCurrency = update.PriceCurrency,
                };
                return ValueTask.FromResult(true);
            }

            ref var entry = ref _ring[slot];
            var advances = entry.Status.CanAdvanceTo(update.Status);
            if (advances)
            {
                entry.Status = update.Status;
                entry.UpdatedAt = timestamp;
                // A final status brings its own error code (or none): an intermediate failure's code must not outlive it.
                entry.ErrorCode = update.Status.IsTerminal() ? update.ErrorCode : update.ErrorCode ?? entry.ErrorCode;
            }

            entry.Recipient ??= update.Recipient;
            entry.ClientReference ??= update.ClientReference;

            // A price may come with any update, even a late one.
            if (update.Price is not null)
            {
                entry.Price = update.Price;
                entry.PriceCurrency = update.PriceCurrency;
            }

            return ValueTask.FromResult(advances);
        }
    }

    /// <inheritdoc />
    public ValueTask<DeliveryRecord?> GetAsync(string messageId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(messageId);
        lock (_gate)
        {
            return ValueTask.FromResult(_index.TryGetValue(messageId, out var slot) ? _ring[slot].ToRecord() : null);
        }
    }

    /// <inheritdoc />
    public DeliveryStatistics GetStatistics()
    {
        var counts = new Dictionary<MessagingPlatform, Dictionary<DeliveryStatus, int>>();
        lock (_gate)
        {
            for (var i = 0; i < _count; i++)
            {
                ref readonly var entry = ref _ring[i];
                if (!counts.TryGetValue(entry.Platform, out var byStatus))
                {
                    counts[entry.Platform] = byStatus = [];
                }

                byStatus[entry.Status] = byStatus.GetValueOrDefault(entry.Status) + 1;
            }
        }

        return new DeliveryStatistics(counts.ToDictionary(kv => kv.Key, kv => (IReadOnlyDictionary<DeliveryStatus, int>)kv.Value));
    }

    /// <summary>Records one acceptance. Caller holds the lock.</summary>
    private void Record(SendResult result, DateTimeOffset now)
    {
        var key = result.MessageId!;
        if (_index.TryGetValue(key, out var slot))
        {
            // An update overtook the acceptance (a fast webhook): keep its status, fill in what only the send knew.
            ref var existing = ref _ring[slot];
            existing.Recipient ??= result.Recipient;
            existing.ClientReference ??= result.ClientReference;
            existing.AcceptedAt = now;
        }
        else
        {
            // Allocate first: it may replace _ring, which an indexer on the left would have read already.
            var fresh = Allocate(key);
            _ring[fresh] = new Entry
            {
                Key = key,
                Platform = result.Platform,
                Status = DeliveryStatus.Queued,
                Recipient = result.Recipient,
                ClientReference = result.ClientReference,
                AcceptedAt = now,
                UpdatedAt = now,
            };
        }
    }

    /// <summary>A free slot for <paramref name="key"/>, indexed: a new one, or the oldest record's once full. Caller holds the lock.</summary>
    private int Allocate(string key)
    {
        int slot;
        if (_count < _capacity)
        {
            if (_count == _ring.Length)
            {
                Array.Resize(ref _ring, (int)Math.Min(_capacity, 2L * _ring.Length));
            }

            slot = _count++;
        }
        else
        {
            slot = _oldest;
            _index.Remove(_ring[slot].Key);
            _oldest = slot + 1 == _capacity ? 0 : slot + 1;
        }

        _index.Add(key, slot);
        return slot;
    }

    /// <summary>One record, stored in place.</summary>
    private struct Entry
    {
        public string Key;
        public MessagingPlatform Platform;
        public DeliveryStatus Status;
        public string? Recipient;
        public string? ClientReference;
        public DateTimeOffset? AcceptedAt;
        public DateTimeOffset UpdatedAt;
        public string? ErrorCode;
        public decimal? Price;
        public string? PriceCurrency;

        public readonly DeliveryRecord ToRecord() =>
            new(Key, Platform, Status, Recipient, ClientReference, AcceptedAt, UpdatedAt, ErrorCode, Price, PriceCurrency);
    }
}
