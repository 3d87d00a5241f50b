using System.Collections.Concurrent;
using Nutritionist.Messaging.Delivery;

namespace Nutritionist.Messaging.Internal;

/// <summary>
/// What the shared stores (Nutritionist.Messaging.DynamoDB, Nutritionist.Messaging.Redis) take from the core so that the
/// rules live in one place: which recorded statuses an update may replace, the E.164 guard on keys, and the per-instance
/// delivery statistics.
/// </summary>
internal static class SharedStoreSupport
{
    private static readonly DeliveryStatus[] AllStatuses = Enum.GetValues<DeliveryStatus>();

    // For each status, the recorded statuses it may replace, per DeliveryStatusExtensions.CanAdvanceTo.
    private static readonly DeliveryStatus[][] Predecessors =
        [.. AllStatuses.Select(next => AllStatuses.Where(current => current.CanAdvanceTo(next)).ToArray())];

    /// <summary>The recorded statuses that an update to <paramref name="next"/> may replace (empty: none).</summary>
    public static IReadOnlyList<DeliveryStatus> StatusesReplaceableBy(DeliveryStatus next) =>
        (int)next >= 0 && (int)next < Predecessors.Length ? Predecessors[(int)next] : [];

    /// <summary>Throws unless <paramref name="phoneNumber"/> is E.164 (<c>+</c> and 2–15 digits), so no key holds an unnormalised number.</summary>
    public static void RequireE164(string phoneNumber, string paramName)
    {
        ArgumentException.ThrowIfNullOrEmpty(phoneNumber, paramName);
        var valid = phoneNumber.Length is >= 3 and <= 16 && phoneNumber[0] == '+' && phoneNumber[1] is >= '1' and <= '9';
        for (var i = 1; valid && i < phoneNumber.Length; i++)
        {
            valid = char.IsAsciiDigit(phoneNumber[i]);
        }

        if (!valid)
        {
            throw new ArgumentException("The phone number must be in E.164 (a '+' and up to 15 digits, as the router and inbound pipeline pass it); shared stores never key on unnormalised numbers.", paramName);
        }
    }
}

/// <summary>
/// Delivery statistics of a shared tracker, counted by this instance: for each platform and status, how many messages
/// this instance moved into that status (an acceptance counts as Queued) since it started. A census of the whole table
/// would cost a scan per call; these counters cost nothing, and summed over the fleet they count every change.
/// </summary>
internal sealed class InstanceDeliveryStatistics
{
    private readonly ConcurrentDictionary<(MessagingPlatform Platform, DeliveryStatus Status), int> _counts = new();

    public void Count(MessagingPlatform platform, DeliveryStatus status) => _counts.AddOrUpdate((platform, status), 1, static (_, n) => n + 1);

    public DeliveryStatistics Snapshot()
    {
        var byPlatform = new Dictionary<MessagingPlatform, Dictionary<DeliveryStatus, int>>();
        foreach (var ((platform, status), n) in _counts)
        {
            if (!byPlatform.TryGetValue(platform, out var byStatus))
            {
                byPlatform[platform] = byStatus = [];
            }

            byStatus[status] = n;
        }

        return new DeliveryStatistics(byPlatform.ToDictionary(kv => kv.Key, kv => (IReadOnlyDictionary<DeliveryStatus, int>)kv.Value));
    }
}
