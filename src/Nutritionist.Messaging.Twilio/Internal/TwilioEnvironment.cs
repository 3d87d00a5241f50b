namespace Nutritionist.Messaging.Twilio.Internal;

/// <summary>Reads the environment variables that feed <see cref="TwilioWhatsAppOptions"/>; replaced in tests.</summary>
internal class TwilioEnvironment
{
    public const string AccountSidVariable = "TWILIO_ACCOUNT_SID";
    public const string AuthTokenVariable = "TWILIO_AUTH_TOKEN";
    public const string WhatsAppNumberVariable = "TWILIO_WHATSAPP_NUMBER";

    public virtual string? Get(string name) => Environment.GetEnvironmentVariable(name);
}
