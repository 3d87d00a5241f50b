namespace Nutritionist.Messaging.Aws.Inbound;

/// <summary>
/// Settings of the long-polling SQS pump (<c>AddAwsSmsInboundPump</c>) that receives two-way SMS, delivery events and End
/// User Messaging Social WhatsApp events, bound from <c>NutritionistMessaging:Aws:Inbound</c> (the section that also holds
/// <see cref="SqsInboundOptions"/>: how the messages are processed, and <see cref="SqsInboundOptions.MaxConcurrency"/>).
/// </summary>
/// <example>
/// <code>
/// "NutritionistMessaging": {
///   "Aws": {
///     "Inbound": { "QueueUrls": [ "https://sqs.us-east-1.amazonaws.com/123456789012/sms-inbound" ], "Region": "us-east-1" }
///   }
/// }
/// </code>
/// </example>
public sealed class SqsPumpOptions
{
    /// <summary>The configuration section, relative to <c>NutritionistMessaging</c>.</summary>
    public const string SectionName = SqsInboundOptions.SectionName;

    /// <summary>The default (and the SQS maximum) of <see cref="WaitTimeSeconds"/>.</summary>
    public const int DefaultWaitTimeSeconds = 20;

    /// <summary>The default (and the SQS maximum) of <see cref="MaxNumberOfMessages"/>.</summary>
    public const int DefaultMaxNumberOfMessages = 10;

    /// <summary>The URLs of the queues to poll (at least one). Each queue gets its own long-poll loop.</summary>
    public List<string> QueueUrls { get; set; } = [];

    /// <summary>How long one receive waits for messages (long polling), 0 to 20 seconds. Default: 20.</summary>
    public int WaitTimeSeconds { get; set; } = DefaultWaitTimeSeconds;

    /// <summary>The most messages one receive returns, 1 to 10. Default: 10.</summary>
    public int MaxNumberOfMessages { get; set; } = DefaultMaxNumberOfMessages;

    /// <summary>
    /// How long a received message stays hidden from other receivers (whole seconds, up to 12 hours). A message that fails
    /// becomes visible again after this. <see langword="null"/> (the default): the queue's own setting.
    /// </summary>
    public TimeSpan? VisibilityTimeout { get; set; }

    /// <summary>
    /// An endpoint that replaces <c>https://sqs.{region}.amazonaws.com</c> (a VPC endpoint, a local emulator).
    /// When it is a loopback address and no credentials are set, the dummy credentials <c>test</c>/<c>test</c> are used.
    /// </summary>
    public Uri? ServiceUrl { get; set; }

    /// <summary>
    /// The AWS region (<c>us-east-1</c>). When <see langword="null"/>, the SDK's resolution is used (<c>AWS_REGION</c>,
    /// the profile, instance metadata); with <see cref="ServiceUrl"/> it is the signing region (default <c>us-east-1</c>).
    /// </summary>
    public string? Region { get; set; }

    /// <summary>An access key id. Set it together with <see cref="SecretAccessKey"/>; leave both unset to use the SDK's credential chain.</summary>
    public string? AccessKeyId { get; set; }

    /// <summary>The secret key of <see cref="AccessKeyId"/>. Never logged.</summary>
    public string? SecretAccessKey { get; set; }

    /// <summary>The session token of temporary <see cref="AccessKeyId"/> credentials. Never logged.</summary>
    public string? SessionToken { get; set; }
}
