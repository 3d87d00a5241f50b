using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Nutritionist.Messaging.Delivery;
using Nutritionist.Messaging.Inbound;
using Nutritionist.Messaging.Meta.Internal;
using Nutritionist.Messaging.PhoneNumbers;

namespace Nutritionist.Messaging.Meta;

/// <summary>
/// Meta's WhatsApp webhooks for any host (ASP.NET Core, a Lambda function URL, a plain listener): the GET verification
/// handshake, and POST notifications checked against <c>X-Hub-Signature-256</c>, parsed, and handed to
/// <see cref="IInboundPipeline"/> (opt-out keywords and their reply, the 24-hour window, delivery tracking, then the
/// application's handlers). The result says which HTTP status to answer.
/// </summary>
/// <remarks>
/// <para>A POST is accepted only when <c>X-Hub-Signature-256</c> is <c>sha256=</c> and the hex HMAC-SHA256 of the exact
/// body bytes under <see cref="MetaWhatsAppOptions.AppSecret"/> (compared in constant time). A body that is correctly
/// signed but not a WhatsApp Business Account notification, or that has a message or status without its id, is refused
/// whole: nothing in it reaches the pipeline. Notifications of other fields (template status updates, account updates)
/// are accepted and ignored.</para>
/// <para>Messages of every type reach the pipeline: text as the body; image, video, audio, document and sticker as
/// <see cref="InboundMedia"/> whose <see cref="InboundMedia.Id"/> is Meta's media id and whose
/// <see cref="InboundMedia.Url"/> is the Graph API address that gives the download URL (a Bearer token is needed), with the
/// caption as body; quick-reply buttons and interactive button or list replies as <see cref="InboundMessage.ButtonPayload"/>
/// and <see cref="InboundMessage.ButtonText"/> with the title as body; a reaction as its emoji, replying to the reacted
/// message; a location as a <c>geo:</c> URI; shared contacts as their names; anything else with an empty body.</para>
/// <para>Statuses: sent → <see cref="DeliveryStatus.Sent"/>, delivered → <see cref="DeliveryStatus.Delivered"/>, read →
/// <see cref="DeliveryStatus.Read"/>, failed → <see cref="DeliveryStatus.Failed"/> with Meta's error code and title; the
/// tracker keeps its ordering rules (a final status is never undone).</para>
/// <para>An exception from the pipeline or a handler propagates: answer 500 so that Meta delivers the notification again
/// (handlers should be idempotent on <see cref="InboundMessage.ProviderMessageId"/>). Registered as a singleton by
/// <c>AddMetaWhatsApp()</c>. Thread-safe.</para>
/// </remarks>
public sealed class MetaWebhookProcessor
{
    /// <summary>The name of the signature header.</summary>
    public const string SignatureHeader = "X-Hub-Signature-256";

    /// <summary>The <see cref="InboundMessage.ProviderName"/> of messages that came through a Meta webhook.</summary>
    public const string ProviderName = MetaWhatsAppProvider.ProviderName;

    private const string SignaturePrefix = "sha256=";

    private readonly MetaWhatsAppOptions _options;
    private readonly IInboundPipeline _pipeline;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;

    /// <summary>Creates a processor.</summary>
    /// <param name="options">The Meta settings (app secret, verify token, API base URL and version for media addresses).</param>
    /// <param name="pipeline">Receives accepted messages and status updates.</param>
    /// <param name="logger">Logs outcomes (never the body, the signature or a full phone number).</param>
    /// <param name="timeProvider">Stamps items without a timestamp; <see cref="TimeProvider.System"/> when <see langword="null"/>.</param>
    public MetaWebhookProcessor(IOptions<MetaWhatsAppOptions> options, IInboundPipeline pipeline, ILogger<MetaWebhookProcessor>? logger = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(pipeline);
        _options = options.Value;
        _pipeline = pipeline;
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <summary>Answers the GET verification handshake Meta makes when the webhook URL is saved.</summary>
    /// <param name="mode">The <c>hub.mode</c> query parameter; must be <c>subscribe</c>.</param>
    /// <param name="verifyToken">The <c>hub.verify_token</c> query parameter; must equal <see cref="MetaWhatsAppOptions.VerifyToken"/>.</param>
    /// <param name="challenge">The <c>hub.challenge</c> query parameter, echoed back when the token matches.</param>
    /// <returns><see cref="MetaWebhookOutcome.Verified"/> with the challenge as <see cref="MetaWebhookResult.Body"/>, or why not.</returns>
    public MetaWebhookResult Verify(string? mode, string? verifyToken, string? challenge)
    {
        if (string.IsNullOrEmpty(_options.VerifyToken))
        {
            return Refuse(MetaWebhookOutcome.NotConfigured, "NutritionistMessaging:Meta:VerifyToken (META_WEBHOOK_VERIFY_TOKEN) is not set, so the verification handshake cannot be answered.");
        }

        if (!string.Equals(mode, "subscribe", StringComparison.Ordinal)
            || verifyToken is null
            || !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(verifyToken), Encoding.UTF8.GetBytes(_options.VerifyToken)))
        {
            Log.Verification(_logger, mode, nameof(MetaWebhookOutcome.VerificationFailed));
            return new MetaWebhookResult { Outcome = MetaWebhookOutcome.VerificationFailed, Error = "hub.mode is not 'subscribe' or hub.verify_token does not match the configured verify token." };
        }

        if (string.IsNullOrEmpty(challenge))
        {
            return Refuse(MetaWebhookOutcome.Malformed, "The verification request has no hub.challenge to echo.");
        }

        Log.Verification(_logger, mode, nameof(MetaWebhookOutcome.Verified));
        return new MetaWebhookResult { Outcome = MetaWebhookOutcome.Verified, Body = challenge };
    }

    /// <summary>Checks the signature of a POSTed notification, parses it and hands every message and status to the pipeline.</summary>
    /// <param name="body">The request body exactly as received (the signature covers these bytes).</param>
    /// <param name="signature">The <c>X-Hub-Signature-256</c> header value, or <see langword="null"/> when absent.</param>
    /// <param name="cancellationToken">Cancels the processing (pass the HTTP request's abort token).</param>
    /// <returns>The outcome, with what was handed to the pipeline.</returns>
    /// <exception cref="Exception">Whatever the pipeline or an application handler threw: answer 500 so that Meta retries.</exception>
    public async Task<MetaWebhookResult> ProcessAsync(ReadOnlyMemory<byte> body, string? signature, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrEmpty(_options.AppSecret))
        {
            return Refuse(MetaWebhookOutcome.NotConfigured, "NutritionistMessaging:Meta:AppSecret (META_APP_SECRET) is not set, so webhook signatures cannot be checked.");
        }

        if (string.IsNullOrWhiteSpace(signature))
        {
            return Refuse(MetaWebhookOutcome.MissingSignature, $"The request has no {SignatureHeader} header.");
        }

        if (!IsValidSignature(body.Span, signature, _options.AppSecret))
        {
            return Refuse(MetaWebhookOutcome.InvalidSignature, $"The {SignatureHeader} header does not match the body signed with the app secret.");
        }

        List<InboundMessage> messages = [];
        List<DeliveryStatusUpdate> statuses = [];
        try
        {
            using var document = JsonDocument.Parse(body);
            if (Parse(document.RootElement, messages, statuses) is { } problem)
            {
                return Refuse(MetaWebhookOutcome.Malformed, problem);
            }
        }
        catch (JsonException)
        {
            return Refuse(MetaWebhookOutcome.Malformed, "The body is not JSON.");
        }

        Log.WebhookAccepted(_logger, messages.Count, statuses.Count);
        var results = new List<InboundResult>(messages.Count);
        foreach (var message in messages)
        {
            try
            {
                var processed = await _pipeline.ProcessMessageAsync(message, cancellationToken).ConfigureAwait(false);
                results.Add(processed);
                Log.InboundHandled(_logger, message.ProviderMessageId!, PhoneNumberMasking.Mask(message.From), processed.Keyword, processed.Reply?.Status);
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                Log.WebhookHandlingFailed(_logger, e, message.ProviderMessageId!);
                throw;
            }
        }

        foreach (var update in statuses)
        {
            if (update.Status == DeliveryStatus.Unknown)
            {
                Log.UnrecognizedStatus(_logger, update.ProviderStatus ?? string.Empty, update.MessageId);
            }

            try
            {
                var changed = await _pipeline.ProcessDeliveryStatusAsync(update, cancellationToken).ConfigureAwait(false);
                Log.StatusHandled(_logger, update.MessageId, update.ProviderStatus ?? string.Empty, update.Status, changed);
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                Log.WebhookHandlingFailed(_logger, e, update.MessageId);
                throw;
            }
        }

        return new MetaWebhookResult { Outcome = MetaWebhookOutcome.Accepted, Messages = messages, MessageResults = results, Statuses = statuses };
    }

    /// <summary>Whether <paramref name="signature"/> is <c>sha256=</c> and the hex HMAC-SHA256 of <paramref name="body"/> under <paramref name="appSecret"/>.</summary>
    /// <param name="body">The exact body bytes.</param>
    /// <param name="signature">The <c>X-Hub-Signature-256</c> header value.</param>
    /// <param name="appSecret">The app secret.</param>
    /// <returns><see langword="true"/> when it matches; the comparison takes constant time.</returns>
    public static bool IsValidSignature(ReadOnlySpan<byte> body, string? signature, string appSecret)
    {
        ArgumentException.ThrowIfNullOrEmpty(appSecret);
        if (signature is null || !signature.StartsWith(SignaturePrefix, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var hex = signature.AsSpan(SignaturePrefix.Length).Trim();
        if (hex.Length != 64)
        {
            return false;
        }

        Span<byte> claimed = stackalloc byte[32];
        if (Convert.FromHexString(hex, claimed, out _, out var written) != System.Buffers.OperationStatus.Done || written != 32)
        {
            return false;
        }

        Span<byte> expected = stackalloc byte[32];
        HMACSHA256.HashData(Encoding.UTF8.GetBytes(appSecret), body, expected);
        return CryptographicOperations.FixedTimeEquals(claimed, expected);
    }

    /// <summary>Maps Meta's status word: sent, delivered, read, failed; anything else is <see cref="DeliveryStatus.Unknown"/>.</summary>
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

    /// <summary>Reads the notification into <paramref name="messages"/> and <paramref name="statuses"/>; returns the problem, or <see langword="null"/>.</summary>
    private string? Parse(JsonElement root, List<InboundMessage> messages, List<DeliveryStatusUpdate> statuses)
    {
        if (root.ValueKind != JsonValueKind.Object || Str(root, "object") != "whatsapp_business_account")
        {
            return "The body is not a WhatsApp Business Account notification (object must be 'whatsapp_business_account').";
        }

        if (!root.TryGetProperty("entry", out var entries) || entries.ValueKind != JsonValueKind.Array)
        {
            return "The notification has no entry array.";
        }

        foreach (var entry in entries.EnumerateArray())
        {
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

                if (ParseValue(value, messages, statuses) is { } problem)
                {
                    return problem;
                }
            }
        }

        return null;
    }

    private string? ParseValue(JsonElement value, List<InboundMessage> messages, List<DeliveryStatusUpdate> statuses)
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
                    media.Add(new InboundMedia(MediaUri(mediaId), Str(content, "mime_type")) { Id = mediaId, FileName = Str(content, "filename") });
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
            ProviderName = ProviderName,
        };
    }

    private Uri MediaUri(string mediaId) =>
        new($"{_options.BaseUrl.AbsoluteUri.TrimEnd('/')}/{Uri.EscapeDataString(_options.ApiVersion)}/{Uri.EscapeDataString(mediaId)}");

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

    private MetaWebhookResult Refuse(MetaWebhookOutcome outcome, string error)
    {
        Log.WebhookRefused(_logger, outcome.ToString());
        return new MetaWebhookResult { Outcome = outcome, Error = error };
    }
}
