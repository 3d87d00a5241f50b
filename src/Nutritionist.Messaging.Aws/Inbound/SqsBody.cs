using Nutritionist.Messaging.Delivery;
using Nutritionist.Messaging.Inbound;

namespace Nutritionist.Messaging.Aws.Inbound;

/// <summary>The parsed form of one SQS body (or of the SNS <c>Message</c> inside it).</summary>
internal sealed record SqsBody
{
    public required SqsBodyKind Kind { get; init; }

    public InboundFailureReason Reason { get; init; }

    /// <summary>Why it was invalid or ignored, for the log: never a body, a phone number or a secret.</summary>
    public string? Detail { get; init; }

    public SnsEnvelope? Envelope { get; init; }

    public InboundMessage? Message { get; init; }

    public DeliveryStatusUpdate? Update { get; init; }

    public static SqsBody Invalid(InboundFailureReason reason, string detail) => new() { Kind = SqsBodyKind.Invalid, Reason = reason, Detail = detail };

    public static SqsBody Ignored(string detail) => new() { Kind = SqsBodyKind.Ignored, Detail = detail };
}
