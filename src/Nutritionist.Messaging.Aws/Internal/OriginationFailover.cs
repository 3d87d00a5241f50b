using System.Collections.Concurrent;

namespace Nutritionist.Messaging.Aws.Internal;

/// <summary>
/// Orders the origination identities for a recipient and remembers, for a cool-down period, the ones that failed
/// (for every country, or only for the country they could not serve).
/// </summary>
/// <remarks>Thread-safe.</remarks>
internal sealed class OriginationFailover
{
    private const string AnyCountry = "*";

    private readonly IReadOnlyList<string> _identities;
    private readonly IReadOnlyDictionary<string, string> _byCountry;
    private readonly TimeSpan _cooldown;
    private readonly TimeProvider _timeProvider;
    private readonly ConcurrentDictionary<(string Identity, string Country), DateTimeOffset> _coolingUntil = new();

    public OriginationFailover(IEnumerable<string> identities, IReadOnlyDictionary<string, string> byCountry, TimeSpan cooldown, TimeProvider timeProvider)
    {
        _identities = identities.Where(static i => !string.IsNullOrWhiteSpace(i)).Distinct(StringComparer.Ordinal).ToArray();
        _byCountry = byCountry.ToDictionary(static p => p.Key.ToUpperInvariant(), static p => p.Value, StringComparer.Ordinal);
        _cooldown = cooldown;
        _timeProvider = timeProvider;
    }

    /// <summary>The identities to try for a recipient, best first, skipping those cooling down (unless all are).</summary>
    public IReadOnlyList<string> CandidatesFor(string? regionCode)
    {
        var country = regionCode?.ToUpperInvariant();
        var ordered = new List<string>(_identities.Count + 1);
        if (country is not null && _byCountry.TryGetValue(country, out var preferred))
        {
            ordered.Add(preferred);
        }

        foreach (var identity in _identities)
        {
            if (!ordered.Contains(identity, StringComparer.Ordinal))
            {
                ordered.Add(identity);
            }
        }

        var now = _timeProvider.GetUtcNow();
        var available = ordered.Where(identity => !IsCooling(identity, country, now)).ToList();

        // When every identity is cooling down, trying them in order beats refusing to send at all.
        return available.Count > 0 ? available : ordered;
    }

    /// <summary>Skips <paramref name="identity"/> for the cool-down period (for <paramref name="regionCode"/> only, when given).</summary>
    public void MarkFailed(string identity, string? regionCode)
    {
        _coolingUntil[(identity, regionCode?.ToUpperInvariant() ?? AnyCountry)] = _timeProvider.GetUtcNow() + _cooldown;
    }

    private bool IsCooling(string identity, string? country, DateTimeOffset now) =>
        IsCooling((identity, AnyCountry), now) || (country is not null && IsCooling((identity, country), now));

    private bool IsCooling((string, string) key, DateTimeOffset now)
    {
        if (!_coolingUntil.TryGetValue(key, out var until))
        {
            return false;
        }

        if (until > now)
        {
            return true;
        }

        _coolingUntil.TryRemove(new KeyValuePair<(string, string), DateTimeOffset>(key, until));
        return false;
    }
}
