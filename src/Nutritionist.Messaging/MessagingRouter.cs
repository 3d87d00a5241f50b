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
using Nutritionist.Messaging.Routing;
using Nutritionist.Messaging.Telemetry;

namespace Nutritionist.Messaging;

/// <summary>
/// The library's <see cref="IMessagingClient"/>: normalises the recipient, picks the platform, checks the content, the
/// opt-out list and the WhatsApp window, picks the platform's provider (<see cref="ProviderRoute"/>), sends through that
/// provider's resilience pipeline (retry where nothing was sent, circuit breaker, rate limit), fails over to the next
/// provider when the first certainly did not send, falls back to SMS when configured, and reports every outcome as a
/// <see cref="SendResult"/>.
/// </summary>
/// <remarks>
/// Thread-safe; registered as a singleton by <c>AddNutritionistMessaging</c>. It throws only for misuse (a null
/// message) and cancellation; everything that can happen to one message is in its result.
/// </remarks>
internal sealed partial class MessagingRouter : IMessagingClient
{
    private readonly MessagingOptions _options;
    private readonly IPhoneNumberNormalizer _normalizer;
    private readonly IOptOutStore _optOuts;
    private readonly IConversationWindowStore _windows;
    private readonly IDeliveryTracker _tracker;
    private readonly IMessagingCostEstimator? _costs;
    private readonly MessagingInstrumentation? _instrumentation;
    private readonly TimeProvider _time;
    private readonly PlatformProviders? _sms;
    private readonly PlatformProviders? _whatsApp;
    private readonly ILogger _logger;
    private readonly SendClaimGate _claims;

    public MessagingRouter(
        IOptions<MessagingOptions> options,
        IPhoneNumberNormalizer normalizer,
        IOptOutStore optOuts,
        IConversationWindowStore windows,
        IDeliveryTracker tracker,
        MessagingProviders providers,
        TimeProvider? timeProvider = null,
        IMessagingCostEstimator? costs = null,
        MessagingInstrumentation? instrumentation = null,
        ILogger<MessagingRouter>? logger = null,
        ISendClaimStore? sendClaims = null,
        IOptions<MessagingRoutingOptions>? routing = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(providers);
        _options = options.Value;
        _normalizer = normalizer;
        _optOuts = optOuts;
        _windows = windows;
        _tracker = tracker;
        _costs = costs;
        _instrumentation = instrumentation;
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _time = timeProvider ?? TimeProvider.System;
        _claims = new SendClaimGate(sendClaims ?? new InMemorySendClaimStore(_time), _options, _logger);

        var routes = routing?.Value ?? new MessagingRoutingOptions();
        _sms = Build(MessagingPlatform.Sms, routes.Sms, providers.DefaultOf(MessagingPlatform.Sms), providers.Sms.Select(p =>
        {
            var pipeline = NewPipeline(MessagingPlatform.Sms, p.Name);
            return new ProviderEndpoint(p.Name, (m, n, ct) => pipeline.ExecuteAsync(p.Provider.SendAsync, ToSms(m, n), ct));
        }));
        _whatsApp = Build(MessagingPlatform.WhatsApp, routes.WhatsApp, providers.DefaultOf(MessagingPlatform.WhatsApp), providers.WhatsApp.Select(p =>
        {
            var pipeline = NewPipeline(MessagingPlatform.WhatsApp, p.Name);
            return new ProviderEndpoint(p.Name, (m, n, ct) => pipeline.ExecuteAsync(p.Provider.SendAsync, ToWhatsApp(m, n), ct));
        }));
    }

    /// <summary>One pipeline per provider, so each has its own breaker, rate limiter and metrics tag.</summary>
    private SendPipeline NewPipeline(MessagingPlatform platform, string providerName) =>
        new(platform, providerName, _options, _time, _logger, _instrumentation);

    private static PlatformProviders? Build(MessagingPlatform platform, PlatformRoutingOptions routing, string? defaultProvider, IEnumerable<ProviderEndpoint> endpoints) =>
        defaultProvider is null ? null : new PlatformProviders(new ProviderRoute(routing, defaultProvider), endpoints.ToDictionary(static e => e.Name, StringComparer.Ordinal));

    public Task<SendResult> SendAsync(OutboundMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        return cancellationToken.IsCancellationRequested ? Task.FromCanceled<SendResult>(cancellationToken)
            : string.IsNullOrEmpty(message.ClientReference) ? SendCoreAsync(message, cancellationToken)
            : _claims.SendOnceAsync(message, SendCoreAsync, cancellationToken); // idempotent across instances
    }

    private Task<SendResult> SendCoreAsync(OutboundMessage message, CancellationToken cancellationToken) =>
        SendCoreAsync(message, optOutCheckedOn: null, record: true, cancellationToken);

    /// <summary>
    /// One send, start to result: normalise, gate, dispatch (with fallback), record. <c>optOutCheckedOn</c> is the platform
    /// whose opt-out the bulk pre-check already read for this recipient (so the gate does not read it again), or null;
    /// <c>record</c> is false when the bulk send records the acceptance with its chunk's (<see cref="RecordSentAsync"/>).
    /// </summary>
    private async Task<SendResult> SendCoreAsync(OutboundMessage message, MessagingPlatform? optOutCheckedOn, bool record, CancellationToken cancellationToken)
    {
        var started = _time.GetTimestamp();
        using var activity = _instrumentation?.StartSend(message.Platform, message.To);
        var result = await SendNormalizedAsync(message, optOutCheckedOn, cancellationToken).ConfigureAwait(false);
        if (record)
        {
            await RecordAsync(result).ConfigureAwait(false);
        }

        _instrumentation?.RecordSend(activity, result, started);
        return result;
    }

    private async Task<SendResult> SendNormalizedAsync(OutboundMessage message, MessagingPlatform? optOutCheckedOn, CancellationToken cancellationToken)
    {
        var platform = message.Platform ?? _options.DefaultPlatform;
        var number = _normalizer.Normalize(message.To);
        if (!number.IsValid)
        {
            return Reject(message, platform, null, MessagingErrorCode.InvalidRecipient, number.ErrorMessage);
        }

        var result = await SendOnPlatformAsync(message, platform, number, optOutCheckedOn == platform, cancellationToken).ConfigureAwait(false);
        if (FallbackFor(message, platform, result) is { } fallback)
        {
            Log.FallingBack(_logger, platform, PhoneNumberMasking.Mask(number.E164), MessagingPlatform.Sms, result.Error!.Code);
            var fallbackResult = await SendOnPlatformAsync(fallback, MessagingPlatform.Sms, number, optOutChecked: false, cancellationToken).ConfigureAwait(false);
            result = fallbackResult.WithFallbackFrom(platform);
        }

        return result;
    }

    /// <summary>Gate, then dispatch: the checks that may refuse the message without a provider call, then the provider.</summary>
    private async Task<SendResult> SendOnPlatformAsync(OutboundMessage message, MessagingPlatform platform, PhoneNumberInfo number, bool optOutChecked, CancellationToken cancellationToken) =>
        await CheckAsync(message, platform, number, optOutChecked, cancellationToken).ConfigureAwait(false)
        ?? await DispatchAsync(message, platform, number, cancellationToken).ConfigureAwait(false);

    /// <summary>
    /// The gate: a refusal, or <see langword="null"/> when the message may go to the provider. The opt-out read is left out
    /// when the bulk pre-check has just read this recipient's opt-out on this platform (<c>optOutChecked</c>).
    /// </summary>
    private async Task<SendResult?> CheckAsync(OutboundMessage message, MessagingPlatform platform, PhoneNumberInfo number, bool optOutChecked, CancellationToken cancellationToken)
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

        bool optedOut;
        try
        {
            optedOut = !optOutChecked && await _optOuts.IsOptedOutAsync(recipient, platform, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Fail closed: without the opt-out list the message might reach someone who said STOP.
            return StoreFailed(message, platform, recipient, "opt-out", _optOuts, e);
        }

        if (optedOut)
        {
            return Reject(message, platform, recipient, MessagingErrorCode.OptedOut, $"The recipient opted out of {platform} messages.");
        }

        if (platform == MessagingPlatform.WhatsApp && message.Template is null && _options.EnforceWhatsAppSessionWindow)
        {
            bool open;
            try
            {
                open = await _windows.IsOpenAsync(recipient, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                return StoreFailed(message, platform, recipient, "conversation-window", _windows, e);
            }

            if (!open)
            {
                return Reject(message, platform, recipient, MessagingErrorCode.SessionWindowClosed,
                    "The recipient has not written on WhatsApp in the last 24 hours, so only a template may be sent (set Template).");
            }
        }

        return null;
    }

    /// <summary>
    /// The provider calls: the provider the route picks, then each failover provider while the one before certainly did not
    /// send (never after an ambiguous failure, which may have reached the person).
    /// </summary>
    private async Task<SendResult> DispatchAsync(OutboundMessage message, MessagingPlatform platform, PhoneNumberInfo number, CancellationToken cancellationToken)
    {
        var recipient = number.E164!;
        var providers = platform == MessagingPlatform.Sms ? _sms : _whatsApp;
        if (providers is null)
        {
            var registration = platform == MessagingPlatform.Sms ? "AddAwsSms() (or AddSmsProvider)" : "AddTwilioWhatsApp() (or AddWhatsAppProvider)";
            var error = new MessagingError(MessagingErrorCode.NotConfigured, $"No {platform} provider is registered; call {registration} on the builder returned by AddNutritionistMessaging().");
            Log.Failed(_logger, platform, PhoneNumberMasking.Mask(recipient), "(none)", error.Code, null, error.Message);
            return new SendResult { Status = SendStatus.Failed, Platform = platform, Recipient = recipient, Error = error, ClientReference = message.ClientReference };
        }

        if (_logger.IsEnabled(LogLevel.Trace))
        {
            Log.Body(_logger, platform, PhoneNumberMasking.Mask(recipient), message.Body);
        }

        var candidates = providers.Route.Choose(recipient, number.RegionCode, message.Properties);
        for (var i = 0; ; i++)
        {
            var endpoint = providers.Endpoints[candidates[i]];
            var result = await SendThroughAsync(endpoint, message, platform, number, cancellationToken).ConfigureAwait(false);
            if (i == candidates.Count - 1 || !CertainlyNotSentByProvider(result))
            {
                return result;
            }

            Log.FailingOver(_logger, platform, endpoint.Name, PhoneNumberMasking.Mask(recipient), result.Error!.Code, candidates[i + 1]);
            _instrumentation?.RecordFailover(platform, endpoint.Name, candidates[i + 1], result.Error.Code);
        }
    }

    /// <summary>
    /// Whether another provider may be tried: this one certainly did not send (status <see cref="SendStatus.Failed"/>, so no
    /// attempt may have reached it — the pipeline's ambiguity rule) and the reason is the provider, not the message:
    /// unavailable (circuit open included) or not configured for this message (its country, say).
    /// </summary>
    private static bool CertainlyNotSentByProvider(SendResult result) =>
        result is { Status: SendStatus.Failed, Error.Code: MessagingErrorCode.ProviderUnavailable or MessagingErrorCode.NotConfigured };

    /// <summary>One provider's call through its resilience pipeline, and the result it earns.</summary>
    private async Task<SendResult> SendThroughAsync(ProviderEndpoint endpoint, OutboundMessage message, MessagingPlatform platform, PhoneNumberInfo number, CancellationToken cancellationToken)
    {
        var recipient = number.E164!;
        var providerName = endpoint.Name;
        SendAttempt attempt;
        try
        {
            attempt = await endpoint.Send(message, number, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // A provider must throw MessagingException; anything else is a provider bug. The request may have left,
            // so the honest answer is "unknown", never a silent success, a retry or a failover.
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

        return attempt.Receipt is { } receipt
            ? Accepted(message, platform, number, providerName, receipt, attempt.Attempts)
            : await NotAcceptedAsync(message, platform, recipient, providerName, attempt.Error!, attempt.Attempts).ConfigureAwait(false);
    }

    private SendResult Accepted(OutboundMessage message, MessagingPlatform platform, PhoneNumberInfo number, string providerName, ProviderReceipt receipt, int attempts)
    {
        if (_logger.IsEnabled(LogLevel.Information))
        {
            Log.Accepted(_logger, platform, receipt.MessageId, PhoneNumberMasking.Mask(number.E164), providerName);
        }

        // A template is business-initiated and opens a conversation; free-form text only goes out inside an open one.
        var cost = _costs?.Estimate(platform, number.RegionCode, message.Body, message.MediaUrls.Count, opensConversation: message.Template is not null);
        return new SendResult
        {
            Status = SendStatus.Accepted,
            Platform = platform,
            MessageId = receipt.MessageId,
            ProviderName = providerName,
            Recipient = number.E164,
            ClientReference = message.ClientReference,
            OriginationIdentity = receipt.OriginationIdentity,
            Attempts = attempts,
            Segments = platform == MessagingPlatform.Sms ? receipt.Segments ?? cost?.Segments : null,
            EstimatedCost = cost,
        };
    }

    private async Task<SendResult> NotAcceptedAsync(OutboundMessage message, MessagingPlatform platform, string recipient, string providerName, MessagingException failure, int attempts)
    {
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
            Attempts = attempts,
        };
    }

    /// <summary>Records an accepted send in the delivery tracker, so its delivery updates have a record to land on.</summary>
    private async Task RecordAsync(SendResult result)
    {
        if (!result.IsSuccess)
        {
            return;
        }

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

    /// <summary>The SMS to send instead of a failed WhatsApp message, or <see langword="null"/> when it must not fall back.</summary>
    private OutboundMessage? FallbackFor(OutboundMessage message, MessagingPlatform platform, SendResult result)
    {
        // Only a WhatsApp send that certainly did not go: an Unknown one may have reached the person.
        if (result.IsSuccess || result.Status == SendStatus.Unknown || _options.Fallback != ChannelFallback.WhatsAppToSms || platform != MessagingPlatform.WhatsApp)
        {
            return null;
        }

        if (result.Error.Code is not (MessagingErrorCode.SessionWindowClosed or MessagingErrorCode.InvalidRecipient or MessagingErrorCode.ProviderUnavailable))
        {
            return null;
        }

        var text = message.Template is { } template ? template.SmsFallbackText
            : message.Interactive is { } interactive ? interactive.SmsFallbackText
            : message.Body is { } body ? WhatsAppFormatting.ToPlainText(body)
            : null;
        return string.IsNullOrWhiteSpace(text)
            ? null
            : new OutboundMessage(message.To, text) { Platform = MessagingPlatform.Sms, ClientReference = message.ClientReference, Properties = message.Properties };
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

    /// <summary>A gate store failed: the message is not sent (fail closed), and the result names the store.</summary>
    private SendResult StoreFailed(OutboundMessage message, MessagingPlatform platform, string recipient, string what, object store, Exception e)
    {
        Log.StoreFailed(_logger, e, platform, PhoneNumberMasking.Mask(recipient));
        return new SendResult
        {
            Status = SendStatus.Failed,
            Platform = platform,
            Recipient = recipient,
            ClientReference = message.ClientReference,
            Error = new MessagingError(
                MessagingErrorCode.ProviderUnavailable,
                $"The {what} store ({store.GetType().Name}) failed ({e.GetType().Name}: {LogRedaction.RedactPhoneNumbers(e.Message)}), so the message was not sent.",
                isTransient: true) { Exception = e },
        };
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
            ReplyToMessageId = message.ReplyToMessageId,
            PreviewUrl = message.PreviewUrl,
            MediaKind = message.MediaKind,
            MediaId = message.MediaId,
            Interactive = message.Interactive,
        };
}
