using System.Collections.Concurrent;

namespace Nutritionist.Messaging.Idempotency;

/// <summary>
/// The default <see cref="ISendClaimStore"/>: thread-safe and in process, so it de-duplicates within one host only. A
/// fleet registers a shared store (<c>UseDynamoDbStores</c>, <c>UseRedisStores</c>, or <c>UseSendClaimStore&lt;T&gt;</c>).
/// </summary>
/// <remarks>Claims end after their lifetime by <see cref="TimeProvider"/>; ended claims are swept out as new ones arrive.</remarks>
public sealed class InMemorySendClaimStore : ISendClaimStore
{
    private const int SweepEvery = 1024;

    private readonly ConcurrentDictionary<string, Entry> _claims = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;
    private int _claimsSinceSweep;

    /// <summary>Creates a store.</summary>
    /// <param name="timeProvider">The clock (defaults to the system clock).</param>
    public InMemorySendClaimStore(TimeProvider? timeProvider = null) => _time = timeProvider ?? TimeProvider.System;

    /// <summary>How many claims are held, including ended ones not yet swept out.</summary>
    public int Count => _claims.Count;

    /// <inheritdoc />
    public ValueTask<SendClaim> TryClaimAsync(string key, TimeSpan lifetime, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(lifetime, TimeSpan.Zero);
        var now = _time.GetUtcNow();
        if (Interlocked.Increment(ref _claimsSinceSweep) % SweepEvery == 0)
        {
            Sweep(now);
        }

        var mine = new Entry(SendClaimState.InProgress, null, now + lifetime);
        while (true)
        {
            if (_claims.TryAdd(key, mine))
            {
                return ValueTask.FromResult(SendClaim.Acquired);
            }

            if (!_claims.TryGetValue(key, out var existing))
            {
                continue; // released between the two calls
            }

            if (existing.ExpiresAt > now)
            {
                return ValueTask.FromResult(existing.State == SendClaimState.Completed
                    ? new SendClaim(SendClaimState.Completed, existing.Result)
                    : SendClaim.InProgress);
            }

            // Ended: take it over, unless another caller just did.
            if (_claims.TryUpdate(key, mine, existing))
            {
                return ValueTask.FromResult(SendClaim.Acquired);
            }
        }
    }

    /// <inheritdoc />
    public ValueTask CompleteAsync(string key, SendResult? result, TimeSpan lifetime, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(lifetime, TimeSpan.Zero);
        _claims[key] = new Entry(SendClaimState.Completed, result, _time.GetUtcNow() + lifetime);
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask ReleaseAsync(string key, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        _claims.TryRemove(key, out _);
        return ValueTask.CompletedTask;
    }

    private void Sweep(DateTimeOffset now)
    {
        foreach (var (key, entry) in _claims)
        {
            if (entry.ExpiresAt <= now)
            {
                _claims.TryRemove(new KeyValuePair<string, Entry>(key, entry));
            }
        }
    }

    // A class, not a record: TryUpdate must compare by reference, so a claim is only taken over from the caller that saw it.
    private sealed class Entry(SendClaimState state, SendResult? result, DateTimeOffset expiresAt)
    {
        public SendClaimState State { get; } = state;

        public SendResult? Result { get; } = result;

        public DateTimeOffset ExpiresAt { get; } = expiresAt;
    }
}
