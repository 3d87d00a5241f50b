using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Nutritionist.Messaging.Aws.Inbound;
using Nutritionist.Messaging.Idempotency;

namespace Nutritionist.Messaging.Aws.Lambda;

/// <summary>
/// The entry point of an AWS Lambda function subscribed straight to an SNS topic (the two-way SMS topic, a configuration
/// set's event topic, or a WhatsApp Business Account's End User Messaging Social event topic): it takes the event JSON
/// Lambda passes, verifies each record exactly as an SNS envelope delivered to SQS is verified (the Lambda shape's
/// <c>SigningCertUrl</c> spelling included), reads the two-way SMS, delivery event or WhatsApp event inside, and runs it
/// through the inbound pipeline.
/// </summary>
/// <remarks>
/// <para>SNS invokes the function asynchronously, so the only way to have a record retried is to fail the invocation:
/// <see cref="HandleAsync"/> (or <see cref="LambdaBatchResult.EnsureSuccess"/>) throws when any record failed or was
/// rejected. Lambda then retries twice and hands the event to the function's on-failure destination or dead-letter queue —
/// configure one, or a rejected record is lost there. Records that succeeded are skipped on the retry when an
/// <see cref="ISendClaimStore"/> is registered (claimed under the SNS <c>MessageId</c>, or AWS's inbound message id for a
/// two-way SMS); without one they are handled again.</para>
/// <para>Registered as a singleton by <c>AddAwsSmsInbound()</c>; resolve it once per Lambda instance. Thread-safe and
/// reflection-free (Native AOT).</para>
/// </remarks>
public sealed class SnsEventProcessor
{
    private const string Source = "SNS";

    private readonly InboundRecordRunner _runner;
    private readonly TimeProvider _timeProvider;

    internal SnsEventProcessor(
        SqsInboundProcessor processor,
        IOptionsMonitor<SqsInboundOptions> options,
        TimeProvider timeProvider,
        ISendClaimStore? claims = null,
        ILogger<SnsEventProcessor>? logger = null)
    {
        _runner = new InboundRecordRunner(processor, claims, options, logger ?? (ILogger)NullLogger.Instance);
        _timeProvider = timeProvider;
    }

    /// <summary>Processes a Lambda SNS event.</summary>
    /// <param name="snsEvent">The event JSON (UTF-8) exactly as Lambda passed it.</param>
    /// <param name="cancellationToken">Cancels the work; unfinished records are reported as failures.</param>
    /// <returns>Each record's outcome (its <see cref="LambdaRecordResult.MessageId"/> is the SNS <c>MessageId</c>).</returns>
    /// <exception cref="InvalidDataException">
    /// The event is not a Lambda SNS event (not JSON, no <c>Records</c>, a record without <c>Sns</c> or its <c>MessageId</c>).
    /// Nothing was processed.
    /// </exception>
    public async Task<LambdaBatchResult> ProcessAsync(ReadOnlyMemory<byte> snsEvent, CancellationToken cancellationToken = default)
    {
        var records = Read(snsEvent.Span);
        var results = new LambdaRecordResult[records.Count];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, records.Count),
            new ParallelOptions { MaxDegreeOfParallelism = _runner.MaxConcurrency },
            async (i, _) => results[i] = await ProcessRecordAsync(records[i], cancellationToken).ConfigureAwait(false)).ConfigureAwait(false);

        var batch = new LambdaBatchResult(results);
        LambdaLog.EventDone(_runner.Logger, Source, results.Length, batch.BatchItemFailures.Count);
        return batch;
    }

    /// <summary>Processes a Lambda SNS event read from a stream (read to its end, not disposed).</summary>
    /// <param name="snsEvent">The event JSON.</param>
    /// <param name="cancellationToken">Cancels the work; unfinished records are reported as failures.</param>
    /// <returns>Each record's outcome.</returns>
    /// <exception cref="InvalidDataException">The event is not a Lambda SNS event.</exception>
    public async Task<LambdaBatchResult> ProcessAsync(Stream snsEvent, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(snsEvent);
        using var buffer = new MemoryStream();
        await snsEvent.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
        return await ProcessAsync(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The whole of a Stream-based Lambda handler: processes the event and throws when a record failed, so that Lambda
    /// retries the invocation and finally sends it to the on-failure destination.
    /// </summary>
    /// <param name="snsEvent">The event JSON.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>A task that completes when every record succeeded.</returns>
    /// <exception cref="MessagingException">A record failed or was rejected; the message lists them with their reasons.</exception>
    /// <exception cref="InvalidDataException">The event is not a Lambda SNS event.</exception>
    public async Task HandleAsync(Stream snsEvent, CancellationToken cancellationToken = default)
    {
        var result = await ProcessAsync(snsEvent, cancellationToken).ConfigureAwait(false);
        result.EnsureSuccess();
    }

    private async Task<LambdaRecordResult> ProcessRecordAsync(SnsRecordModel record, CancellationToken cancellationToken)
    {
        var sns = record.Sns!;
        var source = new RecordSource(Source, "sns", sns.MessageId!, record.EventSubscriptionArn ?? sns.TopicArn, null);
        if (cancellationToken.IsCancellationRequested)
        {
            LambdaLog.RecordCancelled(_runner.Logger, Source, source.Id);
            return new LambdaRecordResult(source.Id, LambdaRecordOutcome.Failed, InboundFailureReason.Cancelled);
        }

        LambdaLog.Body(_runner.Logger, Source, source.Id, sns.Message);
        SqsBody parsed;
        if (string.IsNullOrEmpty(sns.Type) || sns.Message is null)
        {
            parsed = SqsBody.Invalid(InboundFailureReason.UnknownShape, "an SNS record without a string Type and Message");
        }
        else
        {
            var envelope = new SnsEnvelope
            {
                Type = sns.Type,
                MessageId = sns.MessageId,
                TopicArn = sns.TopicArn,
                Subject = sns.Subject,
                Message = sns.Message,
                Timestamp = sns.Timestamp,
                SignatureVersion = sns.SignatureVersion,
                Signature = sns.Signature,
                SigningCertUrl = sns.SigningCertUrl ?? sns.SigningCertUrlUpper,
            };
            try
            {
                parsed = await _runner.Processor.ReadEnvelopeAsync(envelope, _timeProvider.GetUtcNow(), cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                LambdaLog.RecordCancelled(_runner.Logger, Source, source.Id);
                return new LambdaRecordResult(source.Id, LambdaRecordOutcome.Failed, InboundFailureReason.Cancelled);
            }
        }

        return await _runner.RunAsync(source, parsed, cancellationToken).ConfigureAwait(false);
    }

    private List<SnsRecordModel> Read(ReadOnlySpan<byte> json)
    {
        SnsEventModel? model;
        try
        {
            model = JsonSerializer.Deserialize(json, LambdaEventJsonContext.Default.SnsEventModel);
        }
        catch (JsonException e)
        {
            throw Unreadable($"not a JSON SNS event (line {e.LineNumber}, byte {e.BytePositionInLine})");
        }

        if (model?.Records is not { } records)
        {
            throw Unreadable("no Records array (is the function triggered by something other than SNS?)");
        }

        for (var i = 0; i < records.Count; i++)
        {
            if (records[i] is not { Sns.MessageId.Length: > 0 })
            {
                throw Unreadable($"record {i} has no Sns.MessageId");
            }
        }

        return [.. records.Select(static r => r!)];
    }

    private InvalidDataException Unreadable(string problem)
    {
        LambdaLog.EventUnreadable(_runner.Logger, Source, problem);
        return new InvalidDataException($"The SNS event cannot be read: {problem}.");
    }
}
