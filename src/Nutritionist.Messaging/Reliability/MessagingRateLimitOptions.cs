using System.ComponentModel.DataAnnotations;

namespace Nutritionist.Messaging.Reliability;

/// <summary>
/// Client-side send rates, because AWS enforces message parts per second per number and Twilio messages per second per
/// sender. A send waits for a permit while at most <see cref="QueueLimit"/> others wait; beyond that it fails with
/// <see cref="MessagingErrorCode.Throttled"/> without calling the provider. Sends are spaced evenly with 10 % headroom
/// (a rate of 10 spaces them 110 ms apart), so network jitter of up to a tenth of a second cannot put more sends than
/// the rate into any one-second window at the provider.
/// </summary>
public sealed class MessagingRateLimitOptions
{
    /// <summary>SMS sends per second; <see langword="null"/> (the default) for no client-side limit.</summary>
    [Range(1, 100_000)]
    public int? SmsMessagesPerSecond { get; set; }

    /// <summary>WhatsApp sends per second; <see langword="null"/> (the default) for no client-side limit.</summary>
    [Range(1, 100_000)]
    public int? WhatsAppMessagesPerSecond { get; set; }

    /// <summary>How many sends may wait for a permit. Default 1,000.</summary>
    [Range(0, 1_000_000)]
    public int QueueLimit { get; set; } = 1_000;
}
