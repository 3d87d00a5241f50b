using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Nutritionist.Messaging.CloudApi;
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
    private readonly CloudApiWebhookReader _reader;
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
        var settings = _options;
        _reader = new CloudApiWebhookReader(
            ProviderName,
            mediaId => new Uri($"{settings.BaseUrl.AbsoluteUri.TrimEnd('/')}/{Uri.EscapeDataString(settings.ApiVersion)}/{Uri.EscapeDataString(mediaId)}"),
            timeProvider);
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
            if (_reader.ReadNotification(document.RootElement, messages, statuses) is { } problem)
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
    public static DeliveryStatus ToDeliveryStatus(string? status) => CloudApiWebhookReader.ToDeliveryStatus(status);

    private MetaWebhookResult Refuse(MetaWebhookOutcome outcome, string error)
    {
        Log.WebhookRefused(_logger, outcome.ToString());
        return new MetaWebhookResult { Outcome = outcome, Error = error };
    }
}
