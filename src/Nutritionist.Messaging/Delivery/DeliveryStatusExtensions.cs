namespace Nutritionist.Messaging.Delivery;

/// <summary>Helpers over <see cref="DeliveryStatus"/>.</summary>
public static class DeliveryStatusExtensions
{
    /// <summary>Whether no later status except <see cref="DeliveryStatus.Read"/> after <see cref="DeliveryStatus.Delivered"/> can follow.</summary>
    /// <param name="status">The status.</param>
    /// <returns><see langword="true"/> for Delivered, Read, Failed, Undelivered and Expired.</returns>
    /// <remarks>
    /// Terminal means final: providers map a report they mark as intermediate (AWS <c>isFinal: false</c>, Twilio
    /// <c>sent</c>) to a status that is not terminal, so the final report can still replace it.
    /// </remarks>
    public static bool IsTerminal(this DeliveryStatus status) => status is
        DeliveryStatus.Delivered or DeliveryStatus.Read or DeliveryStatus.Failed or DeliveryStatus.Undelivered or DeliveryStatus.Expired;

    /// <summary>
    /// Whether an update to <paramref name="next"/> may replace <paramref name="current"/> when updates arrive out of order:
    /// a terminal status is never replaced by a non-terminal one, only Read may follow Delivered, Unknown never replaces
    /// a known status, and non-terminal statuses only move forward (Queued, then Sent).
    /// </summary>
    /// <param name="current">The status recorded so far.</param>
    /// <param name="next">The status just reported.</param>
    /// <returns><see langword="true"/> when <paramref name="next"/> should be recorded.</returns>
    public static bool CanAdvanceTo(this DeliveryStatus current, DeliveryStatus next)
    {
        if (current == next || next == DeliveryStatus.Unknown)
        {
            return false;
        }

        if (current.IsTerminal())
        {
            return current == DeliveryStatus.Delivered && next == DeliveryStatus.Read;
        }

        return next.IsTerminal() || current == DeliveryStatus.Unknown || (current == DeliveryStatus.Queued && next == DeliveryStatus.Sent);
    }
}
