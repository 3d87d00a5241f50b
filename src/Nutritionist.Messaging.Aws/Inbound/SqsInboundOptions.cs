namespace Nutritionist.Messaging.Aws.Inbound;

/// <summary>
/// Settings of the SQS pump that receives two-way SMS and delivery events, bound from
/// <c>NutritionistMessaging:Aws:Inbound</c>.
/// </summary>
/// <remarks>
/// The queues are fed by an SNS topic (the phone number's two-way channel, the configuration set's event destination),
/// either through a standard subscription (the body is the signed SNS envelope) or with raw message delivery (the body is
/// the payload itself). Give each queue a redrive policy: a message that cannot be processed is left in the queue and SQS
/// moves it to the dead-letter queue after <c>maxReceiveCount</c> receives. Processing is at least once, so the
/// application's handlers should be idempotent.
/// </remarks>
/// <example>
/// <code>
/// "NutritionistMessaging": {
///   "Aws": {
///     "Inbound": { "QueueUrls": [ "https://sqs.us-east-1.amazonaws.com/123456789012/sms-inbound" ], "Region": "us-east-1" }
///   }
/// }
/// </code>
/// </example>
public sealed class SqsInboundOptions
{
    /// <summary>The configuration section, relative to <c>NutritionistMessaging</c>.</summary>
    public const string SectionName = "Aws:Inbound";

    /// <summary>The default of <see cref="MaxConcurrency"/>.</summary>
    public const int DefaultMaxConcurrency = 10;

    /// <summary>The default (and the SQS maximum) of <see cref="WaitTimeSeconds"/>.</summary>
    public const int DefaultWaitTimeSeconds = 20;

    /// <summary>The default (and the SQS maximum) of <see cref="MaxNumberOfMessages"/>.</summary>
    public const int DefaultMaxNumberOfMessages = 10;

    /// <summary>The default of <see cref="ProcessingClaimLifetime"/>: 15 minutes, the longest a Lambda invocation can run.</summary>
    public static readonly TimeSpan DefaultProcessingClaimLifetime = TimeSpan.FromMinutes(15);

    /// <summary>The default of <see cref="ProcessedMessageRetention"/>: 4 days, the default retention period of an SQS queue.</summary>
    public static readonly TimeSpan DefaultProcessedMessageRetention = TimeSpan.FromDays(4);

    /// <summary>
    /// Whether the long-polling pump runs as a hosted service. Default: <see langword="true"/>. Set it to
    /// <see langword="false"/> where something else receives the messages — an AWS Lambda function, whose event source
    /// mapping hands batches to <c>SqsEventProcessor</c>, or a Lambda subscribed to the topic (<c>SnsEventProcessor</c>);
    /// <see cref="QueueUrls"/> may then be empty.
    /// </summary>
    public bool StartPump { get; set; } = true;

    /// <summary>The URLs of the queues to poll (at least one when <see cref="StartPump"/> is on). Each queue gets its own long-poll loop.</summary>
    public List<string> QueueUrls { get; set; } = [];

    /// <summary>How many messages are processed at once, across all queues (and across the records of one Lambda event). Default: 10.</summary>
    public int MaxConcurrency { get; set; } = DefaultMaxConcurrency;

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
    /// Whether SNS envelopes must carry a valid signature (versions 1 and 2, certificate from
    /// <c>https://sns.&lt;region&gt;.amazonaws.com/…pem</c>). Default: <see langword="true"/>. Turn it off only for local
    /// emulators that publish unsigned envelopes. Raw-delivery bodies are never signed and are accepted as they are.
    /// </summary>
    public bool RequireSnsSignature { get; set; } = true;

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

    /// <summary>
    /// How long the Lambda entry points hold the claim of a message while processing it, when an <c>ISendClaimStore</c> is
    /// registered: a receiver that dies mid-way blocks redeliveries of that message for at most this long. Keep it at least
    /// the function's timeout. Default: 15 minutes.
    /// </summary>
    public TimeSpan ProcessingClaimLifetime { get; set; } = DefaultProcessingClaimLifetime;

    /// <summary>
    /// How long the Lambda entry points remember a processed message, when an <c>ISendClaimStore</c> is registered, so that
    /// a redelivery (after a partial batch failure, an SNS retry, a duplicate SQS delivery) is skipped rather than handled
    /// twice. Keep it at least the queue's retention period. Default: 4 days.
    /// </summary>
    public TimeSpan ProcessedMessageRetention { get; set; } = DefaultProcessedMessageRetention;
}
