namespace Nutritionist.Messaging.Telemetry;

/// <summary>Sending, delivery and spend figures for the current period (the calendar month in UTC), per platform.</summary>
public sealed class MessagingStatisticsSnapshot
{
    /// <summary>When the period began.</summary>
    public required DateTimeOffset PeriodStart { get; init; }

    /// <summary>When the snapshot was taken.</summary>
    public required DateTimeOffset TakenAt { get; init; }

    /// <summary>The figures per platform (every platform appears, with zeros when unused).</summary>
    public required IReadOnlyList<PlatformStatistics> Platforms { get; init; }

    /// <summary>The figures of one platform.</summary>
    /// <param name="platform">The platform.</param>
    /// <returns>Its figures.</returns>
    public PlatformStatistics this[MessagingPlatform platform] => Platforms.First(p => p.Platform == platform);
}
