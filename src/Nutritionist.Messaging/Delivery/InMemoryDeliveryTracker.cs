namespace Nutritionist.Messaging.Delivery;

/// <summary>The default <see cref="IDeliveryTracker"/>: thread-safe, in process, holding at most <c>capacity</c> messages (oldest dropped first).</summary>
/// <remarks>
/// Every accepted send is recorded, so this sits on the send path. Records live in a ring of structs indexed by a
/// dictionary, both reused in place once full: a send adds no object that must survive garbage collections (a record
/// object per message, kept for 100,000 messages, was promoted through every generation and cost more than the
/// bookkeeping itself). Provider ids in their usual shapes (AWS's lower-case UUIDs, Twilio's SIDs) are kept as 128-bit
/// values rather than strings, so a tracked message holds no young object either; <see cref="DeliveryRecord"/> objects
/// (and their id strings) are made only when asked for.
/// </remarks>
public sealed class InMemoryDeliveryTracker : IDeliveryTracker
{
    /// <summary>The default number of messages kept.</summary>
    public const int DefaultCapacity = 100_000;

    private const int InitialSlots = 1024;

    private readonly Lock _gate = new();
    private readonly Dictionary<MessageKey, int> _index = new();
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
        var id = result.MessageId;
        lock (_gate)
        {
            var key = MessageKey.Of(id);
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

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask<bool> ApplyAsync(DeliveryStatusUpdate update, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(update);
        var timestamp = update.Timestamp == default ? _time.GetUtcNow() : update.Timestamp;
        lock (_gate)
        {
            var key = MessageKey.Of(update.MessageId);
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
            return ValueTask.FromResult(_index.TryGetValue(MessageKey.Of(messageId), out var slot) ? _ring[slot].ToRecord() : null);
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

    /// <summary>A free slot for <paramref name="key"/>, indexed: a new one, or the oldest record's once full. Caller holds the lock.</summary>
    private int Allocate(MessageKey key)
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
        public MessageKey Key;
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
            new(Key.ToString(), Platform, Status, Recipient, ClientReference, AcceptedAt, UpdatedAt, ErrorCode, Price, PriceCurrency);
    }

    /// <summary>
    /// A message id as a value: a lower-case UUID (<c>8-4-4-4-12</c>, as AWS gives them) or a Twilio SID (two capital
    /// letters and 32 lower-case hex digits) is held as its 128 bits; any other id as its string. Each shape converts
    /// back to exactly the id it came from.
    /// </summary>
    internal readonly struct MessageKey : IEquatable<MessageKey>
    {
        private const int KindText = 0;
        private const int KindUuid = 1;
        private const int KindSid = 2;

        private readonly ulong _high;
        private readonly ulong _low;
        private readonly int _kind;     // KindText/KindUuid, or KindSid | prefix letters << 8
        private readonly string? _text;

        private MessageKey(ulong high, ulong low, int kind, string? text)
        {
            _high = high;
            _low = low;
            _kind = kind;
            _text = text;
        }

        public static MessageKey Of(string id)
        {
            return TryUuid(id, out var uuid) ? uuid
                : TrySid(id, out var sid) ? sid
                : new MessageKey(0, 0, KindText, id);
        }

        public bool Equals(MessageKey other) =>
            _high == other._high && _low == other._low && _kind == other._kind && string.Equals(_text, other._text, StringComparison.Ordinal);

        public override bool Equals(object? obj) => obj is MessageKey other && Equals(other);

        public override int GetHashCode() => _kind == KindText ? StringComparer.Ordinal.GetHashCode(_text!) : HashCode.Combine(_high, _low, _kind);

        public override string ToString()
        {
            switch (_kind & 0xFF)
            {
                case KindUuid:
                    return string.Create(36, (_high, _low), static (chars, v) =>
                    {
                        Hex(v._high >> 32, chars[..8]);
                        chars[8] = '-';
                        Hex((v._high >> 16) & 0xFFFF, chars.Slice(9, 4));
                        chars[13] = '-';
                        Hex(v._high & 0xFFFF, chars.Slice(14, 4));
                        chars[18] = '-';
                        Hex(v._low >> 48, chars.Slice(19, 4));
                        chars[23] = '-';
                        Hex(v._low & 0xFFFF_FFFF_FFFF, chars.Slice(24, 12));
                    });
                case KindSid:
                    return string.Create(34, (_high, _low, _kind), static (chars, v) =>
                    {
                        chars[0] = (char)((v._kind >> 8) & 0xFF);
                        chars[1] = (char)((v._kind >> 16) & 0xFF);
                        Hex(v._high, chars.Slice(2, 16));
                        Hex(v._low, chars.Slice(18, 16));
                    });
                default:
                    return _text!;
            }
        }

        private static bool TryUuid(string id, out MessageKey key)
        {
            key = default;
            if (id.Length != 36 || id[8] != '-' || id[13] != '-' || id[18] != '-' || id[23] != '-')
            {
                return false;
            }

            var span = id.AsSpan();
            if (!TryHex(span[..8], out var a) || !TryHex(span.Slice(9, 4), out var b) || !TryHex(span.Slice(14, 4), out var c) ||
                !TryHex(span.Slice(19, 4), out var d) || !TryHex(span.Slice(24, 12), out var e))
            {
                return false;
            }

            key = new MessageKey((a << 32) | (b << 16) | c, (d << 48) | e, KindUuid, null);
            return true;
        }

        private static bool TrySid(string id, out MessageKey key)
        {
            key = default;
            if (id.Length != 34 || !char.IsAsciiLetterUpper(id[0]) || !char.IsAsciiLetterUpper(id[1]) ||
                !TryHex(id.AsSpan(2, 16), out var high) || !TryHex(id.AsSpan(18, 16), out var low))
            {
                return false;
            }

            key = new MessageKey(high, low, KindSid | (id[0] << 8) | (id[1] << 16), null);
            return true;
        }

        /// <summary>Lower-case hex digits only (so the value prints back to the same text), up to 16 of them.</summary>
        private static bool TryHex(ReadOnlySpan<char> digits, out ulong value)
        {
            value = 0;
            foreach (var c in digits)
            {
                int nibble;
                if (c is >= '0' and <= '9')
                {
                    nibble = c - '0';
                }
                else if (c is >= 'a' and <= 'f')
                {
                    nibble = c - 'a' + 10;
                }
                else
                {
                    return false;
                }

                value = (value << 4) | (uint)nibble;
            }

            return true;
        }

        private static void Hex(ulong value, Span<char> destination)
        {
            for (var i = destination.Length - 1; i >= 0; i--)
            {
                destination[i] = "0123456789abcdef"[(int)(value & 0xF)];
                value >>= 4;
            }
        }
    }
}
