namespace Nutritionist.Messaging.Aws.Lambda;

/// <summary>What became of one record of a Lambda SQS or SNS event.</summary>
public enum LambdaRecordOutcome
{
    /// <summary>The message or delivery event went through the inbound pipeline and every handler.</summary>
    Processed = 0,

    /// <summary>Valid, but nothing the library acts on (a voice event, an SNS subscription confirmation). Not a failure.</summary>
    Ignored = 1,

    /// <summary>The same message was already processed (found completed in the shared claim store) and was skipped. Not a failure.</summary>
    Duplicate = 2,

    /// <summary>
    /// It can never succeed as it is: not JSON, an unknown shape, a missing field, an unsigned or forged SNS message. It is
    /// returned as a failure, never dropped, so it reaches the dead-letter queue after the queue's <c>maxReceiveCount</c>.
    /// </summary>
    Rejected = 3,

    /// <summary>
    /// It may succeed when retried: a handler or the pipeline threw, a store was unreachable, another receiver holds its
    /// claim, the certificate could not be fetched, or the work was cancelled. Returned as a failure.
    /// </summary>
    Failed = 4,
}
