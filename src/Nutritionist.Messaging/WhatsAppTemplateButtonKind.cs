namespace Nutritionist.Messaging;

/// <summary>What a <see cref="WhatsAppTemplateButton"/> fills in.</summary>
public enum WhatsAppTemplateButtonKind
{
    /// <summary>A quick-reply button: the payload that comes back when the person taps it.</summary>
    QuickReply = 0,

    /// <summary>A URL button: the suffix appended to the URL the template defines.</summary>
    Url = 1,
}
