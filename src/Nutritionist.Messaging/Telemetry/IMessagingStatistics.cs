namespace Nutritionist.Messaging.Telemetry;

/// <summary>
/// Sending, delivery and spend figures kept in process, for hosts without a metrics back end (and for the demo's
/// cost table). Registered by <c>AddNutritionistMessaging</c>; thread-safe.
/// </summary>
public interface IMessagingStatistics
{
    /// <summary>The figures of the current period.</summary>
    /// <returns>A snapshot.</returns>
    MessagingStatisticsSnapshot GetSnapshot();
}
