namespace Nutritionist.Messaging.Sandbox;

/// <summary>
/// Settings of the sandbox emulator: the credentials it knows, the numbers it sends from, how quickly delivery events
/// follow, and whether it accepts what it cannot know.
/// </summary>
/// <remarks>
/// <para>
/// Credentials. The sandbox knows one AWS key (<see cref="AwsAccessKeyId"/>/<see cref="AwsSecretAccessKey"/>, default
/// <c>AKIDSANDBOX</c>/<c>sandbox-secret</c>, for SMS and for End User Messaging Social), one Twilio account
/// (<see cref="TwilioAccountSid"/>/<see cref="TwilioAuthToken"/>) and one Meta token (<see cref="MetaAccessToken"/>).
/// A request made with them is verified exactly like the real service does it (SigV4 signature, Basic auth, Bearer), and refused
/// the real service's way when it does not match. <c>UseSandbox()</c> gives the providers these credentials when they
/// have none of their own.
/// </para>
/// <para>
/// Permissive by default: a request made with credentials the sandbox cannot know (the host's real keys, from the
/// environment) is accepted without verification, and so is an origination identity it does not hold. Set
/// <see cref="Strict"/> to refuse them (<c>UnrecognizedClientException</c>, Twilio 20003, <c>ResourceNotFoundException</c>).
/// </para>
/// </remarks>
public sealed class SandboxOptions
{
    /// <summary>The default <see cref="AwsAccessKeyId"/>.</summary>
    public const string DefaultAwsAccessKeyId = "AKIDSANDBOX";

    /// <summary>The default <see cref="AwsSecretAccessKey"/>. Not a secret: the sandbox is public.</summary>
    public const string DefaultAwsSecretAccessKey = "sandbox-secret";

    /// <summary>The default <see cref="AwsRegion"/>.</summary>
    public const string DefaultAwsRegion = "us-east-1";

    /// <summary>The default <see cref="TwilioAccountSid"/> (<c>AC</c> and 32 hexadecimal characters).</summary>
    public const string DefaultTwilioAccountSid = "AC5a4db0c55a4db0c55a4db0c55a4db0c5";

    /// <summary>The default <see cref="TwilioAuthToken"/>. Not a secret: the sandbox is public.</summary>
    public const string DefaultTwilioAuthToken = "sandbox-auth-token";

    /// <summary>The default <see cref="WhatsAppFrom"/>: Twilio's public WhatsApp sandbox number.</summary>
    public const string DefaultWhatsAppFrom = "whatsapp:+14155238886";

    /// <summary>The default <see cref="SmsOriginationNumber"/> (a number in the 555-01xx range reserved for fiction).</summary>
    public const string DefaultSmsOriginationNumber = "+12065550100";

    /// <summary>The default <see cref="MetaAccessToken"/>. Not a secret: the sandbox is public.</summary>
    public const string DefaultMetaAccessToken = "sandbox-meta-access-token";

    /// <summary>
    /// A Meta access token the sandbox knows as expired: a request carrying it is refused with Meta's error 190, subcode 463
    /// ("Session has expired"), so hosts can test their handling of an expired system-user token.
    /// </summary>
    public const string ExpiredMetaAccessToken = "sandbox-expired-meta-access-token";

    /// <summary>The default <see cref="MetaPhoneNumberId"/> (digits, like Meta's phone number ids).</summary>
    public const string DefaultMetaPhoneNumberId = "100555010000001";

    /// <summary>The default <see cref="AwsWhatsAppPhoneNumberId"/>, in End User Messaging Social's <c>phone-number-id-…</c> form.</summary>
    public const string DefaultAwsWhatsAppPhoneNumberId = "phone-number-id-5a4db0c5000000000000000000000001";

    /// <summary>The AWS access key id the sandbox verifies signatures for. Default <c>AKIDSANDBOX</c>.</summary>
    public string AwsAccessKeyId { get; set; } = DefaultAwsAccessKeyId;

    /// <summary>The secret of <see cref="AwsAccessKeyId"/>. Default <c>sandbox-secret</c>.</summary>
    public string AwsSecretAccessKey { get; set; } = DefaultAwsSecretAccessKey;

    /// <summary>The region given to the AWS provider when it has none, and used in ARNs. Default <c>us-east-1</c>.</summary>
    public string AwsRegion { get; set; } = DefaultAwsRegion;

    /// <summary>The Twilio account the sandbox authenticates. Default <see cref="DefaultTwilioAccountSid"/>.</summary>
    public string TwilioAccountSid { get; set; } = DefaultTwilioAccountSid;

    /// <summary>The auth token of <see cref="TwilioAccountSid"/>. Default <c>sandbox-auth-token</c>.</summary>
    public string TwilioAuthToken { get; set; } = DefaultTwilioAuthToken;

    /// <summary>An optional API key SID (<c>SK…</c>) accepted for <see cref="TwilioAccountSid"/> with <see cref="TwilioApiKeySecret"/>.</summary>
    public string? TwilioApiKeySid { get; set; }

    /// <summary>The secret of <see cref="TwilioApiKeySid"/>.</summary>
    public string? TwilioApiKeySecret { get; set; }

    /// <summary>
    /// The WhatsApp sender given to the Twilio provider when it has none, and the sandbox's one WhatsApp business number
    /// (Meta and AWS End User Messaging Social send from it too, by their own ids for it).
    /// </summary>
    public string WhatsAppFrom { get; set; } = DefaultWhatsAppFrom;

    /// <summary>
    /// The Bearer token the sandbox's Meta Cloud API accepts. Default <see cref="DefaultMetaAccessToken"/>; another token is
    /// accepted on trust unless <see cref="Strict"/> (then refused with error 190), and <see cref="ExpiredMetaAccessToken"/>
    /// is always refused as expired.
    /// </summary>
    public string MetaAccessToken { get; set; } = DefaultMetaAccessToken;

    /// <summary>
    /// The Meta phone number id of the sandbox's WhatsApp business number (<see cref="WhatsAppFrom"/>'s number): the
    /// <c>{phone-number-id}</c> of <c>/{version}/{phone-number-id}/messages</c>.
    /// </summary>
    public string MetaPhoneNumberId { get; set; } = DefaultMetaPhoneNumberId;

    /// <summary>The End User Messaging Social id of the same business number, for <c>SendWhatsAppMessage</c>'s <c>originationPhoneNumberId</c>.</summary>
    public string AwsWhatsAppPhoneNumberId { get; set; } = DefaultAwsWhatsAppPhoneNumberId;

    /// <summary>The phone number of the sandbox's AWS pool and phone number.</summary>
    public string SmsOriginationNumber { get; set; } = DefaultSmsOriginationNumber;

    /// <summary>
    /// Whether to refuse credentials and origination identities the sandbox does not know. Default <see langword="false"/>
    /// (see the remarks of <see cref="SandboxOptions"/>).
    /// </summary>
    public bool Strict { get; set; }

    /// <summary>
    /// Whether <c>UseSandbox()</c> fills the providers' unset credentials, region and sender with the sandbox's.
    /// Default <see langword="true"/>.
    /// </summary>
    public bool ConfigureProviders { get; set; } = true;

    /// <summary>
    /// Whether a free-form WhatsApp message outside the 24-hour window (opened by an inbound message, see
    /// <see cref="SandboxState.InjectInboundAsync(MessagingPlatform, string, string, CancellationToken)"/>) is refused:
    /// by Twilio with error 63016; by Meta and AWS End User Messaging Social, as the real ones do, accepted and then
    /// reported <c>failed</c> with error 131047. Default <see langword="true"/>.
    /// </summary>
    public bool EnforceWhatsAppWindow { get; set; } = true;

    /// <summary>How long after acceptance a Twilio message reports <c>sent</c>. Default one second.</summary>
    public TimeSpan SentDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long after acceptance the final delivery event (delivered or failed) arrives. Default two seconds.</summary>
    public TimeSpan DeliveryDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How long after acceptance a WhatsApp message reports <c>read</c>; <see langword="null"/> (the default): never.</summary>
    public TimeSpan? ReadDelay { get; set; }

    /// <summary>Faults to inject (throttling, server errors, latency), switchable while the sandbox runs.</summary>
    public SandboxFaults Faults { get; } = new();
}
