namespace Nutritionist.Messaging.Sandbox;

/// <summary>
/// The names of the <see cref="IHttpClientFactory"/> clients the providers send through, under which
/// <c>UseSandbox()</c> plugs the <see cref="SandboxHandler"/>. They are repeated here (not referenced) so the sandbox
/// does not depend on the provider packages; a test checks they match the providers' own constants.
/// </summary>
public static class SandboxClientNames
{
    /// <summary>The AWS SMS provider's client (<c>SmsVoiceClient.HttpClientName</c>).</summary>
    public const string Aws = "Nutritionist.Messaging.Aws.Sms";

    /// <summary>The Twilio provider's client (<c>TwilioHttp.ClientName</c>).</summary>
    public const string Twilio = "Nutritionist.Messaging.Twilio";

    /// <summary>The Meta Cloud API provider's client (<c>MetaHttp.ClientName</c>).</summary>
    public const string Meta = "Nutritionist.Messaging.Meta";

    /// <summary>The AWS End User Messaging Social provider's client (<c>SocialMessagingClient.HttpClientName</c>).</summary>
    public const string AwsWhatsApp = "Nutritionist.Messaging.Aws.WhatsApp";

    /// <summary>Every client <c>UseSandbox()</c> plugs the handler under.</summary>
    internal static readonly string[] All = [Aws, Twilio, Meta, AwsWhatsApp];
}
