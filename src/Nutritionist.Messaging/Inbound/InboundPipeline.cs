using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Nutritionist.Messaging.Delivery;
using Nutritionist.Messaging.Internal;
using Nutritionist.Messaging.OptOut;
using Nutritionist.Messaging.PhoneNumbers;
using Nutritionist.Messaging.Telemetry;

namespace Nutritionist.Messaging.Inbound;

/// <summary>The library's <see cref="IInboundPipeline"/>.</summary>
internal sealed class InboundPipeline : IInboundPipeline
{
    private readonly MessagingOptions _options;
    private readonly IOptOutStore _optOuts;
    private readonly IConversationWindowStore _windows;
    private readonly IDeliveryTracker _tracker;
    private readonly IInboundMessageHandler[] _messageHandlers;
    private readonly IDeliveryStatusHandler[] _statusHandlers;
    private readonly ISmsProvider? _sms;
    private readonly IWhatsAppProvider? _whatsApp;
    private readonly MessagingInstrumentation? _instrumentation;
    private readonly ILogger _logger;

    public InboundPipeline(
        IOptions<MessagingOptions> options,
        IOptOutStore optOuts,
        IConversationWindowStore windows,
        IDeliveryTracker tracker,
        IEnumerable<IInboundMessageHandler> messageHandlers,
        IEnumerable<IDeliveryStatusHandler> statusHandlers,
        IEnumerable<ISmsProvider> smsProviders,
        IEnumerable<IWhatsAppProvider> whatsAppProviders,
        MessagingInstrumentation? instrumentation = null,
        ILogger<InboundPipeline>? logger = null)
    {
        _options = options.Value;
        _optOuts = optOuts;
        _windows = windows;
        _tracker = tracker;
        _messageHandlers = [.. messageHandlers];
        _statusHandlers = [.. statusHandlers];
        _sms = smsProviders.LastOrDefault();
        _whatsApp = whatsAppProviders.LastOrDefault();
        _instrumentation = instrumentation;
        _logger = logger ?? (ILogger)NullLogger.Instance;
    }

    public async Task<InboundResult> ProcessMessageAsync(InboundMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        var masked = PhoneNumberMasking.Mask(message.From);
        Log.InboundReceived(_logger, message.Platform, masked, message.ProviderMessageId);
        Log.InboundBody(_logger, message.Platform, masked, message.Body);

        if (message.Platform == MessagingPlatform.WhatsApp)
        {
            await _windows.RecordInboundAsync(message.From, message.ReceivedAt, cancellationToken).ConfigureAwait(false);
        }

        var keywords = _options.Keywords;
        var kind = Classify(message.Body, keywords);
        if (kind == KeywordKind.None && message.Keyword is { Length: > 0 } providerKeyword)
        {
            kind = Classify(providerKeyword, keywords);
        }

        _instrumentation?.RecordInbound(message.Platform, kind);
        SendResult? reply = null;
        if (kind != KeywordKind.None)
        {
            reply = await ApplyKeywordAsync(message, kind, keywords, cancellationToken).ConfigureAwait(false);
        }

        foreach (var handler in _messageHandlers)
        {
            await handler.HandleAsync(message, cancellationToken).ConfigureAwait(false);
        }

        return new InboundResult(kind, reply);
    }

    public async Task<bool> ProcessDeliveryStatusAsync(DeliveryStatusUpdate update, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(update);
        var changed = await _tracker.ApplyAsync(update, cancellationToken).ConfigureAwait(false);
        Log.DeliveryUpdate(_logger, update.Platform, update.MessageId, update.Status, update.ErrorCode, changed);
        _instrumentation?.RecordDelivery(update, changed);
        foreach (var handler in _statusHandlers)
        {
            await handler.HandleAsync(update, cancellationToken).ConfigureAwait(false);
        }

        return changed;
    }

    /// <summary>Recognises a keyword: the whole message, case- and white-space-insensitive.</summary>
    internal static KeywordKind Classify(string text, KeywordOptions keywords)
    {
        var trimmed = text.AsSpan().Trim();
        if (trimmed.IsEmpty || trimmed.Length > 32)
        {
            return KeywordKind.None;
        }

        var normalised = CollapseWhiteSpace(trimmed).TrimEnd('.').TrimEnd('!');
        return keywords.OptOut.Contains(normalised) ? KeywordKind.OptOut
            : keywords.OptIn.Contains(normalised) ? KeywordKind.OptIn
            : keywords.Help.Contains(normalised) ? KeywordKind.Help
            : KeywordKind.None;
    }

    private static string CollapseWhiteSpace(ReadOnlySpan<char> text)
    {
        Span<char> buffer = stackalloc char[text.Length];
        var length = 0;
        var previousSpace = false;
        foreach (var c in text)
        {
            var space = char.IsWhiteSpace(c);
            if (space && previousSpace)
            {
                continue;
            }

            buffer[length++] = space ? ' ' : c;
            previousSpace = space;
        }

        return new string(buffer[..length]);
    }

    private async Task<SendResult?> ApplyKeywordAsync(InboundMessage message, KeywordKind kind, KeywordOptions keywords, CancellationToken cancellationToken)
    {
        var masked = PhoneNumberMasking.Mask(message.From);
        string? replyText;
        switch (kind)
        {
            case KeywordKind.OptOut:
                // "STOP ALL" ends every platform; a plain STOP ends the one it came on.
                var all = CollapseWhiteSpace(message.Body.AsSpan().Trim()).Replace(" ", string.Empty, StringComparison.Ordinal)
                    .Equals("STOPALL", StringComparison.OrdinalIgnoreCase);
                await _optOuts.OptOutAsync(message.From, all ? null : message.Platform, cancellationToken).ConfigureAwait(false);
                Log.OptedOut(_logger, message.Platform, masked, all);
                replyText = keywords.OptOutReply;
                break;
            case KeywordKind.OptIn:
                await _optOuts.OptInAsync(message.From, message.Platform, cancellationToken).ConfigureAwait(false);
                Log.OptedIn(_logger, message.Platform, masked);
                replyText = keywords.OptInReply;
                break;
            default:
                replyText = keywords.HelpReply;
                break;
        }

        var libraryReplies = message.Platform == MessagingPlatform.WhatsApp || keywords.SelfManagedSmsOptOuts;
        if (!libraryReplies || string.IsNullOrWhiteSpace(replyText))
        {
            return null;
        }

        // The confirmation goes straight to the provider: after STOP the opt-out gate would (rightly) block anything else.
        return await ReplyAsync(message, replyText, cancellationToken).ConfigureAwait(false);
    }

    private async Task<SendResult> ReplyAsync(InboundMessage message, string text, CancellationToken cancellationToken)
    {
        var platform = message.Platform;
        var providerName = platform == MessagingPlatform.Sms ? _sms?.Name : _whatsApp?.Name;
        if (providerName is null)
        {
            return new SendResult
            {
                Status = SendStatus.Failed,
                Platform = platform,
                Recipient = message.From,
                Error = new MessagingError(MessagingErrorCode.NotConfigured, $"No {platform} provider is registered to send the keyword reply."),
            };
        }

        try
        {
            var receipt = platform == MessagingPlatform.Sms
                ? await _sms!.SendAsync(new SmsMessage(message.From, text), cancellationToken).ConfigureAwait(false)
                : await _whatsApp!.SendAsync(new WhatsAppMessage(message.From, text), cancellationToken).ConfigureAwait(false);
            return new SendResult { Status = SendStatus.Accepted, Platform = platform, MessageId = receipt.MessageId, ProviderName = providerName, Recipient = message.From, Attempts = 1 };
        }
        catch (MessagingException e)
        {
            // The keyword itself is recorded; a failed confirmation must not make the provider redeliver the STOP.
            Log.KeywordReplyFailed(_logger, platform, PhoneNumberMasking.Mask(message.From), e.Code, LogRedaction.RedactPhoneNumbers(e.Message));
            return new SendResult { Status = SendOutcome.StatusOf(e), Platform = platform, ProviderName = providerName, Recipient = message.From, Error = e.ToError(), Attempts = 1 };
        }
    }
}
