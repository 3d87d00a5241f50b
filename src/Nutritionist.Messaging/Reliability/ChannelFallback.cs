namespace Nutritionist.Messaging.Reliability;

/// <summary>Whether a message that cannot go out on its platform is sent on another.</summary>
public enum ChannelFallback
{
    /// <summary>No fallback (the default).</summary>
    None = 0,

    /// <summary>
    /// A WhatsApp message that fails with <see cref="MessagingErrorCode.SessionWindowClosed"/>,
    /// <see cref="MessagingErrorCode.InvalidRecipient"/> (no WhatsApp account) or a certain
    /// <see cref="MessagingErrorCode.ProviderUnavailable"/> is sent by SMS: its text with WhatsApp markup removed, or a
    /// template's <see cref="WhatsAppTemplate.SmsFallbackText"/> (a template without one does not fall back). The SMS
    /// opt-out list is checked again.
    /// </summary>
    WhatsAppToSms = 1,
}
