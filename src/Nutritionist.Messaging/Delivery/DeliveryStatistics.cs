namespace Nutritionist.Messaging.Delivery;

/// <summary>Counts of tracked messages per platform and status.</summary>
public sealed class DeliveryStatistics
{
    internal DeliveryStatistics(IReadOnlyDictionary<MessagingPlatform, IReadOnlyDictionary<DeliveryStatus, int>> counts) => Counts = counts;

    /// <summary>How many tracked messages have each status, per platform.</summary>
    public IReadOnlyDictionary<MessagingPlatform, IReadOnlyDictionary<DeliveryStatus, int>> Counts { get; }

    /// <summary>How many tracked messages on <paramref name="platform"/> have <paramref name="status"/>.</summary>
    /// <param name="platform">The platform.</param>
    /// <param name="status">The status.</param>
    /// <returns>The count.</returns>
    public int Count(MessagingPlatform platform, DeliveryStatus status) =>
        Counts.TryGetValue(platform, out var byStatus) && byStatus.TryGetValue(status, out var n) ? n : 0;

    /// <summary>
    /// Delivered (or read) messages as a share of the messages whose outcome is final on <paramref name="platform"/>;
    /// <see langword="null"/> when none is final yet.
    /// </summary>
    /// <param name="platform">The platform.</param>
    /// <returns>A value from 0 to 1, or <see langword="null"/>.</returns>
    public double? DeliveryRate(MessagingPlatform platform)
    {
        if (!Counts.TryGetValue(platform, out var byStatus))
        {
            return null;
        }

        var delivered = 0;
        var final = 0;
        foreach (var (status, n) in byStatus)
        {
            if (status.IsTerminal())
            {
                final += n;
                if (status is DeliveryStatus.Delivered or DeliveryStatus.Read)
                {
                    delivered += n;
                }
            }
        }

        return final == 0 ? null : (double)delivered / final;
    }
}
