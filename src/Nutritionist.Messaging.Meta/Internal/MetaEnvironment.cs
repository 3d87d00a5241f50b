namespace Nutritionist.Messaging.Meta.Internal;

/// <summary>Reads the environment variables that feed <see cref="MetaWhatsAppOptions"/>; replaced in tests.</summary>
internal class MetaEnvironment
{
    public const string AccessTokenVariable = "META_WHATSAPP_TOKEN";
    public const string PhoneNumberIdVariable = "META_WHATSAPP_PHONE_NUMBER_ID";
    public const string AppSecretVariable = "META_APP_SECRET";
    public const string VerifyTokenVariable = "META_WEBHOOK_VERIFY_TOKEN";
    public const string WabaIdVariable = "META_WABA_ID";

    public virtual string? Get(string name) => Environment.GetEnvironmentVariable(name);
}
