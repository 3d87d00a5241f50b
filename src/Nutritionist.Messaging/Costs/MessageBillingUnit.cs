namespace Nutritionist.Messaging.Costs;

/// <summary>What a price is charged per.</summary>
public enum MessageBillingUnit
{
    /// <summary>Per SMS segment (<see cref="MessagingCostOptions.SmsPricePerSegment"/>).</summary>
    SmsSegment = 0,

    /// <summary>Per MMS message: an SMS-platform message with media (<see cref="MessagingCostOptions.MmsPricePerMessage"/>).</summary>
    MmsMessage = 1,

    /// <summary>Per WhatsApp message (<see cref="MessagingCostOptions.WhatsAppPricePerMessage"/>).</summary>
    WhatsAppMessage = 2,

    /// <summary>Per WhatsApp conversation window opened (<see cref="MessagingCostOptions.WhatsAppPricePerConversation"/>).</summary>
    WhatsAppConversation = 3,
}
