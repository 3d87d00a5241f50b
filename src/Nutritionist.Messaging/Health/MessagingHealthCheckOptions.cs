using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Nutritionist.Messaging.Health;

/// <summary>
/// Settings of <c>AddMessagingHealthChecks()</c>. Bound from <c>NutritionistMessaging:HealthChecks</c>; validated when the
/// host starts.
/// </summary>
public sealed class MessagingHealthCheckOptions
{
    /// <summary>The configuration sub-section (under <c>NutritionistMessaging</c>) the options are read from.</summary>
    public const string SectionName = "HealthChecks";

    /// <summary>How long a provider's answer is reused; <see cref="TimeSpan.Zero"/> asks every time. Default one minute.</summary>
    public TimeSpan CacheDuration { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>What a missing or failing provider reports. Default <see cref="HealthStatus.Unhealthy"/>.</summary>
    public HealthStatus FailureStatus { get; set; } = HealthStatus.Unhealthy;
}
