using System.Threading.RateLimiting;

namespace Nutritionist.Messaging.Reliability;

/// <summary>
/// A rate limiter that never grants more than <c>permitsPerWindow</c> permits in any window of <c>window</c> length,
/// wherever the window starts: it spaces grants <c>(1 + headroom) × window / permitsPerWindow</c> apart (10 % headroom by default), so any
/// <c>permitsPerWindow + 1</c> grants span at least one window. Waiters reserve their slot in order (first come, first
/// served), so the wait is computed once and driven by <see cref="TimeProvider"/>. Token buckets and segmented windows
/// let a burst straddle a boundary and reach twice the rate in some one-second window, and even a strict sliding log
/// releases its permits in bursts that scheduling jitter then squeezes together; carriers count exactly such windows,
/// so even spacing is the safe shape. A request for several permits (the parts of a long SMS) takes as many consecutive
/// slots. Thread-safe. The router uses one per platform (<see cref="MessagingRateLimitOptions"/>); the AWS provider one
/// per origination identity.
/// </summary>
internal sealed class StrictWindowRateLimiter : RateLimiter
{
    private readonly long _spacingTicks;
    private readonly int _queueLimit;
    private readonly TimeProvider _time;
    private readonly Lock _lock = new();
    private long _last = long.MinValue / 2;
    private int _waiting;
    private long _successful;
    private long _failed;
    private long _idleSince;

    /// <summary>Creates a limiter.</summary>
    /// <param name="permitsPerWindow">Permits in any window (a rate, with <paramref name="window"/> one second).</param>
    /// <param name="window">The window.</param>
    /// <param name="queueLimit">How many requests may wait; beyond that <see cref="RateLimiter.AcquireAsync"/> fails at once.</param>
    /// <param name="time">The clock waits run on.</param>
    /// <param name="headroom">
    /// How much wider than <c>window / permitsPerWindow</c> the spacing is (0.1 = 10 %, the default): grants leave the
    /// limiter evenly spaced, but the network delays each by a different amount, and the headroom absorbs that much of
    /// a window of such jitter before a strict one-second count at the far end could see one too many. A peer that
    /// counts with a token bucket (AWS's per-number limits) needs little: the rate reached is <c>1 / (1 + headroom)</c>.
    /// </param>
    public StrictWindowRateLimiter(int permitsPerWindow, TimeSpan window, int queueLimit, TimeProvider time, double headroom = 0.1)
    {
        ArgumentNullException.ThrowIfNull(time);
        ArgumentOutOfRangeException.ThrowIfLessThan(permitsPerWindow, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(window, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfNegative(headroom);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(headroom, 1.0);
        _spacingTicks = (long)(window.Ticks * (1 + headroom) / permitsPerWindow);
        _queueLimit = queueLimit;
        _time = time;
        _idleSince = time.GetUtcNow().UtcTicks;
    }

    /// <summary>Told how long each waiting request waited (for the rate-limit wait metric).</summary>
    public Action<TimeSpan>? OnWait { get; init; }

    /// <inheritdoc />
    public override TimeSpan? IdleDuration
    {
        get
        {
            lock (_lock)
            {
                return _waiting > 0 ? null : TimeSpan.FromTicks(Math.Max(0, _time.GetUtcNow().UtcTicks - _idleSince));
            }
        }
    }

    /// <inheritdoc />
    public override RateLimiterStatistics? GetStatistics()
    {
        lock (_lock)
        {
            var now = _time.GetUtcNow().UtcTicks;
            return new RateLimiterStatistics
            {
                CurrentAvailablePermits = _last + _spacingTicks <= now ? 1 : 0,
                CurrentQueuedCount = _waiting,
                TotalSuccessfulLeases = _successful,
                TotalFailedLeases = _failed,
            };
        }
    }

    /// <inheritdoc />
    protected override RateLimitLease AttemptAcquireCore(int permitCount)
    {
        ValidateCount(permitCount);
        lock (_lock)
        {
            var now = _time.GetUtcNow().UtcTicks;
            var due = _last + _spacingTicks;
            if (permitCount == 0)
            {
                return due <= now ? Lease.Granted : Lease.Denied(TimeSpan.FromTicks(due - now));
            }

            if (due > now || _waiting > 0)
            {
                _failed++;
                return Lease.Denied(TimeSpan.FromTicks(Math.Max(0, due - now)));
            }

            Grant(now, permitCount);
            return Lease.Granted;
        }
    }

    /// <inheritdoc />
    protected override async ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken)
    {
        ValidateCount(permitCount);
        cancellationToken.ThrowIfCancellationRequested();
        long wait;
        lock (_lock)
        {
            var now = _time.GetUtcNow().UtcTicks;
            var slot = Math.Max(now, _last + _spacingTicks);
            wait = slot - now;
            if (permitCount == 0)
            {
                return wait == 0 ? Lease.Granted : Lease.Denied(TimeSpan.FromTicks(wait));
            }

            if (wait > 0 && _waiting >= _queueLimit)
            {
                _failed++;
                return Lease.Denied(TimeSpan.FromTicks(wait));
            }

            // Reserve the slot now; if the waiter is cancelled the slot goes unused, which only makes the rate lower.
            Grant(slot, permitCount);
            if (wait > 0)
            {
                _waiting++;
            }
        }

        if (wait == 0)
        {
            return Lease.Granted;
        }

        try
        {
            await Task.Delay(TimeSpan.FromTicks(wait), _time, cancellationToken).ConfigureAwait(false);
            OnWait?.Invoke(TimeSpan.FromTicks(wait));
            return Lease.Granted;
        }
        finally
        {
            lock (_lock)
            {
                _waiting--;
                _idleSince = _time.GetUtcNow().UtcTicks;
            }
        }
    }

    private void Grant(long at, int permitCount)
    {
        // Several permits take consecutive slots: the next request is due permitCount spacings later.
        _last = at + ((permitCount - 1) * _spacingTicks);
        _successful++;
        _idleSince = at;
    }

    private static void ValidateCount(int permitCount) => ArgumentOutOfRangeException.ThrowIfNegative(permitCount);

    private sealed class Lease : RateLimitLease
    {
        public static readonly Lease Granted = new(true, null);

        private readonly TimeSpan? _retryAfter;

        private Lease(bool acquired, TimeSpan? retryAfter)
        {
            IsAcquired = acquired;
            _retryAfter = retryAfter;
        }

        public override bool IsAcquired { get; }

        public override IEnumerable<string> MetadataNames => _retryAfter is null ? [] : [MetadataName.RetryAfter.Name];

        public static Lease Denied(TimeSpan retryAfter) => new(false, retryAfter);

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            if (_retryAfter is { } retryAfter && metadataName == MetadataName.RetryAfter.Name)
            {
                metadata = retryAfter;
                return true;
            }

            metadata = null;
            return false;
        }
    }
}
