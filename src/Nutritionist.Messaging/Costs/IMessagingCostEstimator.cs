namespace Nutritionist.Messaging.Costs;

/// <summary>Estimates what a message will cost before it is sent.</summary>
/// <remarks>Implementations are thread-safe and registered as singletons.</remarks>
public interface IMessagingCostEstimator
{
    /// <summary>Estimates the cost of one message to one recipient.</summary>
    /// <param name="platform">The platform the message goes out on.</param>
    /// <param name="regionCode">
    /// The recipient's ISO 3166-1 alpha-2 region (<c>"US"</c>, <c>"GB"</c>; any case), for example
    /// <c>PhoneNumberInfo.RegionCode</c>. <see langword="null"/> or unknown regions use the <c>"*"</c> default price.
    /// </param>
    /// <param name="body">The message text; <see langword="null"/> counts as empty. Only SMS prices depend on it (segments).</param>
    /// <param name="mediaCount">Attached media. On <see cref="MessagingPlatform.Sms"/> any media makes the message an MMS, priced per message.</param>
    /// <param name="opensConversation">
    /// Only for <see cref="WhatsAppPricingModel.PerConversation"/>: whether this message opens a new 24-hour conversation
    /// window with the recipient (charged) or falls inside one already open (free). The default, <see langword="true"/>,
    /// gives the upper bound when the caller does not track windows.
    /// </param>
    /// <returns>The estimate.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="platform"/> is not defined or <paramref name="mediaCount"/> is negative.</exception>
    MessageCostEstimate Estimate(MessagingPlatform platform, string? regionCode, string? body, int mediaCount = 0, bool opensConversation = true);
}
