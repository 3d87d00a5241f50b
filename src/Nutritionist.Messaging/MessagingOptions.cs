using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;
using Nutritionist.Messaging.Inbound;
using Nutritionist.Messaging.Reliability;

namespace Nutritionist.Messaging;

/// <summary>Settings of the messaging client, bound from the <c>NutritionistMessaging</c> configuration section.</summary>
/// <example>
/// <code>
/// "NutritionistMessaging": { "DefaultRegion": "US", "DefaultPlatform": "WhatsApp" }
/// </code>
/// </example>
public sealed class MessagingOptions
{
    /// <summary>The configuration section the options are read from.</summary>
    public const string SectionName = "NutritionistMessaging";

    /// <summary>The default of <see cref="SendClaimLifetime"/>: 24 hours.</summary>
    public static readonly TimeSpan DefaultSendClaimLifetime = TimeSpan.FromHours(24);

    /// <summary>The default of <see cref="PhoneNumberCacheSize"/>.</summary>
    public const int DefaultPhoneNumberCacheSize = 10_000;

    /// <summary>
    /// The ISO 3166-1 alpha-2 region (<c>"US"</c>, <c>"GB"</c>) used to read numbers written without a country code,
    /// such as <c>(415) 555-2671</c>. <see langword="null"/> (the default) accepts only international numbers.
    /// </summary>
    public string? DefaultRegion { get; set; }

    /// <summary>The platform used when a message does not name one. Default: <see cref="MessagingPlatform.Sms"/>.</summary>
    public MessagingPlatform DefaultPlatform { get; set; } = MessagingPlatform.Sms;

    /// <summary>
    /// Whether to send SMS to numbers libphonenumber classifies as fixed lines (some carriers convert them to voice).
    /// Default: <see langword="false"/> — such sends are rejected with <see cref="MessagingErrorCode.InvalidRecipient"/>.
    /// </summary>
    public bool AllowFixedLineSms { get; set; }

    /// <summary>How many phone-number parse results to cache (per generation; the cache holds at most twice this). Default: 10,000.</summary>
    [Range(1, 10_000_000)]
    public int PhoneNumberCacheSize { get; set; } = DefaultPhoneNumberCacheSize;

    /// <summary>
    /// Whether free-form WhatsApp messages are refused with <see cref="MessagingErrorCode.SessionWindowClosed"/> before
    /// calling the provider when the recipient has not written in the last 24 hours (as seen by the inbound pipeline).
    /// Default: <see langword="true"/>. Turn it off when inbound WhatsApp messages do not flow through this library, so
    /// the library cannot know the window; Twilio then answers 63016 itself.
    /// </summary>
    public bool EnforceWhatsAppSessionWindow { get; set; } = true;

    /// <summary>Opt-out, opt-in and help keywords and their replies.</summary>
    public KeywordOptions Keywords { get; set; } = new();

    /// <summary>
    /// Whether failures where the message may already have been sent (a timeout after the request left, a 5xx, a
    /// connection reset) are retried too. Default <see langword="false"/>: they end as <see cref="SendStatus.Unknown"/>,
    /// because a retried send can text a person twice.
    /// </summary>
    public bool RetryAmbiguousFailures { get; set; }

    /// <summary>Retry attempts, back-off and time budget.</summary>
    [ValidateObjectMembers]
    public MessagingRetryOptions Retry { get; set; } = new();

    /// <summary>The per-provider circuit breaker.</summary>
    [ValidateObjectMembers]
    public MessagingCircuitBreakerOptions CircuitBreaker { get; set; } = new();

    /// <summary>Client-side send rates per platform.</summary>
    [ValidateObjectMembers]
    public MessagingRateLimitOptions RateLimits { get; set; } = new();

    /// <summary>
    /// How long a send with a <see cref="OutboundMessage.ClientReference"/> holds its claim on the reference, and how long
    /// its result is then kept for repeats (a retried job, a redelivered queue message, another instance). Default: 24 hours.
    /// </summary>
    public TimeSpan SendClaimLifetime { get; set; } = DefaultSendClaimLifetime;

    /// <summary>Channel fallback. Default <see cref="ChannelFallback.None"/>.</summary>
    public ChannelFallback Fallback { get; set; }
}
