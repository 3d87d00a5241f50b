namespace Nutritionist.Messaging.Aws.Inbound;

/// <summary>
/// How two-way SMS, delivery events and End User Messaging Social WhatsApp events read from SQS or SNS are processed, bound
/// from <c>NutritionistMessaging:Aws:Inbound</c>: by the Lambda entry points (<c>SqsEventProcessor</c>,
/// <c>SnsEventProcessor</c>) and by the long-polling pump of Nutritionist.Messaging.Aws.Sqs.
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
///     "Inbound": { "MaxConcurrency": 10, "RequireSnsSignature": true }
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

    /// <summary>The default of <see cref="ProcessingClaimLifetime"/>: 15 minutes, the longest a Lambda invocation can run.</summary>
    public static readonly TimeSpan DefaultProcessingClaimLifetime = TimeSpan.FromMinutes(15);

    /// <summary>The default of <see cref="ProcessedMessageRetention"/>: 4 days, the default retention period of an SQS queue.</summary>
    public static readonly TimeSpan DefaultProcessedMessageRetention = TimeSpan.FromDays(4);

    /// <summary>How many messages are processed at once, across all queues (and across the records of one Lambda event). Default: 10.</summary>
    public int MaxConcurrency { get; set; } = DefaultMaxConcurrency;

    /// <summary>
    /// Whether SNS envelopes must carry a valid signature (versions 1 and 2, certificate from
    /// <c>https://sns.&lt;region&gt;.amazonaws.com/…pem</c>). Default: <see langword="true"/>. Turn it off only for local
    /// emulators that publish unsigned envelopes. Raw-delivery bodies are never signed and are accepted as they are.
    /// </summary>
    public bool RequireSnsSignature { get; set; } = true;

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
