namespace Nutritionist.Messaging.Sandbox;

/// <summary>Which of the emulated APIs a message, fault or opt-out belongs to.</summary>
public enum SandboxProvider
{
    /// <summary>AWS End User Messaging SMS (<c>pinpoint-sms-voice-v2</c>).</summary>
    Aws,

    /// <summary>Twilio's Messages, Content and Senders APIs.</summary>
    Twilio,
}
