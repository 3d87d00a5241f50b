using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Nutritionist.Messaging.Routing;

/// <summary>
/// One platform's provider choice for one message: the provider its rules (or the default) pick, then the failover list.
/// </summary>
/// <remarks>Immutable and thread-safe; built once from validated <see cref="PlatformRoutingOptions"/>.</remarks>
internal sealed class ProviderRoute
{
    private readonly Rule[] _rules;
    private readonly string _default;
    private readonly string[] _failover;

    /// <param name="options">The platform's routing (validated).</param>
    /// <param name="defaultProvider">The provider when <see cref="PlatformRoutingOptions.Default"/> is unset.</param>
    public ProviderRoute(PlatformRoutingOptions options, string defaultProvider)
    {
        ArgumentNullException.ThrowIfNull(options);
        _rules = [.. options.Rules.Select(static r => new Rule(r))];
        _default = options.Default ?? defaultProvider;
        _failover = [.. options.Failover];
    }

    /// <summary>The providers to try for a message, in order: the chosen one, then the failover list without it.</summary>
    /// <param name="recipient">The recipient in E.164 (the key of the weighted split).</param>
    /// <param name="regionCode">The recipient's ISO 3166-1 region, when known.</param>
    /// <param name="properties">The message's <see cref="OutboundMessage.Properties"/>.</param>
    /// <returns>At least one provider name, none twice.</returns>
    public IReadOnlyList<string> Choose(string recipient, string? regionCode, IReadOnlyDictionary<string, string> properties)
    {
        var chosen = _rules.FirstOrDefault(r => r.Matches(regionCode, properties))?.Pick(recipient) ?? _default;
        if (_failover.Length == 0)
        {
            return [chosen];
        }

        var order = new List<string>(_failover.Length + 1) { chosen };
        foreach (var name in _failover)
        {
            if (!order.Contains(name, StringComparer.Ordinal))
            {
                order.Add(name);
            }
        }

        return order;
    }

    /// <summary>
    /// Where <paramref name="key"/> falls on a line of <paramref name="total"/> slots: a SHA-256 of the key, so the same
    /// recipient lands on the same slot in every process and release (<see cref="string.GetHashCode()"/> is per process).
    /// </summary>
    internal static int Slot(string key, int total)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(key), hash);
        return (int)(BinaryPrimitives.ReadUInt32BigEndian(hash) % (uint)total);
    }

    private sealed class Rule
    {
        private readonly HashSet<string> _countries;
        private readonly KeyValuePair<string, string>[] _properties;
        private readonly string? _provider;
        private readonly (string Name, int Weight)[] _weights;
        private readonly int _total;

        public Rule(ProviderRoutingRule rule)
        {
            _countries = new HashSet<string>(rule.Countries.Select(static c => c.Trim()), StringComparer.OrdinalIgnoreCase);
            _properties = [.. rule.Properties];
            _provider = rule.Provider;

            // Sorted by name, so the split does not depend on the order configuration providers list the keys in.
            _weights = [.. rule.Weights.OrderBy(static w => w.Key, StringComparer.Ordinal).Select(static w => (w.Key, w.Value))];
            _total = _weights.Sum(static w => w.Weight);
        }

        public bool Matches(string? regionCode, IReadOnlyDictionary<string, string> properties) =>
            (_countries.Count == 0 || (regionCode is not null && _countries.Contains(regionCode)))
            && _properties.All(p => properties.TryGetValue(p.Key, out var value) && string.Equals(value, p.Value, StringComparison.Ordinal));

        public string Pick(string recipient)
        {
            if (_provider is not null)
            {
                return _provider;
            }

            var slot = Slot(recipient, _total);
            foreach (var (name, weight) in _weights)
            {
                if (slot < weight)
                {
                    return name;
                }

                slot -= weight;
            }

            return _weights[^1].Name; // not reached: the slot is below the sum of the weights
        }
    }
}
