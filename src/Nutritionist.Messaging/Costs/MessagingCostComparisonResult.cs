namespace Nutritionist.Messaging.Costs;

/// <summary>
/// A <see cref="MessagingVolume"/> priced on every route and in every named scenario by <see cref="MessagingCostComparison"/>.
/// </summary>
/// <remarks>An estimate from list prices, not a bill: carrier fees, taxes and discounts are not in it.</remarks>
public sealed class MessagingCostComparisonResult
{
    /// <summary>The date the prices were in force (<see cref="MessagingCostComparisonOptions.PricesAsOf"/>).</summary>
    public required DateOnly PricesAsOf { get; init; }

    /// <summary>The ISO 4217 currency of every amount (<c>"USD"</c>).</summary>
    public required string Currency { get; init; }

    /// <summary>The volume priced.</summary>
    public required MessagingVolume Volume { get; init; }

    /// <summary>Each <see cref="MessagingRoute"/>, priced for its platform's share of the volume, in enum order.</summary>
    public required IReadOnlyList<MessagingRouteCost> Routes { get; init; }

    /// <summary>The named scenarios, Twilio-only first.</summary>
    public required IReadOnlyList<MessagingCostScenario> Scenarios { get; init; }

    /// <summary>The cost of one route.</summary>
    /// <param name="route">The route.</param>
    /// <returns>The route's cost.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="route"/> is not defined.</exception>
    public MessagingRouteCost Route(MessagingRoute route) =>
        Routes.FirstOrDefault(r => r.Route == route) ?? throw new ArgumentOutOfRangeException(nameof(route), route, $"Unknown route {route}.");

    /// <summary>A scenario by name (see the constants on <see cref="MessagingCostComparison"/>).</summary>
    /// <param name="name">The scenario's name.</param>
    /// <returns>The scenario.</returns>
    /// <exception cref="ArgumentException">No scenario has that name.</exception>
    public MessagingCostScenario Scenario(string name) =>
        Scenarios.FirstOrDefault(s => s.Name == name) ?? throw new ArgumentException($"No scenario is named '{name}'.", nameof(name));
}
