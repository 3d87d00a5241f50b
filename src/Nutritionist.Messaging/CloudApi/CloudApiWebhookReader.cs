using System.Globalization;
using System.Text.Json;
using Nutritionist.Messaging.Delivery;
using Nutritionist.Messaging.Inbound;

namespace Nutritionist.Messaging.CloudApi;

/// <summary>
/// Reads the WhatsApp Cloud API webhook payload (the <c>entry[].changes[].value</c> objects Meta sends) into inbound
/// messages and delivery status updates. Every provider that receives Cloud API webhooks reads them here: Meta's own
/// webhook, and AWS End User Messaging Social, which carries one <c>entry</c> element in its SNS events.
/// </summary>
/// <remarks>
/// <para>Only changes whose <c>field</c> is <c>messages</c> are read; others (template status, account updates) are
/// skipped. A message or status without its id (or a message without its sender or type) makes the whole payload refused:
/// the methods return the problem and the caller hands nothing of it on.</para>
/// <para>Messages of every type are read: text as the body; image, video, audio, document and sticker as
/// <see cref="InboundMedia"/> whose <see cref="InboundMedia.Id"/> is the media id and whose <see cref="InboundMedia.Url"/>
/// comes from the media address function given to the constructor, with the caption as body; quick-reply buttons and
/// interactive button or list replies as <see cref="InboundMessage.ButtonPayload"/> and <see cref="InboundMessage.ButtonText"/>
/// with the title as body; a reaction as its emoji, replying to the reacted message; a location as a <c>geo:</c> URI;
/// shared contacts as their names; anything else with an empty body.</para>
/// <para>Statuses: sent → <see cref="DeliveryStatus.Sent"/>, delivered → <see cref="DeliveryStatus.Delivered"/>, read →
/// <see cref="DeliveryStatus.Read"/>, failed → <see cref="DeliveryStatus.Failed"/> with the first error's code and title
/// (and details); anything else is <see cref="DeliveryStatus.Unknown"/> with the word kept in
/// <see cref="DeliveryStatusUpdate.ProviderStatus"/>. <c>biz_opaque_callback_data</c> becomes
/// <see cref="DeliveryStatusUpdate.ClientReference"/>.</para>
/// <para>Stateless and thread-safe.</para>
/// </remarks>
internal sealed class CloudApiWebhookReader
{
    private readonly string _providerName;
    private readonly Func<string, Uri> _mediaUri;
    private readonly TimeProvider _timeProvider;

    /// <summary>Creates a reader.</summary>
    /// <param name="providerName">The <see cref="InboundMessage.ProviderName"/> put on the messages read.</param>
    /// <param name="mediaUri">Gives the <see cref="InboundMedia.Url"/> of a media id.</param>
    /// <param name="timeProvider">Stamps items without a usable timestamp; <see cref="TimeProvider.System"/> when <see langword="null"/>.</param>
    /// <exception cref="ArgumentException"><paramref name="providerName"/> is null or empty, or <paramref name="mediaUri"/> is null.</exception>
    public CloudApiWebhookReader(string providerName, Func<string, Uri> mediaUri, TimeProvider? timeProvider = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(providerName);
        ArgumentNullException.ThrowIfNull(mediaUri);
        _providerName = providerName;
        _mediaUri = mediaUri;
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <summary>Maps the Cloud API's status word: sent, delivered, read, failed; anything else is <see cref="DeliveryStatus.Unknown"/>.</summary>
    /// <param name="status">The <c>statuses[].status</c> value.</param>
    /// <returns>The core status.</returns>
    public static DeliveryStatus ToDeliveryStatus(string? status) => status?.Trim().ToLowerInvariant() switch
    {
        "sent" => DeliveryStatus.Sent,
        "delivered" => DeliveryStatus.Delivered,
        "read" => DeliveryStatus.Read,
        "failed" => DeliveryStatus.Failed,
        _ => DeliveryStatus.Unknown,
    };

    /// <summary>Reads a whole webhook notification (<c>{"object":"whatsapp_business_account","entry":[…]}</c>).</summary>
    /// <param name="notification">The parsed body.</param>
    /// <param name="messages">Receives the messages, in order.</param>
    /// <param name="statuses">Receives the status updates, in order.</param>
    /// <returns>The problem that makes the notification unreadable, or <see langword="null"/> when it was read.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="messages"/> or <paramref name="statuses"/> is <see langword="null"/>.</exception>
    public string? ReadNotification(JsonElement notification, ICollection<InboundMessage> messages, ICollection<DeliveryStatusUpdate> statuses)
    {
        ArgumentNullException.ThrowIfNull(messages);
        ArgumentNullException.ThrowIfNull(statuses);
        if (notification.ValueKind != JsonValueKind.Object || Str(notification, "object") != "whatsapp_business_account")
        {
            return "The body is not a WhatsApp Business Account notification (object must be 'whatsapp_business_account').";
        }

        if (!notification.TryGetProperty("entry", out var entries) || entries.ValueKind != JsonValueKind.Array)
        {
            return "The notification has no entry array.";
        }

        foreach (var entry in entries.EnumerateArray())
        {
            if (ReadEntry(entry, messages, statuses) is { } problem)
            {
                return problem;
            }
        }

        return null;
    }

    /// <summary>Reads one element of the notification's <c>entry</c> array (<c>{"id":…,"changes":[…]}</c>).</summary>
    /// <param name="entry">The entry.</param>
    /// <param name="messages">Receives the messages, in order.</param>
    /// <param name="statuses">Receives the status updates, in order.</param>
    /// <returns>The problem that makes the entry unreadable, or <see langword="null"/> when it was read.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="messages"/> or <paramref name="statuses"/> is <see langword="null"/>.</exception>
    public string? ReadEntry(JsonElement entry, ICollection<InboundMessage> messages, ICollection<DeliveryStatusUpdate> statuses)
    {
        ArgumentNullException.ThrowIfNull(messages);
        ArgumentNullException.ThrowIfNull(statuses);
        if (entry.ValueKind != JsonValueKind.Object || !entry.TryGetProperty("changes", out var changes) || changes.ValueKind != JsonValueKind.Array)
        {
            return "An entry has no changes array.";
        }

        foreach (var change in changes.EnumerateArray())
        {
            if (change.ValueKind != JsonValueKind.Object)
            {
                return "A change is not an object.";
            }

            // Other fields (template status, account updates) are not messages; they are accepted and left alone.
            if (Str(change, "field") != "messages")
            {
                continue;
            }

            if (!change.TryGetProperty("value", out var value) || value.ValueKind != JsonValueKind.Object)
            {
                return "A messages change has no value object.";
            }

            if (ReadValue(value, messages, statuses) is { } problem)
            {
                return problem;
            }
        }

        return null;
    }

    private string? ReadValue(JsonElement value, ICollection<InboundMessage> messages, ICollection<DeliveryStatusUpdate> statuses)
    {
        string? to = null;
        if (value.TryGetProperty("metadata", out var metadata) && metadata.ValueKind == JsonValueKind.Object)
        {
            to = E164(Str(metadata, "display_phone_number"));
        }

        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var contact in Array(value, "contacts"))
        {
            if (Str(contact, "wa_id") is { } waId && contact.TryGetProperty("profile", out var profile) && profile.ValueKind == JsonValueKind.Object && Str(profile, "name") is { } name)
            {
                names[waId] = name;
            }
        }

        foreach (var item in Array(value, "messages"))
        {
            var from = Str(item, "from");
            var id = Str(item, "id");
            var type = Str(item, "type");
            if (E164(from) is not { } sender || string.IsNullOrEmpty(id) || string.IsNullOrEmpty(type))
            {
                return "A message lacks its from, id or type.";
            }

            messages.Add(ToInboundMessage(item, type, sender, id, to, names.GetValueOrDefault(from!)));
        }

        foreach (var item in Array(value, "statuses"))
        {
            var id = Str(item, "id");
            var word = Str(item, "status");
            if (string.IsNullOrEmpty(id) || string.IsNullOrEmpty(word))
            {
                return "A status lacks its id or status.";
            }

            string? errorCode = null, errorMessage = null;
            foreach (var error in Array(item, "errors"))
            {
                errorCode = error.TryGetProperty("code", out var code) && code.ValueKind == JsonValueKind.Number ? code.GetRawText() : Str(error, "code");
                var details = error.TryGetProperty("error_data", out var data) && data.ValueKind == JsonValueKind.Object ? Str(data, "details") : null;
                errorMessage = string.Join(": ", new[] { Str(error, "title"), details ?? Str(error, "message") }.Where(static s => !string.IsNullOrEmpty(s)));
                break;
            }

            statuses.Add(new DeliveryStatusUpdate(id, MessagingPlatform.WhatsApp, ToDeliveryStatus(word))
            {
                ProviderStatus = word,
                ErrorCode = errorCode,
                ErrorMessage = string.IsNullOrEmpty(errorMessage) ? null : errorMessage,
                Timestamp = TimeOf(item),
                Recipient = E164(Str(item, "recipient_id")),
                ClientReference = Str(item, "biz_opaque_callback_data"),
            });
        }

        return null;
    }

    private InboundMessage ToInboundMessage(JsonElement item, string type, string from, string id, string? to, string? profileName)
    {
        var content = item.TryGetProperty(type, out var c) && c.ValueKind == JsonValueKind.Object ? c : default;
        string? body = null, buttonPayload = null, buttonText = null, inReplyTo = null;
        List<InboundMedia> media = [];
        switch (type)
        {
            case "text":
                body = Str(content, "body");
                break;
            case "image" or "video" or "audio" or "document" or "sticker":
                body = Str(content, "caption");
                if (Str(content, "id") is { } mediaId)
                {
                    media.Add(new InboundMedia(_mediaUri(mediaId), Str(content, "mime_type")) { Id = mediaId, FileName = Str(content, "filename") });
                }

                break;
            case "button":
                buttonPayload = Str(content, "payload");
                buttonText = Str(content, "text");
                body = buttonText;
                break;
            case "interactive":
                var reply = Str(content, "type") is { } kind && content.TryGetProperty(kind, out var r) && r.ValueKind == JsonValueKind.Object ? r : default;
                buttonPayload = Str(reply, "id");
                buttonText = Str(reply, "title");
                body = buttonText;
                break;
            case "reaction":
                body = Str(content, "emoji");
                inReplyTo = Str(content, "message_id");
                break;
            case "location":
                if (content.ValueKind == JsonValueKind.Object && content.TryGetProperty("latitude", out var lat) && content.TryGetProperty("longitude", out var lon)
                    && lat.ValueKind == JsonValueKind.Number && lon.ValueKind == JsonValueKind.Number)
                {
                    body = "geo:" + lat.GetRawText() + "," + lon.GetRawText();
                }

                break;
            case "contacts":
                body = string.Join(", ", Array(item, "contacts")
                    .Select(static x => x.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.Object ? Str(n, "formatted_name") : null)
                    .Where(static n => !string.IsNullOrEmpty(n)));
                break;
            case "system":
                body = Str(content, "body");
                break;
            default:
                break;
        }

        if (inReplyTo is null && item.TryGetProperty("context", out var context) && context.ValueKind == JsonValueKind.Object)
        {
            inReplyTo = Str(context, "id");
        }

        return new InboundMessage(MessagingPlatform.WhatsApp, from, body)
        {
            To = to,
            Media = media,
            ProviderMessageId = id,
            ReceivedAt = TimeOf(item),
            ProfileName = profileName,
            InReplyToMessageId = inReplyTo,
            ButtonPayload = buttonPayload,
            ButtonText = buttonText,
            ProviderName = _providerName,
        };
    }

    private DateTimeOffset TimeOf(JsonElement item) =>
        long.TryParse(Str(item, "timestamp"), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds > 0 && seconds < 253402300800
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : _timeProvider.GetUtcNow();

    private static string? E164(string? waId)
    {
        if (string.IsNullOrEmpty(waId))
        {
            return null;
        }

        var digits = waId.StartsWith('+') ? waId[1..] : waId;
        return digits.Length is > 0 and <= 15 && digits.AsSpan().IndexOfAnyExceptInRange('0', '9') < 0 ? "+" + digits : null;
    }

    private static IEnumerable<JsonElement> Array(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Array
            ? value.EnumerateArray().Where(static e => e.ValueKind == JsonValueKind.Object)
            : [];

    private static string? Str(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
