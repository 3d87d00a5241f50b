using System.ComponentModel.DataAnnotations;

namespace Nutritionist.Messaging.Reliability;

/// <summary>
/// Per-provider circuit breaker: after repeated <see cref="MessagingErrorCode.ProviderUnavailable"/> failures, sends fail
/// fast (or fall back) for <see cref="BreakDuration"/>, then one probe decides whether the provider is back.
/// </summary>
public sealed class MessagingCircuitBreakerOptions
{
    /// <summary>Whether the breaker is on. Default <see langword="true"/>.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The share of failed attempts within <see cref="SamplingDuration"/> that opens the circuit. Default 0.5.</summary>
    [Range(0.01, 1.0)]
    public double FailureRatio { get; set; } = 0.5;

    /// <summary>Attempts within <see cref="SamplingDuration"/> before the ratio counts. Default 10.</summary>
    [Range(2, int.MaxValue)]
    public int MinimumThroughput { get; set; } = 10;

    /// <summary>The window in which failures are counted. Default 30 s.</summary>
    public TimeSpan SamplingDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long the circuit stays open before a probe. Default 15 s.</summary>
    public TimeSpan BreakDuration { get; set; } = TimeSpan.FromSeconds(15);
}
