namespace Nutritionist.Messaging;

/// <summary>The channels a message can travel on.</summary>
public enum MessagingPlatform
{
    /// <summary>SMS (and MMS), sent through the registered <see cref="ISmsProvider"/>.</summary>
    Sms = 0,

    /// <summary>WhatsApp Business, sent through the registered <see cref="IWhatsAppProvider"/>.</summary>
    WhatsApp = 1,
}
