namespace Nutritionist.Messaging.Sandbox;

/// <summary>Which of the emulated APIs a message, fault or opt-out belongs to.</summary>
public enum SandboxProvider
{
    /// <summary>AWS End User Messaging SMS (<c>pinpoint-sms-voice-v2</c>).</summary>
    Aws,

    /// <summary>Twilio's Messages, Content and Senders APIs.</summary>
    Twilio,

    /// <summary>Meta's WhatsApp Cloud API (<c>POST /{version}/{phone-number-id}/messages</c>).</summary>
    Meta,

    /// <summary>AWS End User Messaging Social (<c>socialmessaging</c>: <c>POST /v1/whatsapp/send</c>).</summary>
    AwsWhatsApp,
}
