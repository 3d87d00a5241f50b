using Nutritionist.Messaging.Delivery;

namespace Nutritionist.Messaging.Aws.Inbound;

/// <summary>
/// Maps AWS End User Messaging SMS event types (<c>TEXT_*</c> for SMS, <c>MEDIA_*</c> for MMS) and their <c>isFinal</c>
/// flag to <see cref="DeliveryStatus"/>.
/// </summary>
/// <remarks>
/// <para>
/// A final event (<c>isFinal: true</c>): <see cref="DeliveryStatus.Delivered"/> for <c>SUCCESSFUL</c> and
/// <c>DELIVERED</c>. <see cref="DeliveryStatus.Failed"/> means AWS never handed the message to a carrier: the number or
/// the message itself was refused (<c>INVALID</c>, <c>INVALID_MESSAGE</c>, the account's own protect configuration
/// <c>PROTECT_BLOCKED</c>, unusable MMS media). <see cref="DeliveryStatus.Undelivered"/> means a carrier or the handset
/// did not deliver it (<c>UNREACHABLE</c>, <c>CARRIER_UNREACHABLE</c>, <c>BLOCKED</c>, <c>CARRIER_BLOCKED</c>,
/// <c>SPAM</c>, and <c>UNKNOWN</c>, which AWS also sends when no final carrier status came within 72 hours).
/// </para>
/// <para>
/// An intermediate event (<c>isFinal: false</c>) never maps to a terminal status, so the final event that follows (up
/// to 72 hours later) can still replace it: <c>SUCCESSFUL</c> (accepted by the carrier) and <c>DELIVERED</c> give
/// <see cref="DeliveryStatus.Sent"/>; a carrier-side failure or <c>TTL_EXPIRED</c> gives <see cref="DeliveryStatus.Sent"/>
/// and a refusal by AWS gives <see cref="DeliveryStatus.Queued"/> (how far the message got), both still reported as a
/// failure so the update carries the error code; <c>UNKNOWN</c> gives <see cref="DeliveryStatus.Unknown"/>.
/// </para>
/// <para>
/// An event without a boolean <c>isFinal</c> is read by its status name's usual finality (every status but
/// <c>QUEUED</c> and <c>PENDING</c> is usually final). <c>QUEUED</c> and <c>PENDING</c> give
/// <see cref="DeliveryStatus.Queued"/> whatever the flag says. A suffix the library does not know maps to
/// <see cref="DeliveryStatus.Unknown"/>, which the tracker never records over a known status.
/// </para>
/// </remarks>
internal static class AwsSmsEventStatus
{
    /// <summary>
    /// The status of an event, and whether the event reports a failure (so its <c>messageStatus</c> is worth reporting as
    /// the error code), or <see langword="null"/> when it is not an SMS or MMS event (voice, RCS, registration).
    /// </summary>
    /// <param name="eventType">The event's <c>eventType</c>.</param>
    /// <param name="isFinal">The event's <c>isFinal</c>, or <see langword="null"/> when the record has none.</param>
    public static (DeliveryStatus Status, bool IsFailure)? FromEvent(string eventType, bool? isFinal)
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

        // What the status means when it is the message's last one.
        var final = suffix switch
        {
            "SUCCESSFUL" or "DELIVERED" => DeliveryStatus.Delivered,
            "PENDING" or "QUEUED" => DeliveryStatus.Queued,
            "INVALID" or "INVALID_MESSAGE" or "PROTECT_BLOCKED"
                or "FILE_INACCESSIBLE" or "FILE_TYPE_UNSUPPORTED" or "FILE_SIZE_EXCEEDED" => DeliveryStatus.Failed,
            "UNREACHABLE" or "CARRIER_UNREACHABLE" or "BLOCKED" or "CARRIER_BLOCKED" or "SPAM" or "UNKNOWN" => DeliveryStatus.Undelivered,
            "TTL_EXPIRED" => DeliveryStatus.Expired,
            _ => DeliveryStatus.Unknown,
        };
        var isFailure = final is DeliveryStatus.Failed or DeliveryStatus.Undelivered or DeliveryStatus.Expired or DeliveryStatus.Unknown;
        if (isFinal is not false)
        {
            return (final, isFailure);
        }

        // An intermediate status must stay replaceable by the final one: never terminal.
        var intermediate = suffix == "UNKNOWN" ? DeliveryStatus.Unknown : final switch
        {
            DeliveryStatus.Failed => DeliveryStatus.Queued,
            DeliveryStatus.Delivered or DeliveryStatus.Undelivered or DeliveryStatus.Expired => DeliveryStatus.Sent,
            _ => final,
        };
        return (intermediate, isFailure);
    }
}
