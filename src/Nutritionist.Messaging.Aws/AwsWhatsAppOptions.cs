namespace Nutritionist.Messaging.Aws;

/// <summary>
/// Settings of the WhatsApp provider over AWS End User Messaging Social (<c>socialmessaging</c>), bound from
/// <c>NutritionistMessaging:AwsWhatsApp</c>.
/// </summary>
/// <remarks>
/// Credentials and region resolve as for <see cref="AwsSmsOptions"/>: <see cref="AccessKeyId"/>/<see cref="SecretAccessKey"/>,
/// then the shared profile <see cref="ProfileName"/>, then the AWS SDK's default chain. The endpoint is
/// <c>https://social-messaging.{region}.amazonaws.com</c> unless <see cref="ServiceUrl"/>,
/// <c>AWS_ENDPOINT_URL_SOCIALMESSAGING</c> or <c>AWS_ENDPOINT_URL</c> names another.
/// </remarks>
/// <example>
/// <code>
/// "NutritionistMessaging": {
///   "AwsWhatsApp": { "Region": "us-east-1", "OriginationPhoneNumberId": "phone-number-id-0123456789abcdef0123456789abcdef" }
/// }
/// </code>
/// </example>
public sealed class AwsWhatsAppOptions
{
    /// <summary>The default of <see cref="MetaApiVersion"/>.</summary>
    public const string DefaultMetaApiVersion = "v23.0";

    /// <summary>
    /// The WhatsApp phone number to send from, as End User Messaging Social names it: <c>phone-number-id-…</c> or its ARN
    /// (<c>aws socialmessaging get-linked-whatsapp-business-account</c> lists them). Required.
    /// </summary>
    public string? OriginationPhoneNumberId { get; set; }

    /// <summary>The version of Meta's Cloud API the message object is written for (<c>v{major}.{minor}</c>). Default <c>v23.0</c>.</summary>
    public string MetaApiVersion { get; set; } = DefaultMetaApiVersion;

    /// <summary>
    /// The AWS region (<c>us-east-1</c>). When <see langword="null"/>, the SDK's resolution is used (<c>AWS_REGION</c>,
    /// the profile's <c>region</c>, instance metadata).
    /// </summary>
    public string? Region { get; set; }

    /// <summary>
    /// An endpoint that replaces <c>https://social-messaging.{region}.amazonaws.com</c> (a VPC endpoint, a test server).
    /// When <see langword="null"/>, <c>AWS_ENDPOINT_URL_SOCIALMESSAGING</c> and then <c>AWS_ENDPOINT_URL</c> are honoured.
    /// Cannot be combined with <see cref="UseFips"/> or <see cref="UseDualStack"/>.
    /// </summary>
    public Uri? ServiceUrl { get; set; }

    /// <summary>Whether to use the FIPS endpoint (<c>social-messaging-fips</c>). Also turned on by <c>AWS_USE_FIPS_ENDPOINT=true</c>.</summary>
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
    /// How long one AWS call may take before it is abandoned. Default: 30 seconds. A send that times out after the
    /// request left is reported as possibly sent.
    /// </summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
