namespace Nutritionist.Messaging.Costs;

/// <summary>A routing choice that <see cref="MessagingCostComparison"/> prices: a platform on one provider.</summary>
public enum MessagingRoute
{
    /// <summary>SMS sent through Twilio: Twilio's price per segment.</summary>
    SmsOnTwilio = 0,

    /// <summary>SMS sent through AWS End User Messaging SMS: AWS's price per segment.</summary>
    SmsOnAws = 1,

    /// <summary>WhatsApp through Twilio: Twilio's fee per message plus Meta's rate for the category.</summary>
    WhatsAppOnTwilio = 2,

    /// <summary>WhatsApp through Meta's Cloud API directly: Meta's rate for the category only.</summary>
    WhatsAppOnMeta = 3,

    /// <summary>WhatsApp through AWS End User Messaging Social: AWS's fee per message plus Meta's rate for the category.</summary>
    WhatsAppOnAws = 4,
}
