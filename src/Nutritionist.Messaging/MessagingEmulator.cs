namespace Nutritionist.Messaging;

/// <summary>
/// An emulator of the providers' APIs that the providers send through instead of the real services, registered as a
/// singleton service (<c>UseSandbox()</c> registers the sandbox's). Every provider's registration looks for it: when one is
/// registered, <see cref="Handler"/> becomes the primary handler of the provider's HTTP clients (named registrations'
/// included) and the settings below fill the provider's options that the host left unset.
/// </summary>
/// <remarks>
/// <para>
/// Typed, so that an emulator configures the providers without referencing their packages and without reflection: each
/// provider reads the properties of its own family. A <see langword="null"/> property leaves the provider's setting alone.
/// </para>
/// <para>Immutable and thread-safe.</para>
/// </remarks>
public sealed class MessagingEmulator
{
    /// <summary>Creates an emulator hook over a handler.</summary>
    /// <param name="handler">The handler that answers the providers' requests; shared by every client, never disposed by them.</param>
    public MessagingEmulator(HttpMessageHandler handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        Handler = handler;
    }

    /// <summary>The primary handler of every provider HTTP client.</summary>
    public HttpMessageHandler Handler { get; }

    /// <summary>The AWS access key id given to the AWS providers that have none (with <see cref="AwsSecretAccessKey"/>, and no session token).</summary>
    public string? AwsAccessKeyId { get; init; }

    /// <summary>The secret of <see cref="AwsAccessKeyId"/>.</summary>
    public string? AwsSecretAccessKey { get; init; }

    /// <summary>The region given to the AWS providers that have none.</summary>
    public string? AwsRegion { get; init; }

    /// <summary>The origination identity (a pool id) given to the AWS SMS provider when it has none.</summary>
    public string? AwsSmsOriginationIdentity { get; init; }

    /// <summary>The End User Messaging Social phone number id given to the AWS WhatsApp provider when it has none.</summary>
    public string? AwsWhatsAppPhoneNumberId { get; init; }

    /// <summary>The Twilio account SID given to the Twilio provider when it has none.</summary>
    public string? TwilioAccountSid { get; init; }

    /// <summary>The auth token given to the Twilio provider when it has neither an auth token nor an API key.</summary>
    public string? TwilioAuthToken { get; init; }

    /// <summary>The WhatsApp sender (<c>whatsapp:+…</c>) given to the Twilio provider when it has neither a sender nor a messaging service.</summary>
    public string? TwilioWhatsAppFrom { get; init; }

    /// <summary>The access token given to the Meta Cloud API provider when it has none.</summary>
    public string? MetaAccessToken { get; init; }

    /// <summary>The phone number id given to the Meta Cloud API provider when it has none.</summary>
    public string? MetaPhoneNumberId { get; init; }
}
