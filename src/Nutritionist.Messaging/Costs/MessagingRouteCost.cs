namespace Nutritionist.Messaging.Costs;

/// <summary>What one platform's share of a <see cref="MessagingVolume"/> costs on one route.</summary>
public sealed class MessagingRouteCost
{
    /// <summary>The route.</summary>
    public required MessagingRoute Route { get; init; }

    /// <summary>One line per volume entry of the route's platform.</summary>
    public required IReadOnlyList<MessagingCostLine> Lines { get; init; }

    /// <summary>The sum of the lines' costs, not rounded.</summary>
    public decimal Total => Lines.Sum(l => l.Cost);
}
