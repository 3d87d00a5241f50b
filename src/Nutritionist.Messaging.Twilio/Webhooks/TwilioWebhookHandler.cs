using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Nutritionist.Messaging.Inbound;
using Nutritionist.Messaging.PhoneNumbers;
using Nutritionist.Messaging.Twilio.Internal;

namespace Nutritionist.Messaging.Twilio;

/// <summary>
/// The whole of a Twilio webhook, and the one public entry to it: the signature is checked and the request parsed,
/// then an accepted inbound message or status callback is mapped to the core's types and handed to
/// <see cref="IInboundPipeline"/> (opt-out keywords and their confirmation reply, the WhatsApp 24-hour window, delivery
/// tracking, then the application's handlers). Hosts other than ASP.NET Core call <see cref="HandleAsync"/> from their
/// own endpoint; <c>MapTwilioWebhooks</c> in <c>Nutritionist.Messaging.AspNetCore</c> does it for ASP.NET Core.
/// </summary>
/// <remarks>
/// A refused request (missing or forged signature, unrecognised parameters, no auth token) never reaches the pipeline
/// and is reported in the result. An exception from the pipeline or an application handler is logged and propagates,
/// so the host answers an HTTP error and Twilio retries the webhook; handlers must therefore be idempotent (use
/// <see cref="InboundMessage.ProviderMessageId"/>). Registered as a singleton by <c>AddTwilioWhatsApp()</c>. Thread-safe.
/// </remarks>
public sealed class TwilioWebhookHandler
{
    private readonly TwilioWebhookProcessor _processor;
    private readonly IInboundPipeline _pipeline;
    private readonly ILogger _logger;

    /// <summary>Creates a handler.</summary>
    /// <param name="processor">Checks and parses requests.</param>
    /// <param name="pipeline">Receives accepted messages and status updates.</param>
    /// <param name="logger">Logs what was handed to the pipeline and handler failures (numbers masked, no bodies above Trace).</param>
    internal TwilioWebhookHandler(TwilioWebhookProcessor processor, IInboundPipeline pipeline, ILogger<TwilioWebhookHandler>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(processor);
        ArgumentNullException.ThrowIfNull(pipeline);
        _processor = processor;
        _pipeline = pipeline;
        _logger = logger ?? (ILogger)NullLogger.Instance;
    }

    /// <summary>Checks, parses and processes one webhook request.</summary>
    /// <param name="request">What the host received.</param>
    /// <param name="cancellationToken">Cancels the processing (pass the HTTP request's abort token).</param>
    /// <returns>
    /// The processor's result; for an accepted inbound message <see cref="TwilioWebhookResult.PipelineResult"/> says what
    /// the pipeline did, for a status callback <see cref="TwilioWebhookResult.DeliveryStatusChanged"/> says whether the
    /// tracked status moved. Answer 200 when <see cref="TwilioWebhookResult.IsAccepted"/>, 403 when
    /// <see cref="TwilioWebhookResult.IsForbidden"/>, 400 for <see cref="TwilioWebhookOutcome.Unrecognized"/> and 500 for
    /// <see cref="TwilioWebhookOutcome.NotConfigured"/>.
    /// </returns>
    /// <exception cref="ArgumentNullException"><paramref name="request"/> is <see langword="null"/>.</exception>
    /// <exception cref="Exception">
    /// Whatever the pipeline or an application handler threw: answer 500 so that Twilio retries.
    /// </exception>
    public async Task<TwilioWebhookResult> HandleAsync(TwilioWebhookRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var result = _processor.Process(request);
        switch (result.Outcome)
        {
            case TwilioWebhookOutcome.InboundMessage when result.InboundMessage is { } twilioMessage:
            {
                var message = twilioMessage.ToInboundMessage();
                InboundResult processed;
                try
                {
                    processed = await _pipeline.ProcessMessageAsync(message, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                {
                    // Logged here with the message id (the host only sees the exception); rethrown so Twilio retries.
                    Log.WebhookHandlingFailed(_logger, e, "inbound message", twilioMessage.MessageSid);
                    throw;
                }

                Log.InboundHandled(_logger, message.Platform, twilioMessage.MessageSid, PhoneNumberMasking.Mask(message.From), processed.Keyword, processed.Reply?.Status);
                return new TwilioWebhookResult { Outcome = result.Outcome, InboundMessage = twilioMessage, PipelineResult = processed };
            }

            case TwilioWebhookOutcome.StatusCallback when result.StatusCallback is { } callback:
            {
                var update = callback.ToDeliveryStatusUpdate();
                if (update.Status == Delivery.DeliveryStatus.Unknown)
                {
                    Log.UnrecognizedStatus(_logger, callback.MessageStatus, callback.MessageSid);
                }

                bool changed;
                try
                {
                    changed = await _pipeline.ProcessDeliveryStatusAsync(update, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                {
                    Log.WebhookHandlingFailed(_logger, e, "status callback", callback.MessageSid);
                    throw;
                }

                Log.StatusHandled(_logger, update.Platform, callback.MessageSid, callback.MessageStatus, update.Status, changed);
                return new TwilioWebhookResult { Outcome = result.Outcome, StatusCallback = callback, DeliveryStatusChanged = changed };
            }

            default:
                return result;
        }
    }
}
