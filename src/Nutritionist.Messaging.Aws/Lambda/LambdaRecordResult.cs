using Nutritionist.Messaging.Aws.Inbound;

namespace Nutritionist.Messaging.Aws.Lambda;

/// <summary>What became of one record of a Lambda SQS or SNS event.</summary>
public sealed class LambdaRecordResult
{
    internal LambdaRecordResult(string messageId, LambdaRecordOutcome outcome, InboundFailureReason reason = InboundFailureReason.None)
    {
        MessageId = messageId;
        Outcome = outcome;
        Reason = reason;
    }

    /// <summary>The record's id: the SQS <c>messageId</c> (the <c>itemIdentifier</c> of a batch item failure) or the SNS <c>MessageId</c>.</summary>
    public string MessageId { get; }

    /// <summary>What became of the record.</summary>
    public LambdaRecordOutcome Outcome { get; }

    /// <summary>Why it was rejected or failed; <see cref="InboundFailureReason.None"/> otherwise.</summary>
    public InboundFailureReason Reason { get; }

    /// <summary>Whether the record must come back (<see cref="LambdaRecordOutcome.Rejected"/> or <see cref="LambdaRecordOutcome.Failed"/>).</summary>
    public bool IsFailure => Outcome is LambdaRecordOutcome.Rejected or LambdaRecordOutcome.Failed;

    /// <inheritdoc />
    public override string ToString() => Reason == InboundFailureReason.None ? $"{MessageId}: {Outcome}" : $"{MessageId}: {Outcome} ({Reason})";
}
