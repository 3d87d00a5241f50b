using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Nutritionist.Messaging.Delivery;
using Nutritionist.Messaging.Inbound;
using Nutritionist.Messaging.Internal;
using Nutritionist.Messaging.OptOut;
using Nutritionist.Messaging.PhoneNumbers;

namespace Nutritionist.Messaging;

/// <summary>
/// The library's <see cref="IMessagingClient"/>: normalises the recipient, picks the platform, checks the content and the
/// opt-out list, calls the provider registered for the platform, and reports every outcome as a <see cref="SendResult"/>.
/// </summary>
/// <remarks>
/// Thread-safe; registered as a singleton by <c>AddNutritionistMessaging</c>. It throws only for misuse (a null
/// message) and cancellation; everything that can happen to one message is in its result.
/// </remarks>
internal sealed class MessagingRouter : IMessagingClient
{
    private readonly MessagingOptions _options;
    private readonly IPhoneNumberNormalizer _normalizer;
    private readonly IOptOutStore _optOuts;
    private readonly IConversationWindowStore _windows;
    private readonly IDeliveryTracker _tracker;
    private readonly ISmsProvider? _sms;
    private readonly IWhatsAppProvider? _whatsApp;
    private readonly ILogger _logger;

    public MessagingRouter(
        IOptions<MessagingOptions> options,
        IPhoneNumberNormalizer normalizer,
        IOptOutStore optOuts,
        IConversationWindowStore windows,
        IDeliveryTracker tracker,
        IEnumerable<ISmsProvider> smsProviders,
        IEnumerable<IWhatsAppProvider> whatsAppProviders,
        ILogger<MessagingRouter>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _normalizer = normalizer;
        _optOuts = optOuts;
        _windows = windows;
        _tracker = tracker;

        // Registration replaces, so there is at most one of each; the last one wins if a host added more by hand.
        _sms = smsProviders.LastOrDefault();
        _whatsApp = whatsAppProviders.LastOrDefault();
        _logger = logger ?? (ILogger)NullLogger.Instance;
    }

    public async Task<SendResult> SendAsync(OutboundMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        cancellationToken.ThrowIfCancellationRequested();

        var platform = message.Platform ?? _options.DefaultPlatform;
        var number = _normalizer.Normalize(message.To);
        if (!number.IsValid)
        {
            return Reject(message, platform, null, MessagingErrorCode.InvalidRecipient, number.ErrorMessage);
        }

        var recipient = number.E164;
        if (platform == MessagingPlatform.Sms && !number.CanReceiveSms &&
            !(_options.AllowFixedLineSms && number.Kind == PhoneNumberKind.FixedLine))
        {
            return Reject(message, platform, recipient, MessagingErrorCode.InvalidRecipient,
                $"The number is a {number.Kind} line, which cannot receive SMS (set {nameof(MessagingOptions)}.{nameof(MessagingOptions.AllowFixedLineSms)} to send to fixed lines anyway).");
        }

        if (MessageValidator.Validate(message, platform) is { } problem)
        {
            return Reject(message, platform, recipient, MessagingErrorCode.InvalidMessage, problem);
        }

        if (await _optOuts.IsOptedOutAsync(recipient, platform, cancellationToken).ConfigureAwait(false))
        {
            return Reject(message, platform, recipient, MessagingErrorCode.OptedOut, $"The recipient opted out of {platform} messages.");
        }

        if (platform == MessagingPlatform.WhatsApp && message.Template is null && _options.EnforceWhatsAppSessionWindow &&
            !await _windows.IsOpenAsync(recipient, cancellationToken).ConfigureAwait(false))
        {
            return Reject(message, platform, recipient, MessagingErrorCode.SessionWindowClosed,
                "The recipient has not written on WhatsApp in the last 24 hours, so only a template may be sent (set Template).");
        }

        var result = await SendToProviderAsync(message, platform, number, cancellationToken).ConfigureAwait(false);
        if (result.IsSuccess)
        {
            await _tracker.RecordAcceptedAsync(result, CancellationToken.None).ConfigureAwait(false);
        }

        return result;
    }

    private async Task<SendResult> SendToProviderAsync(OutboundMessage message, MessagingPlatform platform, PhoneNumberInfo number, CancellationToken cancellationToken)
    {
        var recipient = number.E164!;
        var providerName = platform == MessagingPlatform.Sms ? _sms?.Name : _whatsApp?.Name;
        if (providerName is null)
        {
            var registration = platform == MessagingPlatform.Sms ? "AddAwsSms() (or AddSmsProvider)" : "AddTwilioWhatsApp() (or AddWhatsAppProvider)";
            var error = new MessagingError(MessagingErrorCode.NotConfigured, $"No {platform} provider is registered; call {registration} on the builder returned by AddNutritionistMessaging().");
            Log.Failed(_logger, platform, PhoneNumberMasking.Mask(recipient), "(none)", error.Code, null, error.Message);
            return new SendResult { Status = SendStatus.Failed, Platform = platform, Recipient = recipient, Error = error, ClientReference = message.ClientReference };
        }

        Log.Body(_logger, platform, recipient, message.Body);
        try
        {
            var receipt = platform == MessagingPlatform.Sms
                ? await _sms!.SendAsync(ToSms(message, number), cancellationToken).ConfigureAwait(false)
                : await _whatsApp!.SendAsync(ToWhatsApp(message, number), cancellationToken).ConfigureAwait(false);

            Log.Accepted(_logger, platform, receipt.MessageId, PhoneNumberMasking.Mask(recipient), providerName);
            return new SendResult
            {
                Status = SendStatus.Accepted,
                Platform = platform,
                MessageId = receipt.MessageId,
                ProviderName = providerName,
                Recipient = recipient,
                ClientReference = message.ClientReference,
                OriginationIdentity = receipt.OriginationIdentity,
                Attempts = 1,
            };
        }
        catch (MessagingException e)
        {
            var status = SendOutcome.StatusOf(e);
            var masked = PhoneNumberMasking.Mask(recipient);
            var reason = LogRedaction.RedactPhoneNumbers(e.Message);
            switch (status)
            {
                case SendStatus.Unknown:
                    Log.Unknown(_logger, platform, masked, providerName, e.Code, e.ProviderCode, reason);
                    break;
                case SendStatus.Rejected:
                    Log.Rejected(_logger, platform, masked, e.Code, reason);
                    break;
                default:
                    Log.Failed(_logger, platform, masked, providerName, e.Code, e.ProviderCode, reason);
                    break;
            }

            if (e.Code == MessagingErrorCode.OptedOut)
            {
                await RecordProviderOptOutAsync(recipient, platform, providerName).ConfigureAwait(false);
            }

            return new SendResult
            {
                Status = status,
                Platform = platform,
                ProviderName = providerName,
                Recipient = recipient,
                Error = e.ToError(),
                ClientReference = message.ClientReference,
                Attempts = 1,
            };
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // A provider must throw MessagingException; anything else is a provider bug. The request may have left,
            // so the honest answer is "unknown", never a silent success or a retry.
            Log.ProviderThrew(_logger, e, providerName, e.GetType().Name, platform, PhoneNumberMasking.Mask(recipient));
            return new SendResult
            {
                Status = SendStatus.Unknown,
                Platform = platform,
                ProviderName = providerName,
                Recipient = recipient,
                Error = new MessagingError(MessagingErrorCode.Unknown, $"The {providerName} provider failed with {e.GetType().Name}: {e.Message}") { Exception = e },
                ClientReference = message.ClientReference,
                Attempts = 1,
            };
        }
    }

    private async ValueTask RecordProviderOptOutAsync(string recipient, MessagingPlatform platform, string providerName)
    {
        try
        {
            // Not the caller's token: the provider has already said no, and the opt-out must be kept even if the caller gives up now.
            await _optOuts.OptOutAsync(recipient, platform, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            Log.OptOutRecordFailed(_logger, e, providerName, PhoneNumberMasking.Mask(recipient));
        }
    }

    private SendResult Reject(OutboundMessage message, MessagingPlatform platform, string? recipient, MessagingErrorCode code, string reason)
    {
        Log.Rejected(_logger, platform, PhoneNumberMasking.Mask(recipient ?? message.To), code, reason);
        return new SendResult
        {
            Status = SendStatus.Rejected,
            Platform = platform,
            Recipient = recipient,
            Error = new MessagingError(code, reason),
            ClientReference = message.ClientReference,
        };
    }

    private static SmsMessage ToSms(OutboundMessage message, PhoneNumberInfo number) =>
        new(number.E164!, message.Body)
        {
            RegionCode = number.RegionCode,
            MediaUrls = message.MediaUrls,
            ClientReference = message.ClientReference,
        };

    private static WhatsAppMessage ToWhatsApp(OutboundMessage message, PhoneNumberInfo number) =>
        new(number.E164!, message.Body)
        {
            RegionCode = number.RegionCode,
            MediaUrls = message.MediaUrls,
            Template = message.Template,
            ClientReference = message.ClientReference,
            StatusCallback = message.StatusCallback,
        };
}
