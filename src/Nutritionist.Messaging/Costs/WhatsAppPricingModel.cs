namespace Nutritionist.Messaging.Costs;

/// <summary>How WhatsApp messages are charged.</summary>
public enum WhatsAppPricingModel
{
    /// <summary>
    /// Every message is charged <see cref="MessagingCostOptions.WhatsAppPricePerMessage"/> (Meta's per-message pricing,
    /// in force since July 2025). The default.
    /// </summary>
    PerMessage = 0,

    /// <summary>
    /// A message that opens a 24-hour conversation window with a recipient is charged
    /// <see cref="MessagingCostOptions.WhatsAppPricePerConversation"/>; further messages in the same window are free
    /// (Meta's earlier conversation-based pricing, still used by some contracts).
    /// </summary>
    PerConversation = 1,
}
