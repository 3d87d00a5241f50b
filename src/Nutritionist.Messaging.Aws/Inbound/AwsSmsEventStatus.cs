using Nutritionist.Messaging.Delivery;

namespace Nutritionist.Messaging.Aws.Inbound;

/// <summary>
/// Maps AWS End User Messaging SMS event types (<c>TEXT_*</c> for SMS, <c>MEDIA_*</c> for MMS) to <see cref="DeliveryStatus"/>.
/// </summary>
/// <remarks>
/// <see cref="DeliveryStatus.Failed"/> means AWS never handed the message to a carrier: the number or the message itself
/// was refused (<c>INVALID</c>, <c>INVALID_MESSAGE</c>, the account's own protect configuration <c>PROTECT_BLOCKED</c>,
/// unusable MMS media). <see cref="DeliveryStatus.Undelivered"/> means a carrier or the handset did not deliver it
/// (<c>UNREACHABLE</c>, <c>CARRIER_UNREACHABLE</c>, <c>BLOCKED</c>, <c>CARRIER_BLOCKED</c>, <c>SPAM</c>).
/// A suffix the library does not know maps to <see cref="DeliveryStatus.Unknown"/>.
/// </remarks>
internal static class AwsSmsEventStatus
{
    /// <summary>The status of an event type, or <see langword="null"/> when it is not an SMS or MMS event (voice, RCS, registration).</summary>
    public static DeliveryStatus? FromEventType(string eventType)
    {
        ArgumentNullException.ThrowIfNull(eventType);
        string suffix;
        if (eventType.StartsWith("TEXT_", StringComparison.Ordinal))
        {
            suffix = eventType["TEXT_".Length..];
        }
        else if (eventType.StartsWith("MEDIA_", StringComparison.Ordinal))
        {
            suffix = eventType["MEDIA_".Length..];
        }
        else
        {
            return null;
        }

        return suffix switch
        {
            "SUCCESSFUL" or "DELIVERED" => DeliveryStatus.Delivered,
            "PENDING" or "QUEUED" => DeliveryStatus.Queued,
            "INVALID" or "INVALID_MESSAGE" or "PROTECT_BLOCKED"
                or "FILE_INACCESSIBLE" or "FILE_TYPE_UNSUPPORTED" or "FILE_SIZE_EXCEEDED" => DeliveryStatus.Failed,
            "UNREACHABLE" or "CARRIER_UNREACHABLE" or "BLOCKED" or "CARRIER_BLOCKED" or "SPAM" => DeliveryStatus.Undelivered,
            "TTL_EXPIRED" => DeliveryStatus.Expired,
            _ => DeliveryStatus.Unknown,
        };
    }

    /// <summary>Whether the status is a failure whose AWS <c>messageStatus</c> is worth reporting as the error code.</summary>
    public static bool IsFailure(DeliveryStatus status) =>
        status is DeliveryStatus.Failed or DeliveryStatus.Undelivered or DeliveryStatus.Expired or DeliveryStatus.Unknown;
}
