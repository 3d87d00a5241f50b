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

    /// <summary>The messages of a <see cref="SqsBodyKind.WhatsAppEvent"/>, in the entry's order.</summary>
    public IReadOnlyList<InboundMessage> Messages { get; init; } = [];

    /// <summary>The status updates of a <see cref="SqsBodyKind.WhatsAppEvent"/>, in the entry's order.</summary>
    public IReadOnlyList<DeliveryStatusUpdate> Updates { get; init; } = [];

    /// <summary>AWS's id of a <see cref="SqsBodyKind.WhatsAppEvent"/> (its <c>messageId</c>), when the event has one.</summary>
    public string? EventId { get; init; }

    public static SqsBody Invalid(InboundFailureReason reason, string detail) => new() { Kind = SqsBodyKind.Invalid, Reason = reason, Detail = detail };

    public static SqsBody Ignored(string detail) => new() { Kind = SqsBodyKind.Ignored, Detail = detail };

    /// <summary>The provider's id and the masked party of the payload, for the log (the first item of a WhatsApp event).</summary>
    public (string? ProviderMessageId, string Party) Describe() => Kind switch
    {
        SqsBodyKind.InboundMessage => (Message!.ProviderMessageId, SqsInboundProcessor.Mask(Message.From)),
        SqsBodyKind.DeliveryStatus => (Update!.MessageId, SqsInboundProcessor.Mask(Update.Recipient)),
        SqsBodyKind.WhatsAppEvent when Messages.Count > 0 => (Messages[0].ProviderMessageId, SqsInboundProcessor.Mask(Messages[0].From)),
        SqsBodyKind.WhatsAppEvent when Updates.Count > 0 => (Updates[0].MessageId, SqsInboundProcessor.Mask(Updates[0].Recipient)),
        _ => (null, SqsInboundProcessor.Mask(null)),
    };
}
