namespace Nutritionist.Messaging.Costs;

/// <summary>Meta's pricing category of a WhatsApp message: what Meta charges per delivered message depends on it.</summary>
public enum WhatsAppMessageCategory
{
    /// <summary>A marketing template (offers, announcements, re-engagement).</summary>
    Marketing = 0,

    /// <summary>A utility template (an update about something the person asked for: a plan ready, an appointment).</summary>
    Utility = 1,

    /// <summary>An authentication template (one-time passcodes).</summary>
    Authentication = 2,

    /// <summary>A free-form reply inside the 24-hour customer service window; Meta does not charge for it.</summary>
    Service = 3,
}
