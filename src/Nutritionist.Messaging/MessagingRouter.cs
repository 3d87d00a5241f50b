using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Nutritionist.Messaging.Costs;
using Nutritionist.Messaging.Delivery;
using Nutritionist.Messaging.Formatting;
using Nutritionist.Messaging.Idempotency;
using Nutritionist.Messaging.Inbound;
using Nutritionist.Messaging.Internal;
using Nutritionist.Messaging.OptOut;
using Nutritionist.Messaging.PhoneNumbers;
using Nutritionist.Messaging.Reliability;
using Nutritionist.Messaging.Telemetry;

namespace Nutritionist.Messaging;

/// <summary>
/// The library's <see cref="IMessagingClient"/>: normalises the recipient, picks the platform, checks the content, the
/// opt-out list and the WhatsApp window, sends through the provider's resilience pipeline (retry where nothing was
/// sent, circuit breaker, rate limit), falls back to SMS when configured, and reports every outcome as a
/// <see cref="SendResult"/>.
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
    private readonly IMessagingCostEstimator? _costs;
    private readonly MessagingInstrumentation? _instrumentation;
    private readonly TimeProvider _time;
    private readonly ISmsProvider? _sms;
    private readonly IWhatsAppProvider? _whatsApp;
    // Bound once: a method group passed per call would allocate a delegate on every send.
    private readonly Func<SmsMessage, CancellationToken, Task<ProviderReceipt>>? _sendSms;
    private readonly Func<WhatsAppMessage, CancellationToken, Task<ProviderReceipt>>? _sendWhatsApp;
    private readonly Lazy<SendPipeline>? _smsPipeline;
    private readonly Lazy<SendPipeline>? _whatsAppPipeline;
    private readonly ILogger _logger;
    private readonly SendClaimGate _claims;
    private readonly Func<OutboundMessage, CancellationToken, Task<SendResult>> _sendCore;

    public MessagingRouter(
        IOptions<MessagingOptions> options,
        IPhoneNumberNormalizer normalizer,
        IOptOutStore optOuts,
        IConversationWindowStore windows,
        IDeliveryTracker tracker,
        IEnumerable<ISmsProvider> smsProviders,
        IEnumerable<IWhatsAppProvider> whatsAppProviders,
        TimeProvider? timeProvider = null,
        IMessagingCostEstimator? costs = null,
        MessagingInstrumentation? instrumentation = null,
        ILogger<MessagingRouter>? logger = null,
        ISendClaimStore? sendClaims = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _normalizer = normalizer;
        _optOuts = optOuts;
        _windows = windows;
        _tracker = tracker;
        _costs = costs;
        _instrumentation = instrumentation;
        _logger = logger ?? (ILogger)NullLogger.Instance;
        var time = timeProvider ?? TimeProvider.System;
        _time = time;
        _claims = new SendClaimGate(sendClaims ?? new InMemorySendClaimStore(time), _options, _logger);
        _sendCore = SendCoreAsync;

        // Registration replaces, so there is at most one of each; the last one wins if a host added more by hand.
        _sms = smsProviders.LastOrDefault();
        _whatsApp = whatsAppProviders.LastOrDefault();
        _sendSms = _sms is null ? null : _sms.SendAsync;
        _sendWhatsApp = _whatsApp is null ? null : _whatsApp.SendAsync;

        // Built on first use: an SMS-only host (or a Lambda's first request) does not pay for the WhatsApp pipeline.
        _smsPipeline = _sms is null ? null : new Lazy<SendPipeline>(() => new SendPipeline(MessagingPlatform.Sms, _sms.Name, _options, time, _logger, instrumentation));
        _whatsAppPipeline = _whatsApp is null ? null : new Lazy<SendPipeline>(() => new SendPipeline(MessagingPlatform.WhatsApp, _whatsApp.Name, _options, time, _logger, instrumentation));
    }

    /// <summary>The pipeline for a platform (tests and telemetry read its rate limiter).</summary>
    internal SendPipeline? PipelineFor(MessagingPlatform platform) => (platform == MessagingPlatform.Sms ? _smsPipeline : _whatsAppPipeline)?.Value;

    // Two async layers of the router's own: this one (a Task, as the interface says) and a pooled ValueTask per platform
    // attempt. A send waits for the network, and every async layer that is suspended then costs a state machine box.
    public Task<SendResult> SendAsync(OutboundMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        return cancellationToken.IsCancellationRequested ? Task.FromCanceled<SendResult>(cancellationToken)
            : string.IsNullOrEmpty(message.ClientReference) ? SendCoreAsync(message, cancellationToken)
            : _claims.SendOnceAsync(message, _sendCore, cancellationToken); // idempotent across instances
    }

    private async Task<SendResult> SendCoreAsync(OutboundMessage message, CancellationToken cancellationToken)
    {
        var instrumentation = _instrumentation;
        var started = instrumentation is null ? 0 : _time.GetTimestamp();
        using var activity = instrumentation?.StartSend(message.Platform, message.To);

        var platform = message.Platform ?? _options.DefaultPlatform;
        var number = _normalizer.Normalize(message.To);
        SendResult result;
        if (!number.IsValid)
        {
            result = Reject(message, platform, null, MessagingErrorCode.InvalidRecipient, number.ErrorMessage);
        }
        else
        {
            result = await SendOnPlatformAsync(message, platform, number, cancellationToken).ConfigureAwait(false);
            if (!result.IsSuccess && FallbackFor(message, platform, result) is { } fallback)
            {
                Log.FallingBack(_logger, platform, PhoneNumberMasking.Mask(number.E164), MessagingPlatform.Sms, result.Error.Code);
                var fallbackResult = await SendOnPlatformAsync(fallback, MessagingPlatform.Sms, number, cancellationToken).ConfigureAwait(false);
                result = fallbackResult.WithFallbackFrom(platform);
            }

            if (result.IsSuccess)
            {
                try
                {
                    await _tracker.RecordAcceptedAsync(result, CancellationToken.None).ConfigureAwait(false);
                }
                catch (Exception e)
                {
                    // The message went out; a tracker outage must not turn that into a failure the caller would retry.
                    Log.TrackerFailed(_logger, e, result.Platform, result.MessageId);
                }
            }
        }

        instrumentation?.RecordSend(activity, result, started);
        return result;
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<SendResult> SendOnPlatformAsync(OutboundMessage message, MessagingPlatform platform, PhoneNumberInfo number, CancellationToken cancellationToken)
    {
        var recipient = number.E164!;
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

        bool optedOut, windowClosed;
        try
        {
            optedOut = await _optOuts.IsOptedOutAsync(recipient, platform, cancellationToken).ConfigureAwait(false);
            windowClosed = !optedOut && platform == MessagingPlatform.WhatsApp && message.Template is null && _options.EnforceWhatsAppSessionWindow &&
                !await _windows.IsOpenAsync(recipient, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Fail closed: without the opt-out list the message might reach someone who said STOP.
            Log.StoreFailed(_logger, e, platform, PhoneNumberMasking.Mask(recipient));
            return new SendResult
            {
                Status = SendStatus.Failed,
                Platform = platform,
                Recipient = recipient,
                ClientReference = message.ClientReference,
                Error = new MessagingError(MessagingErrorCode.Unknown, $"The opt-out or conversation-window store failed ({e.GetType().Name}: {e.Message}), so the message was not sent.", isTransient: true) { Exception = e },
            };
        }

        if (optedOut)
        {
            return Reject(message, platform, recipient, MessagingErrorCode.OptedOut, $"The recipient opted out of {platform} messages.");
        }

        if (windowClosed)
        {
            return Reject(message, platform, recipient, MessagingErrorCode.SessionWindowClosed,
                "The recipient has not written on WhatsApp in the last 24 hours, so only a template may be sent (set Template).");
        }

        // Then the provider, in this same method: one async layer less per message.
        var pipeline = PipelineFor(platform);
        if (pipeline is null)
        {
            var registration = platform == MessagingPlatform.Sms ? "AddAwsSms() (or AddSmsProvider)" : "AddTwilioWhatsApp() (or AddWhatsAppProvider)";
            var error = new MessagingError(MessagingErrorCode.NotConfigured, $"No {platform} provider is registered; call {registration} on the builder returned by AddNutritionistMessaging().");
            Log.Failed(_logger, platform, PhoneNumberMasking.Mask(recipient), "(none)", error.Code, null, error.Message);
            return new SendResult { Status = SendStatus.Failed, Platform = platform, Recipient = recipient, Error = error, ClientReference = message.ClientReference };
        }

        var providerName = platform == MessagingPlatform.Sms ? _sms!.Name : _whatsApp!.Name;
        if (_logger.IsEnabled(LogLevel.Trace))
        {
            Log.Body(_logger, platform, PhoneNumberMasking.Mask(recipient), message.Body);
        }
        SendAttempt attempt;
        try
        {
            attempt = platform == MessagingPlatform.Sms
                ? await pipeline.ExecuteAsync(_sendSms!, ToSms(message, number), cancellationToken).ConfigureAwait(false)
                : await pipeline.ExecuteAsync(_sendWhatsApp!, ToWhatsApp(message, number), cancellationToken).ConfigureAwait(false);
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

        if (attempt.Receipt is { } receipt)
        {
            if (_logger.IsEnabled(LogLevel.Information))
            {
                Log.Accepted(_logger, platform, receipt.MessageId, PhoneNumberMasking.Mask(recipient), providerName);
            }

            // A template is business-initiated and opens a conversation; free-form text only goes out inside an open one.
            var cost = _costs?.Estimate(platform, number.RegionCode, message.Body, message.MediaUrls.Count, opensConversation: message.Template is not null);
            return new SendResult
            {
                Status = SendStatus.Accepted,
                Platform = platform,
                MessageId = receipt.MessageId,
                ProviderName = providerName,
                Recipient = recipient,
                ClientReference = message.ClientReference,
                OriginationIdentity = receipt.OriginationIdentity,
                Attempts = attempt.Attempts,
                Segments = platform == MessagingPlatform.Sms ? receipt.Segments ?? cost?.Segments : null,
                EstimatedCost = cost,
            };
        }

        var failure = attempt.Error!;
        var status = SendOutcome.StatusOf(failure);
        var masked = PhoneNumberMasking.Mask(recipient);
        var reason = LogRedaction.RedactPhoneNumbers(failure.Message);
        switch (status)
        {
            case SendStatus.Unknown:
                Log.Unknown(_logger, platform, masked, providerName, failure.Code, failure.ProviderCode, reason);
                break;
            case SendStatus.Rejected:
                Log.Rejected(_logger, platform, masked, failure.Code, reason);
                break;
            default:
                Log.Failed(_logger, platform, masked, providerName, failure.Code, failure.ProviderCode, reason);
                break;
        }

        if (failure.Code == MessagingErrorCode.OptedOut)
        {
            await RecordProviderOptOutAsync(recipient, platform, providerName).ConfigureAwait(false);
        }

        return new SendResult
        {
            Status = status,
            Platform = platform,
            ProviderName = providerName,
            Recipient = recipient,
            Error = failure.ToError(),
            ClientReference = message.ClientReference,
            Attempts = attempt.Attempts,
        };
    }

    /// <summary>The SMS to send instead of a failed WhatsApp message, or <see langword="null"/> when it must not fall back.</summary>
    private OutboundMessage? FallbackFor(OutboundMessage message, MessagingPlatform platform, SendResult result)
    {
        if (_options.Fallback != ChannelFallback.WhatsAppToSms || platform != MessagingPlatform.WhatsApp || result.Status == SendStatus.Unknown)
        {
            return null;
        }

        if (result.Error?.Code is not (MessagingErrorCode.SessionWindowClosed or MessagingErrorCode.InvalidRecipient or MessagingErrorCode.ProviderUnavailable))
        {
            return null;
        }

        var text = message.Template is { } template ? template.SmsFallbackText
            : message.Body is { } body ? WhatsAppFormatting.ToPlainText(body)
            : null;
        return string.IsNullOrWhiteSpace(text)
            ? null
            : new OutboundMessage(message.To, text) { Platform = MessagingPlatform.Sms, ClientReference = message.ClientReference };
    }

    private async ValueTask RecordProviderOptOutAsync(string recipient, MessagingPlatform platform, string providerName)
    {
        try
        {
            // Not the caller's token: the provider has already said no, and the opt-out must be kept even if the caller gives up now.
            await _optOuts.OptOutAsync(recipient, platform, CancellationToken.None).ConfigureAwait(false);
            _instrumentation?.RecordOptOutChange(platform, optedOut: true);
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
