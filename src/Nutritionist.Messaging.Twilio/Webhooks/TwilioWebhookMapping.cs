using System.Globalization;
using Nutritionist.Messaging.Delivery;
using Nutritionist.Messaging.Inbound;
using Nutritionist.Messaging.Twilio.Internal;

namespace Nutritionist.Messaging.Twilio;

/// <summary>
/// Turns parsed Twilio webhooks into the core's <see cref="InboundMessage"/> and <see cref="DeliveryStatusUpdate"/>, as
/// <see cref="TwilioWebhookHandler"/> does before it calls <see cref="IInboundPipeline"/>.
/// </summary>
/// <remarks>Pure functions; thread-safe.</remarks>
internal static class TwilioWebhookMapping
{
    /// <summary>The <see cref="InboundMessage.ProviderName"/> of messages that came through a Twilio webhook.</summary>
    public const string ProviderName = TwilioWhatsAppProvider.ProviderName;

    /// <summary>Maps an inbound message.</summary>
    /// <param name="message">The parsed webhook.</param>
    /// <returns>
    /// The core message: <see cref="MessagingPlatform.WhatsApp"/> when <c>From</c> carried <c>whatsapp:</c>, else
    /// <see cref="MessagingPlatform.Sms"/>; numbers without the prefix; <c>MessageSid</c> as the provider id;
    /// <c>OriginalRepliedMessageSid</c> as the message it replies to.
    /// </returns>
    public static InboundMessage ToInboundMessage(this TwilioInboundMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return new InboundMessage(message.IsWhatsApp ? MessagingPlatform.WhatsApp : MessagingPlatform.Sms, message.From, message.Body)
        {
            To = message.To,
            Media = [.. message.Media.Select(static m => new InboundMedia(m.Url, m.ContentType))],
            ProviderMessageId = message.MessageSid,
            ReceivedAt = message.ReceivedAt,
            ProfileName = message.ProfileName,
            InReplyToMessageId = message.OriginalRepliedMessageSid,
            ButtonPayload = message.ButtonPayload,
            ButtonText = message.ButtonText,
            ProviderName = ProviderName,
        };
    }

    /// <summary>Maps a status callback.</summary>
    /// <param name="callback">The parsed webhook.</param>
    /// <returns>
    /// The core update: status from <see cref="ToDeliveryStatus"/>, Twilio's status word, error code and text, the
    /// time the webhook arrived, the recipient (<c>To</c>), and <c>Price</c>/<c>PriceUnit</c> and <c>NumSegments</c>
    /// when the callback carries them. The platform is WhatsApp when <c>From</c> or <c>To</c> carried <c>whatsapp:</c>.
    /// </returns>
    public static DeliveryStatusUpdate ToDeliveryStatusUpdate(this TwilioStatusCallback callback)
    {
        ArgumentNullException.ThrowIfNull(callback);
        var parameters = callback.Parameters;
        var whatsApp = IsWhatsAppAddress(First(parameters, "From")) || IsWhatsAppAddress(First(parameters, "To"));

        // Twilio reports what it charged as a negative amount ("-0.00500"); the core records a positive cost.
        decimal? price = decimal.TryParse(First(parameters, "Price"), NumberStyles.Number, CultureInfo.InvariantCulture, out var amount)
            ? Math.Abs(amount)
            : null;
        var priceUnit = First(parameters, "PriceUnit");
        int? segments = int.TryParse(First(parameters, "NumSegments"), NumberStyles.None, CultureInfo.InvariantCulture, out var parts) ? parts : null;

        return new DeliveryStatusUpdate(callback.MessageSid, whatsApp ? MessagingPlatform.WhatsApp : MessagingPlatform.Sms, ToDeliveryStatus(callback.MessageStatus))
        {
            ProviderStatus = callback.MessageStatus,
            ErrorCode = string.IsNullOrEmpty(callback.ErrorCode) ? null : callback.ErrorCode,
            ErrorMessage = string.IsNullOrEmpty(callback.ErrorMessage) ? null : callback.ErrorMessage,
            Timestamp = callback.ReceivedAt,
            Recipient = callback.To,
            Price = price,
            PriceCurrency = price is null || string.IsNullOrEmpty(priceUnit) ? null : priceUnit.ToUpperInvariant(),
            Segments = segments,
        };
    }

    /// <summary>Maps Twilio's <c>MessageStatus</c> word (case-insensitive).</summary>
    /// <param name="messageStatus">The status word.</param>
    /// <returns>
    /// queued, accepted, scheduled → <see cref="DeliveryStatus.Queued"/>; sending, sent → <see cref="DeliveryStatus.Sent"/>;
    /// delivered → <see cref="DeliveryStatus.Delivered"/>; read → <see cref="DeliveryStatus.Read"/>; failed, canceled →
    /// <see cref="DeliveryStatus.Failed"/>; undelivered → <see cref="DeliveryStatus.Undelivered"/>; anything else →
    /// <see cref="DeliveryStatus.Unknown"/>.
    /// </returns>
    public static DeliveryStatus ToDeliveryStatus(string? messageStatus) => messageStatus?.Trim().ToLowerInvariant() switch
    {
        "queued" or "accepted" or "scheduled" => DeliveryStatus.Queued,
        "sending" or "sent" => DeliveryStatus.Sent,
        "delivered" => DeliveryStatus.Delivered,
        "read" => DeliveryStatus.Read,
        "failed" or "canceled" => DeliveryStatus.Failed,
        "undelivered" => DeliveryStatus.Undelivered,
        _ => DeliveryStatus.Unknown,
    };

    private static bool IsWhatsAppAddress(string? address) =>
        address is not null && address.StartsWith(WhatsAppAddress.Prefix, StringComparison.OrdinalIgnoreCase);

    private static string? First(IReadOnlyList<KeyValuePair<string, string>> parameters, string key)
    {
        foreach (var pair in parameters)
        {
            if (string.Equals(pair.Key, key, StringComparison.Ordinal))
            {
                return pair.Value;
            }
        }

        return null;
    }
}
