using System.ComponentModel.DataAnnotations;

namespace Nutritionist.Messaging.Reliability;

/// <summary>
/// How the router retries a send. Only failures where the provider certainly did not take the message are retried
/// (throttling, connection refused, DNS failure); ambiguous ones only with <see cref="MessagingOptions.RetryAmbiguousFailures"/>.
/// </summary>
public sealed class MessagingRetryOptions
{
    /// <summary>Calls to the provider for one message, the first included. Default 3; 1 turns retries off.</summary>
    [Range(1, 20)]
    public int MaxAttempts { get; set; } = 3;

    /// <summary>The first back-off delay; later ones grow exponentially, with jitter. Default 200 ms.</summary>
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>The longest back-off delay (a provider's <c>Retry-After</c> may ask for more, within the budget). Default 5 s.</summary>
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>No retry starts once this much time has passed since the first attempt. Default 30 s.</summary>
    public TimeSpan TotalBudget { get; set; } = TimeSpan.FromSeconds(30);
}
