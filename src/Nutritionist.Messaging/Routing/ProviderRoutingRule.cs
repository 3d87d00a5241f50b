namespace Nutritionist.Messaging.Routing;

/// <summary>
/// One routing rule: conditions (<see cref="Countries"/>, <see cref="Properties"/>; all that are set must hold) and a target,
/// either one <see cref="Provider"/> or a split by <see cref="Weights"/>.
/// </summary>
/// <example>
/// <code>
/// { "Countries": [ "BR", "MX" ], "Provider": "meta" }
/// { "Properties": { "tenant": "acme" }, "Provider": "twilio-acme" }
/// { "Weights": { "meta": 10, "twilio": 90 } }
/// </code>
/// </example>
public sealed class ProviderRoutingRule
{
    /// <summary>
    /// ISO 3166-1 alpha-2 regions (<c>"BR"</c>) of the recipient's number, as libphonenumber reads it; the rule matches any of
    /// them. Empty: any country.
    /// </summary>
    public IList<string> Countries { get; set; } = [];

    /// <summary>
    /// Values that <see cref="OutboundMessage.Properties"/> must hold (same key, same value, ordinal comparison). Empty: any
    /// message.
    /// </summary>
    public IDictionary<string, string> Properties { get; set; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>The provider of the messages this rule matches. Set this or <see cref="Weights"/>, not both.</summary>
    public string? Provider { get; set; }

    /// <summary>
    /// Splits the messages this rule matches between providers in proportion to their weights (positive integers), for a
    /// gradual migration (each weight from 1 to 1,000,000). The split is by recipient: the same number always goes to the same provider while the weights stay
    /// the same, so a retried job and a conversation stay on one provider.
    /// </summary>
    public IDictionary<string, int> Weights { get; set; } = new Dictionary<string, int>(StringComparer.Ordinal);
}
