namespace Nutritionist.Messaging.Aws.Inbound;

/// <summary>What became of one SQS message.</summary>
/// <param name="Kind">What the body was.</param>
/// <param name="Reason">Why it was rejected, or <see cref="InboundFailureReason.None"/>.</param>
/// <param name="Detail">Log text for rejected and ignored bodies (no body, number or secret).</param>
/// <param name="ProviderMessageId">The AWS message id of the inbound message or the event.</param>
/// <param name="Party">The masked sender or recipient.</param>
internal sealed record SqsProcessResult(SqsBodyKind Kind, InboundFailureReason Reason, string? Detail, string? ProviderMessageId = null, string? Party = null)
{
    /// <summary>Whether the message may be deleted from the queue.</summary>
    public bool CanDelete => Kind is SqsBodyKind.InboundMessage or SqsBodyKind.DeliveryStatus or SqsBodyKind.WhatsAppEvent or SqsBodyKind.Ignored;
}
