using System.Globalization;
using System.Text.Json;
using Nutritionist.Messaging.Aws.Internal;
using Nutritionist.Messaging.CloudApi;
using Nutritionist.Messaging.Delivery;
using Nutritionist.Messaging.Inbound;

namespace Nutritionist.Messaging.Aws.Inbound;

/// <summary>
/// Reads the four SQS body forms: the SNS envelope (its <c>Message</c> is a JSON string holding one of the others), the
/// raw two-way SMS payload, the raw SMS/MMS event record, and the AWS End User Messaging Social WhatsApp event (whose
/// <c>whatsAppWebhookEntry</c> string holds one Cloud API webhook <c>entry</c>, read by <see cref="CloudApiWebhookReader"/>,
/// the reader Meta's webhook uses too). Never throws for bad input: the result says why.
/// </summary>
internal static class SqsBodyParser
{
    /// <summary>The provider name put on inbound messages, as the AWS SMS provider calls itself.</summary>
    public const string ProviderName = "aws-sms";

    /// <summary>The key under which the AWS provider puts <see cref="OutboundMessage.ClientReference"/> in <c>Context</c>.</summary>
    public const string ClientReferenceContextKey = "ClientReference";

    /// <summary>The provider name put on inbound WhatsApp messages from End User Messaging Social, as the AWS WhatsApp provider calls itself.</summary>
    public const string WhatsAppProviderName = AwsWhatsAppProvider.ProviderName;

    /// <summary>
    /// The prefix of <see cref="InboundMedia.Url"/> for WhatsApp media received through AWS: AWS serves no download address,
    /// so the URL only names the media id (<see cref="InboundMedia.Id"/>), which <c>GetWhatsAppMessageMedia</c> takes.
    /// </summary>
    public const string WhatsAppMediaUriPrefix = "urn:aws:social-messaging:whatsapp-media:";

    private const string PriceCurrency = "USD";

    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 16 };

    /// <summary>Reads an SQS body.</summary>
    /// <param name="body">The body.</param>
    /// <param name="receivedAt">When the message arrived (the SQS <c>SentTimestamp</c>), for payloads that carry no time.</param>
    public static SqsBody Parse(string? body, DateTimeOffset receivedAt)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return SqsBody.Invalid(InboundFailureReason.EmptyBody, "the body is empty");
        }

        return ParseJson(body, receivedAt, allowEnvelope: true);
    }

    /// <summary>Reads the <c>Message</c> of a (verified) SNS notification.</summary>
    public static SqsBody ParseSnsMessage(SnsEnvelope envelope, DateTimeOffset receivedAt)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        if (!envelope.IsNotification)
        {
            // SQS subscriptions in the same account confirm themselves; a cross-account one is confirmed in the SNS console.
            return SqsBody.Ignored($"SNS {envelope.Type} for topic {envelope.TopicArn}");
        }

        if (DateTimeOffset.TryParse(envelope.Timestamp, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var published))
        {
            receivedAt = published;
        }

        var inner = ParseJson(envelope.Message, receivedAt, allowEnvelope: false);
        return inner.Kind == SqsBodyKind.Invalid ? inner with { Detail = "SNS Message: " + inner.Detail } : inner;
    }

    private static SqsBody ParseJson(string json, DateTimeOffset receivedAt, bool allowEnvelope)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, DocumentOptions);
        }
        catch (JsonException e)
        {
            // The position only: the exception message may quote the body.
            return SqsBody.Invalid(InboundFailureReason.MalformedJson, $"not JSON (line {e.LineNumber}, byte {e.BytePositionInLine})");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return SqsBody.Invalid(InboundFailureReason.UnknownShape, $"a JSON {root.ValueKind}, not an object");
            }

            if (SnsEnvelope.LooksLikeEnvelope(root))
            {
                if (!allowEnvelope)
                {
                    return SqsBody.Invalid(InboundFailureReason.UnknownShape, "an SNS envelope inside an SNS envelope");
                }

                var envelope = SnsEnvelope.From(root);
                return envelope is null
                    ? SqsBody.Invalid(InboundFailureReason.UnknownShape, "an SNS envelope of an unknown Type")
                    : new SqsBody { Kind = SqsBodyKind.SnsEnvelope, Envelope = envelope };
            }

            if (root.TryGetProperty("whatsAppWebhookEntry", out _) || IsSocialContext(root))
            {
                return ReadWhatsAppEvent(root, receivedAt);
            }

            if (root.TryGetProperty("eventType", out _))
            {
                return ReadEvent(root, receivedAt);
            }

            if (root.TryGetProperty("originationNumber", out _) || root.TryGetProperty("inboundMessageId", out _))
            {
                return ReadInbound(root, receivedAt);
            }

            return SqsBody.Invalid(InboundFailureReason.UnknownShape, "neither an SNS envelope, a two-way SMS payload, an SMS event nor a WhatsApp event");
        }
    }

    /// <summary>An event without <c>whatsAppWebhookEntry</c> that still has the Social header (<c>context.MetaWabaIds</c> or <c>MetaPhoneNumberIds</c>).</summary>
    private static bool IsSocialContext(JsonElement root) =>
        root.TryGetProperty("context", out var context) && context.ValueKind == JsonValueKind.Object
        && (context.TryGetProperty("MetaWabaIds", out _) || context.TryGetProperty("MetaPhoneNumberIds", out _));

    private static SqsBody ReadWhatsAppEvent(JsonElement root, DateTimeOffset receivedAt)
    {
        if (!root.TryGetProperty("whatsAppWebhookEntry", out var entryText) || entryText.ValueKind != JsonValueKind.String)
        {
            return SqsBody.Invalid(InboundFailureReason.WhatsAppEventMalformed, "WhatsApp event whose whatsAppWebhookEntry is missing or not a string");
        }

        JsonDocument entry;
        try
        {
            entry = JsonDocument.Parse(entryText.GetString()!, DocumentOptions);
        }
        catch (JsonException e)
        {
            return SqsBody.Invalid(InboundFailureReason.WhatsAppEventMalformed, $"WhatsApp event whose whatsAppWebhookEntry is not JSON (line {e.LineNumber}, byte {e.BytePositionInLine})");
        }

        using (entry)
        {
            if (entry.RootElement.ValueKind != JsonValueKind.Object)
            {
                return SqsBody.Invalid(InboundFailureReason.WhatsAppEventMalformed, $"WhatsApp event whose whatsAppWebhookEntry is a JSON {entry.RootElement.ValueKind}, not an object");
            }

            var eventId = NullIfEmpty(Text(root, "messageId"));
            List<InboundMessage> messages = [];
            List<DeliveryStatusUpdate> updates = [];
            var reader = new CloudApiWebhookReader(WhatsAppProviderName, static id => new Uri(WhatsAppMediaUriPrefix + Uri.EscapeDataString(id)), new FixedTime(receivedAt));
            if (reader.ReadEntry(entry.RootElement, messages, updates) is { } problem)
            {
                // The reader's problems name fields, never values.
                return SqsBody.Invalid(InboundFailureReason.WhatsAppEntryMalformed, $"WhatsApp event {eventId}: {problem}");
            }

            if (messages.Count == 0 && updates.Count == 0)
            {
                return SqsBody.Ignored($"WhatsApp event {eventId} holds no message and no status");
            }

            return new SqsBody { Kind = SqsBodyKind.WhatsAppEvent, Messages = messages, Updates = updates, EventId = eventId };
        }
    }

    private static SqsBody ReadInbound(JsonElement root, DateTimeOffset receivedAt)
    {
        var from = Text(root, "originationNumber");
        if (string.IsNullOrWhiteSpace(from))
        {
            return SqsBody.Invalid(InboundFailureReason.MissingField, "two-way SMS payload without originationNumber");
        }

        if (root.TryGetProperty("messageBody", out var bodyElement) && bodyElement.ValueKind is not (JsonValueKind.String or JsonValueKind.Null))
        {
            return SqsBody.Invalid(InboundFailureReason.MissingField, "two-way SMS payload whose messageBody is not a string");
        }

        var message = new InboundMessage(MessagingPlatform.Sms, from.Trim(), Text(root, "messageBody"))
        {
            To = NullIfEmpty(Text(root, "destinationNumber")),
            Keyword = NullIfEmpty(Text(root, "messageKeyword")),
            ProviderMessageId = NullIfEmpty(Text(root, "inboundMessageId")),
            InReplyToMessageId = NullIfEmpty(Text(root, "previousPublishedMessageId")),
            ReceivedAt = receivedAt,
            ProviderName = ProviderName,
        };
        return new SqsBody { Kind = SqsBodyKind.InboundMessage, Message = message };
    }

    private static SqsBody ReadEvent(JsonElement root, DateTimeOffset receivedAt)
    {
        var eventType = Text(root, "eventType");
        if (string.IsNullOrEmpty(eventType))
        {
            return SqsBody.Invalid(InboundFailureReason.MissingField, "event record whose eventType is not a string");
        }

        var status = AwsSmsEventStatus.FromEvent(eventType, Flag(root, "isFinal"));
        if (status is null)
        {
            return SqsBody.Ignored($"event {eventType} is not an SMS or MMS event");
        }

        var messageId = Text(root, "messageId");
        if (string.IsNullOrEmpty(messageId))
        {
            return SqsBody.Invalid(InboundFailureReason.MissingField, $"event {eventType} without messageId");
        }

        var price = Number(root, "totalMessagePrice");
        var carrierFee = Number(root, "totalCarrierFee");
        decimal? total = price is null && carrierFee is null ? null : (price ?? 0m) + (carrierFee ?? 0m);
        var parts = Number(root, "totalMessageParts");
        var timestamp = Number(root, "eventTimestamp");
        var messageStatus = NullIfEmpty(Text(root, "messageStatus"));

        var (deliveryStatus, isFailure) = status.Value;

        var update = new DeliveryStatusUpdate(messageId, MessagingPlatform.Sms, deliveryStatus)
        {
            ProviderStatus = eventType,
            ErrorCode = isFailure ? messageStatus : null,
            ErrorMessage = isFailure ? NullIfEmpty(Text(root, "messageStatusDescription")) : null,
            Timestamp = timestamp is { } ms && ms is >= 0 and <= 253402300799999m
                ? DateTimeOffset.FromUnixTimeMilliseconds((long)ms)
                : receivedAt,
            Recipient = NullIfEmpty(Text(root, "destinationPhoneNumber")),
            Price = total,
            PriceCurrency = total is null ? null : PriceCurrency,
            Segments = parts is { } p && p is >= 0 and <= int.MaxValue ? (int)p : null,
            ClientReference = root.TryGetProperty("context", out var context) && context.ValueKind == JsonValueKind.Object
                ? NullIfEmpty(Text(context, ClientReferenceContextKey))
                : null,
        };
        return new SqsBody { Kind = SqsBodyKind.DeliveryStatus, Update = update };
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>A JSON boolean, or a string holding one (tolerated, as for numbers); <see langword="null"/> when absent or neither.</summary>
    private static bool? Flag(JsonElement element, string name)
    {
        if (!element.TryGetProperty(name, out var value))
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            JsonValueKind.String when bool.TryParse(value.GetString(), out var b) => b,
            _ => null,
        };
    }

    /// <summary>A JSON number, or a string holding one (tolerated: some event pipelines stringify numbers).</summary>
    private static decimal? Number(JsonElement element, string name)
    {
        if (!element.TryGetProperty(name, out var value))
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.Number when value.TryGetDecimal(out var d) => d,
            JsonValueKind.String when decimal.TryParse(value.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var s) => s,
            _ => null,
        };
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    /// <summary>Stamps Cloud API items without a usable timestamp with the time the event was published or queued.</summary>
    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
