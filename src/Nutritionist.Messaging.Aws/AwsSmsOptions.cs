namespace Nutritionist.Messaging.Aws;

/// <summary>
/// Settings of the AWS End User Messaging SMS provider, bound from <c>NutritionistMessaging:Aws</c>.
/// </summary>
/// <remarks>
/// Credentials come, in this order, from <see cref="AccessKeyId"/>/<see cref="SecretAccessKey"/>, from the shared profile
/// <see cref="ProfileName"/>, or from the AWS SDK's default chain (environment variables, shared profile, SSO, web identity,
/// container and instance metadata). Temporary credentials are refreshed by the SDK before they expire.
/// </remarks>
/// <example>
/// <code>
/// "NutritionistMessaging": {
///   "Aws": { "Region": "us-east-1", "OriginationIdentities": [ "pool-0123456789abcdef0" ], "ConfigurationSetName": "nutrition" }
/// }
/// </code>
/// </example>
public sealed class AwsSmsOptions
{
    /// <summary>The default of <see cref="MessageType"/>.</summary>
    public const string DefaultMessageType = "TRANSACTIONAL";

    /// <summary>The default of <see cref="FailoverCooldown"/>: five minutes.</summary>
    public static readonly TimeSpan DefaultFailoverCooldown = TimeSpan.FromMinutes(5);

    /// <summary>
    /// The AWS region (<c>us-east-1</c>). When <see langword="null"/>, the SDK's resolution is used (<c>AWS_REGION</c>,
    /// the profile's <c>region</c>, instance metadata).
    /// </summary>
    public string? Region { get; set; }

    /// <summary>
    /// An endpoint that replaces <c>https://sms-voice.{region}.amazonaws.com</c> (a VPC endpoint, the sandbox, a test server).
    /// When <see langword="null"/>, <c>AWS_ENDPOINT_URL_PINPOINT_SMS_VOICE_V2</c> and then <c>AWS_ENDPOINT_URL</c> are honoured.
    /// Cannot be combined with <see cref="UseFips"/> or <see cref="UseDualStack"/>.
    /// </summary>
    public Uri? ServiceUrl { get; set; }

    /// <summary>Whether to use the FIPS endpoint (<c>sms-voice-fips</c>). Also turned on by <c>AWS_USE_FIPS_ENDPOINT=true</c>.</summary>
    public bool UseFips { get; set; }

    /// <summary>Whether to use the dual-stack (IPv4 and IPv6) endpoint. Also turned on by <c>AWS_USE_DUALSTACK_ENDPOINT=true</c>.</summary>
    public bool UseDualStack { get; set; }

    /// <summary>An access key id. Set it together with <see cref="SecretAccessKey"/>; leave both unset to use the SDK's credential chain.</summary>
    public string? AccessKeyId { get; set; }

    /// <summary>The secret key of <see cref="AccessKeyId"/>. Never logged.</summary>
    public string? SecretAccessKey { get; set; }

    /// <summary>The session token of temporary <see cref="AccessKeyId"/> credentials. Never logged.</summary>
    public string? SessionToken { get; set; }

    /// <summary>A profile in the shared credentials and config files (<c>~/.aws/credentials</c>, <c>~/.aws/config</c>).</summary>
    public string? ProfileName { get; set; }

    /// <summary>
    /// The origination identities to send from, in order of preference: pool ids or ARNs, phone numbers, phone number ids,
    /// sender ids. When one fails for a reason tied to it, the next is tried and the failing one is skipped for
    /// <see cref="FailoverCooldown"/>. Empty: AWS picks. <c>PHONE_POOL_ID</c> fills the first entry when the list is empty.
    /// </summary>
    public List<string> OriginationIdentities { get; set; } = [];

    /// <summary>
    /// Origination identities per destination country (ISO 3166-1 alpha-2, <c>"GB"</c> → <c>"MyCompany"</c> sender id),
    /// tried before <see cref="OriginationIdentities"/> for recipients in that country.
    /// </summary>
    public Dictionary<string, string> OriginationIdentitiesByCountry { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The configuration set whose event destinations receive delivery events. <c>SMS_CONFIG_SET</c> fills it when unset.</summary>
    public string? ConfigurationSetName { get; set; }

    /// <summary><c>TRANSACTIONAL</c> (the default) or <c>PROMOTIONAL</c>.</summary>
    public string MessageType { get; set; } = DefaultMessageType;

    /// <summary>The most to pay per message part, in US dollars (<c>"0.05"</c>); AWS refuses dearer messages.</summary>
    public string? MaxPrice { get; set; }

    /// <summary>How long AWS keeps trying to deliver a message (5 seconds to 72 hours). <see langword="null"/>: the AWS default.</summary>
    public TimeSpan? TimeToLive { get; set; }

    /// <summary>Whether to send in dry-run mode: AWS validates and accepts the message but does not deliver it.</summary>
    public bool DryRun { get; set; }

    /// <summary>How long an origination identity that failed is skipped. Default: 5 minutes.</summary>
    public TimeSpan FailoverCooldown { get; set; } = DefaultFailoverCooldown;

    /// <summary>
    /// The client-side limit of message parts per second for each origination identity (AWS enforces MPS per phone
    /// number or sender ID; a long SMS is several parts). <see langword="null"/> (the default) sets none. Sends wait
    /// for their parts' turn, evenly spaced 2 % wider than the rate (AWS's token bucket absorbs the network's jitter, so
    /// the rate reached is 98 % of this one); beyond 1,000 waiting sends one fails with
    /// <see cref="MessagingErrorCode.Throttled"/> without calling AWS. Applies to configured identities only (when AWS
    /// picks the identity, nothing is known to limit); for a pool, give the pool's combined rate.
    /// </summary>
    public int? MessagePartsPerSecondPerIdentity { get; set; }

    /// <summary>
    /// How long one AWS call may take before it is abandoned. Default: 30 seconds. A send that times out after the
    /// request left is reported as <see cref="SendStatus.Unknown"/> (it may have been sent).
    /// </summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
