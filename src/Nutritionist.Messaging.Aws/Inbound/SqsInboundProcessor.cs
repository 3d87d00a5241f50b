using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Nutritionist.Messaging.Inbound;

namespace Nutritionist.Messaging.Aws.Inbound;

/// <summary>
/// Turns one SQS body into pipeline calls: parse, verify the SNS signature, read the inner payload, then
/// <see cref="IInboundPipeline"/>. Bad input gives a rejected result; an exception from the pipeline or a handler propagates.
/// </summary>
/// <remarks>Thread-safe singleton.</remarks>
internal sealed class SqsInboundProcessor
{
    private readonly SnsMessageVerifier _verifier;
    private readonly IInboundPipeline _pipeline;
    private readonly IOptionsMonitor<SqsInboundOptions> _options;
    private readonly ILogger _logger;

    public SqsInboundProcessor(SnsMessageVerifier verifier, IInboundPipeline pipeline, IOptionsMonitor<SqsInboundOptions> options, ILogger<SqsInboundProcessor>? logger = null)
    {
        _verifier = verifier;
        _pipeline = pipeline;
        _options = options;
        _logger = logger ?? (ILogger)NullLogger.Instance;
    }

    /// <summary>Processes one body.</summary>
    /// <param name="body">The SQS message body.</param>
    /// <param name="receivedAt">When SQS received it (its <c>SentTimestamp</c>).</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>What became of it.</returns>
    public async Task<SqsProcessResult> ProcessAsync(string? body, DateTimeOffset receivedAt, CancellationToken cancellationToken = default)
    {
        var parsed = await ReadAsync(body, receivedAt, cancellationToken).ConfigureAwait(false);
        return await DispatchAsync(parsed, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Parses one body and, when it is an SNS envelope, verifies it and reads its <c>Message</c>. The pipeline is not called,
    /// so a caller can claim the message first (the Lambda entry points do).
    /// </summary>
    /// <returns>
    /// The payload (<see cref="SqsBodyKind.InboundMessage"/>, <see cref="SqsBodyKind.DeliveryStatus"/>,
    /// <see cref="SqsBodyKind.WhatsAppEvent"/>), or why not; for an
    /// enveloped body <see cref="SqsBody.Envelope"/> keeps the envelope (its <c>MessageId</c> survives SNS retries).
    /// </returns>
    public async ValueTask<SqsBody> ReadAsync(string? body, DateTimeOffset receivedAt, CancellationToken cancellationToken = default)
    {
        var parsed = SqsBodyParser.Parse(body, receivedAt);
        return parsed.Kind == SqsBodyKind.SnsEnvelope
            ? await ReadEnvelopeAsync(parsed.Envelope!, receivedAt, cancellationToken).ConfigureAwait(false)
            : parsed;
    }

    /// <summary>Verifies an SNS envelope (from an SQS body or a Lambda SNS event) and reads its <c>Message</c>.</summary>
    public async ValueTask<SqsBody> ReadEnvelopeAsync(SnsEnvelope envelope, DateTimeOffset receivedAt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        if (_options.CurrentValue.RequireSnsSignature)
        {
            var verdict = await _verifier.VerifyAsync(envelope, cancellationToken).ConfigureAwait(false);
            if (verdict != InboundFailureReason.None)
            {
                return SqsBody.Invalid(verdict, $"SNS message {envelope.MessageId} from topic {envelope.TopicArn}") with { Envelope = envelope };
            }
        }
        else
        {
            InboundLog.SignatureNotRequired(_logger, envelope.MessageId, envelope.TopicArn);
        }

        return SqsBodyParser.ParseSnsMessage(envelope, receivedAt) with { Envelope = envelope };
    }

    /// <summary>Hands a payload read by <see cref="ReadAsync"/> to the pipeline; anything else becomes a rejected or ignored result.</summary>
    /// <exception cref="Exception">Whatever the pipeline or an application handler threw.</exception>
    public async Task<SqsProcessResult> DispatchAsync(SqsBody parsed, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(parsed);
        switch (parsed.Kind)
        {
            case SqsBodyKind.InboundMessage:
                var message = parsed.Message!;
                await _pipeline.ProcessMessageAsync(message, cancellationToken).ConfigureAwait(false);
                return new SqsProcessResult(parsed.Kind, InboundFailureReason.None, null, message.ProviderMessageId, Mask(message.From));
            case SqsBodyKind.DeliveryStatus:
                var update = parsed.Update!;
                await _pipeline.ProcessDeliveryStatusAsync(update, cancellationToken).ConfigureAwait(false);
                return new SqsProcessResult(parsed.Kind, InboundFailureReason.None, null, update.MessageId, Mask(update.Recipient));
            case SqsBodyKind.WhatsAppEvent:
                // Messages first, then statuses, as Meta's webhook does. A handler that throws leaves the whole event for
                // redelivery; what went through before it comes again (handlers are idempotent on the wamid).
                foreach (var item in parsed.Messages)
                {
                    await _pipeline.ProcessMessageAsync(item, cancellationToken).ConfigureAwait(false);
                }

                foreach (var item in parsed.Updates)
                {
                    await _pipeline.ProcessDeliveryStatusAsync(item, cancellationToken).ConfigureAwait(false);
                }

                var (id, party) = parsed.Describe();
                return new SqsProcessResult(parsed.Kind, InboundFailureReason.None, null, id, party);
            default:
                return new SqsProcessResult(parsed.Kind, parsed.Reason, parsed.Detail);
        }
    }

    /// <summary>The masked party of a body, for the failure log when the pipeline threw.</summary>
    internal static (SqsBodyKind Kind, string? ProviderMessageId, string Party) Describe(string? body, DateTimeOffset receivedAt)
    {
        var parsed = SqsBodyParser.Parse(body, receivedAt);
        if (parsed.Kind == SqsBodyKind.SnsEnvelope)
        {
            parsed = SqsBodyParser.ParseSnsMessage(parsed.Envelope!, receivedAt);
        }

        var (id, party) = parsed.Describe();
        return (parsed.Kind, id, party);
    }

    internal static string Mask(string? number) => Nutritionist.Messaging.PhoneNumbers.PhoneNumberMasking.Mask(number);
}
