using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Nutritionist.Messaging.Aws.Inbound;
using Nutritionist.Messaging.Idempotency;

namespace Nutritionist.Messaging.Aws.Lambda;

/// <summary>
/// The part both Lambda entry points share once a record is read and verified: the claim (when a shared
/// <see cref="ISendClaimStore"/> is registered), the pipeline, and the outcome with one log line.
/// </summary>
/// <remarks>
/// The claim key is, in this order: <c>inbound:aws-sms:&lt;inboundMessageId&gt;</c> for a two-way SMS (AWS's own id, the same
/// however the message travels), <c>inbound:aws-social:&lt;messageId&gt;</c> for an End User Messaging Social WhatsApp event
/// that has AWS's event id, <c>inbound:sns:&lt;MessageId&gt;</c> for anything that came in an SNS envelope (SNS keeps the
/// id across its retries and across duplicate deliveries to a queue), else <c>inbound:sqs:&lt;messageId&gt;</c> (SQS keeps it
/// across receives). A failure releases the claim so the redelivery is processed; a success completes it for
/// <see cref="SqsInboundOptions.ProcessedMessageRetention"/>. Thread-safe.
/// </remarks>
internal sealed class InboundRecordRunner
{
    private readonly SqsInboundProcessor _processor;
    private readonly ISendClaimStore? _claims;
    private readonly IOptionsMonitor<SqsInboundOptions> _options;
    private readonly ILogger _logger;

    public InboundRecordRunner(SqsInboundProcessor processor, ISendClaimStore? claims, IOptionsMonitor<SqsInboundOptions> options, ILogger logger)
    {
        _processor = processor;
        _claims = claims;
        _options = options;
        _logger = logger;
    }

    public SqsInboundProcessor Processor => _processor;

    public ILogger Logger => _logger;

    public int MaxConcurrency => _options.CurrentValue.MaxConcurrency;

    /// <summary>Runs one read record through the claim and the pipeline.</summary>
    /// <param name="record">Where it came from, for the claim key and the log.</param>
    /// <param name="parsed">What <see cref="SqsInboundProcessor.ReadAsync"/> made of it.</param>
    /// <param name="cancellationToken">The invocation's token; a cancelled record comes back.</param>
    public async Task<LambdaRecordResult> RunAsync(RecordSource record, SqsBody parsed, CancellationToken cancellationToken)
    {
        switch (parsed.Kind)
        {
            case SqsBodyKind.Invalid:
                LambdaLog.RecordRejected(_logger, record.Source, record.Id, record.EventSource, parsed.Reason, parsed.Detail, record.ReceiveCount);

                // The certificate download may work next time; everything else will fail the same way until the DLQ.
                return new LambdaRecordResult(
                    record.Id,
                    parsed.Reason == InboundFailureReason.SnsCertificateUnavailable ? LambdaRecordOutcome.Failed : LambdaRecordOutcome.Rejected,
                    parsed.Reason);
            case SqsBodyKind.Ignored:
                LambdaLog.RecordIgnored(_logger, record.Source, record.Id, record.EventSource, parsed.Detail);
                return new LambdaRecordResult(record.Id, LambdaRecordOutcome.Ignored);
        }

        var key = ClaimKey(parsed, record);
        if (_claims is not null)
        {
            SendClaim claim;
            try
            {
                claim = await _claims.TryClaimAsync(key, _options.CurrentValue.ProcessingClaimLifetime, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                LambdaLog.RecordCancelled(_logger, record.Source, record.Id);
                return new LambdaRecordResult(record.Id, LambdaRecordOutcome.Failed, InboundFailureReason.Cancelled);
            }
            catch (Exception e)
            {
                // Any store failure (network, throttling, a bug in a custom store) leaves the record for redelivery.
                LambdaLog.ClaimStoreFailed(_logger, e, record.Source, record.Id, "claim", key, e.GetType().Name);
                return new LambdaRecordResult(record.Id, LambdaRecordOutcome.Failed, InboundFailureReason.ClaimStoreFailed);
            }

            switch (claim.State)
            {
                case SendClaimState.Completed:
                    LambdaLog.RecordDuplicate(_logger, record.Source, record.Id, key);
                    return new LambdaRecordResult(record.Id, LambdaRecordOutcome.Duplicate);
                case SendClaimState.InProgress:
                    LambdaLog.RecordClaimInProgress(_logger, record.Source, record.Id, key);
                    return new LambdaRecordResult(record.Id, LambdaRecordOutcome.Failed, InboundFailureReason.ClaimInProgress);
            }
        }

        SqsProcessResult result;
        try
        {
            result = await _processor.DispatchAsync(parsed, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await ReleaseAsync(record, key).ConfigureAwait(false);
            LambdaLog.RecordCancelled(_logger, record.Source, record.Id);
            return new LambdaRecordResult(record.Id, LambdaRecordOutcome.Failed, InboundFailureReason.Cancelled);
        }
        catch (Exception e)
        {
            // An application handler may throw anything: this record comes back, the others carry on.
            await ReleaseAsync(record, key).ConfigureAwait(false);
            var (providerMessageId, party) = parsed.Describe();
            LambdaLog.RecordFailed(_logger, e, parsed.Kind, providerMessageId, party, record.Source, record.Id, e.GetType().Name, record.ReceiveCount);
            return new LambdaRecordResult(record.Id, LambdaRecordOutcome.Failed, InboundFailureReason.HandlerFailed);
        }

        if (_claims is not null)
        {
            try
            {
                await _claims.CompleteAsync(key, null, _options.CurrentValue.ProcessedMessageRetention, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                // The work is done and Lambda deletes the message; only a later duplicate could slip through, once the
                // processing claim expires.
                LambdaLog.ClaimStoreFailed(_logger, e, record.Source, record.Id, "complete", key, e.GetType().Name);
            }
        }

        LambdaLog.RecordProcessed(_logger, result.Kind, result.ProviderMessageId, result.Party ?? "(none)", record.Source, record.Id);
        return new LambdaRecordResult(record.Id, LambdaRecordOutcome.Processed);
    }

    /// <summary>The key under which a record is claimed (see the class remarks).</summary>
    internal static string ClaimKey(SqsBody parsed, RecordSource record) =>
        parsed.Message?.ProviderMessageId is { Length: > 0 } inboundId ? "inbound:aws-sms:" + inboundId
        : parsed.EventId is { Length: > 0 } eventId ? "inbound:aws-social:" + eventId
        : parsed.Envelope?.MessageId is { Length: > 0 } snsId ? "inbound:sns:" + snsId
        : "inbound:" + record.IdKind + ":" + record.Id;

    private async Task ReleaseAsync(RecordSource record, string key)
    {
        if (_claims is null)
        {
            return;
        }

        try
        {
            // Not the invocation's token: a cancelled record must still give its claim back.
            await _claims.ReleaseAsync(key, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            // The claim then expires after ProcessingClaimLifetime; until then a redelivery reports ClaimInProgress.
            LambdaLog.ClaimStoreFailed(_logger, e, record.Source, record.Id, "release", key, e.GetType().Name);
        }
    }
}

/// <summary>Where a record came from.</summary>
/// <param name="Source">"SQS" or "SNS", for the log.</param>
/// <param name="IdKind">"sqs" or "sns", for the fallback claim key.</param>
/// <param name="Id">The record's id (SQS <c>messageId</c>, SNS <c>MessageId</c>).</param>
/// <param name="EventSource">The queue ARN or the subscription ARN.</param>
/// <param name="ReceiveCount">SQS's <c>ApproximateReceiveCount</c>, when known.</param>
internal readonly record struct RecordSource(string Source, string IdKind, string Id, string? EventSource, string? ReceiveCount);
