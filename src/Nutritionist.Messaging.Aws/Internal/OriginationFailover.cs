namespace Nutritionist.Messaging.Aws.Internal;

/// <summary>
/// Orders the origination identities for a recipient and remembers, for a cool-down period, the ones that failed
/// (for every country, or only for the country they could not serve).
/// </summary>
/// <remarks>
/// Thread-safe. The orders are computed once; while nothing is cooling down (the usual case) a send gets a shared,
/// read-only list without allocating. Failures are rare, so they replace an immutable snapshot under a lock.
/// </remarks>
internal sealed class OriginationFailover
{
    private readonly string[] _identities;
    private readonly Dictionary<string, string[]> _byCountry;
    private readonly TimeSpan _cooldown;
    private readonly TimeProvider _timeProvider;
    private readonly Lock _gate = new();
    private volatile Cooling[] _cooling = [];

    public OriginationFailover(IEnumerable<string> identities, IReadOnlyDictionary<string, string> byCountry, TimeSpan cooldown, TimeProvider timeProvider)
    {
        _identities = identities.Where(static i => !string.IsNullOrWhiteSpace(i)).Distinct(StringComparer.Ordinal).ToArray();
        _byCountry = new Dictionary<string, string[]>(StringComparer.OrdinalIgnoreCase);
        foreach (var (country, preferred) in byCountry)
        {
            _byCountry[country] = [preferred, .. _identities.Where(i => !string.Equals(i, preferred, StringComparison.Ordinal))];
        }

        _cooldown = cooldown;
        _timeProvider = timeProvider;
    }

    /// <summary>The identities to try for a recipient, best first, skipping those cooling down (unless all are).</summary>
    public IReadOnlyList<string> CandidatesFor(string? regionCode)
    {
        var ordered = regionCode is not null && _byCountry.TryGetValue(regionCode, out var preferred) ? preferred : _identities;
        var cooling = _cooling;
        if (cooling.Length == 0)
        {
            return ordered;
        }

        var now = _timeProvider.GetUtcNow();
        var available = new List<string>(ordered.Length);
        var anyActive = false;
        foreach (var identity in ordered)
        {
            var skip = false;
            foreach (var entry in cooling)
            {
                if (entry.Until > now)
                {
                    anyActive = true;
                    skip |= string.Equals(entry.Identity, identity, StringComparison.Ordinal) &&
                        (entry.Country is null || string.Equals(entry.Country, regionCode, StringComparison.OrdinalIgnoreCase));
                }
            }

            if (!skip)
            {
                available.Add(identity);
            }
        }

        if (!anyActive)
        {
            Prune(cooling, now);
        }

        // When every identity is cooling down, trying them in order beats refusing to send at all.
        return available.Count > 0 ? available : ordered;
    }

    /// <summary>Skips <paramref name="identity"/> for the cool-down period (for <paramref name="regionCode"/> only, when given).</summary>
    public void MarkFailed(string identity, string? regionCode)
    {
        var now = _timeProvider.GetUtcNow();
        lock (_gate)
        {
            var kept = _cooling.Where(e => e.Until > now &&
                !(string.Equals(e.Identity, identity, StringComparison.Ordinal) && string.Equals(e.Country, regionCode, StringComparison.OrdinalIgnoreCase)));
            _cooling = [.. kept, new Cooling(identity, regionCode, now + _cooldown)];
        }
    }

    private void Prune(Cooling[] seen, DateTimeOffset now)
    {
        lock (_gate)
        {
            // Only if nothing was marked since: a failure recorded meanwhile must not be dropped.
            if (ReferenceEquals(_cooling, seen))
            {
                _cooling = [.. seen.Where(e => e.Until > now)];
            }
        }
    }

    /// <param name="Identity">The identity that failed.</param>
    /// <param name="Country">The country it failed for, or <see langword="null"/> for every country.</param>
    /// <param name="Until">When it may be tried again.</param>
    private sealed record Cooling(string Identity, string? Country, DateTimeOffset Until);
}
