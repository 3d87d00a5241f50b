using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Nutritionist.Messaging.Aws.Inbound;
using Nutritionist.Messaging.Idempotency;

namespace Nutritionist.Messaging.Aws.Lambda;

/// <summary>
/// The entry point of an AWS Lambda function triggered by an SQS event source mapping: it takes the event JSON Lambda
/// passes, runs every record through the same parsing, SNS verification and inbound pipeline as the SQS pump, and
/// returns the partial batch response.
/// </summary>
/// <remarks>
/// <para>Records are processed concurrently, at most <see cref="SqsInboundOptions.MaxConcurrency"/> at once (in order, one
/// at a time, for a FIFO queue, where the first failure also fails every later record so the group keeps its order).</para>
/// <para>A record that fails — a handler or the pipeline threw, a store was unreachable, the invocation was cancelled — is
/// listed in <c>batchItemFailures</c> and comes back after the visibility timeout. So is a record that can never succeed
/// (not JSON, an unknown shape, an unsigned or forged SNS envelope): nothing is deleted silently, and the queue's redrive
/// policy moves it to the dead-letter queue after <c>maxReceiveCount</c> receives. Each such record is logged once per
/// receive with its <see cref="InboundFailureReason"/>. Set <c>ReportBatchItemFailures</c> on the event source mapping, or
/// Lambda ignores the response and deletes the whole batch.</para>
/// <para>When an <see cref="ISendClaimStore"/> is registered (shared across instances for a fleet), each message is claimed
/// before the pipeline runs and remembered once processed, so a redelivered record that was already handled — after a
/// partial batch failure or a duplicate delivery — is skipped (<see cref="LambdaRecordOutcome.Duplicate"/>). Without one,
/// processing is at least once.</para>
/// <para>Registered as a singleton by <c>AddAwsSmsInbound()</c>; resolve it once per Lambda instance. Thread-safe.
/// Reflection-free (source-generated JSON), so it works in a Native AOT function.</para>
/// </remarks>
public sealed class SqsEventProcessor
{
    private const string Source = "SQS";

    private readonly InboundRecordRunner _runner;
    private readonly TimeProvider _timeProvider;

    internal SqsEventProcessor(
        SqsInboundProcessor processor,
        IOptionsMonitor<SqsInboundOptions> options,
        TimeProvider timeProvider,
        ISendClaimStore? claims = null,
        ILogger<SqsEventProcessor>? logger = null)
    {
        _runner = new InboundRecordRunner(processor, claims, options, logger ?? (ILogger)NullLogger.Instance);
        _timeProvider = timeProvider;
    }

    /// <summary>Processes a Lambda SQS event.</summary>
    /// <param name="sqsEvent">The event JSON (UTF-8) exactly as Lambda passed it.</param>
    /// <param name="cancellationToken">Cancels the work (for example shortly before the invocation's deadline); unfinished records are returned as failures.</param>
    /// <returns>Each record's outcome and the partial batch response (<see cref="LambdaBatchResult.ToBatchResponseJson"/>).</returns>
    /// <exception cref="InvalidDataException">
    /// The event is not a Lambda SQS event (not JSON, no <c>Records</c>, a record without <c>messageId</c>): its records cannot
    /// be named in a partial batch response, so the whole invocation must fail and every message comes back. Nothing was processed.
    /// </exception>
    public async Task<LambdaBatchResult> ProcessAsync(ReadOnlyMemory<byte> sqsEvent, CancellationToken cancellationToken = default)
    {
        var records = Read(sqsEvent.Span);
        var results = new LambdaRecordResult[records.Count];
        var fifo = records.Count > 0 && records[0].EventSourceArn is { } arn && arn.EndsWith(".fifo", StringComparison.Ordinal);
        if (fifo)
        {
            var failed = false;
            for (var i = 0; i < records.Count; i++)
            {
                if (failed)
                {
                    LambdaLog.FifoRecordSkipped(_runner.Logger, records[i].EventSourceArn, records[i].MessageId!);
                    results[i] = new LambdaRecordResult(records[i].MessageId!, LambdaRecordOutcome.Failed, InboundFailureReason.NotAttempted);
                    continue;
                }

                results[i] = await ProcessRecordAsync(records[i], cancellationToken).ConfigureAwait(false);
                failed = results[i].IsFailure;
            }
        }
        else
        {
            await Parallel.ForEachAsync(
                Enumerable.Range(0, records.Count),
                new ParallelOptions { MaxDegreeOfParallelism = _runner.MaxConcurrency },
                async (i, _) => results[i] = await ProcessRecordAsync(records[i], cancellationToken).ConfigureAwait(false)).ConfigureAwait(false);
        }

        var batch = new LambdaBatchResult(results);
        LambdaLog.EventDone(_runner.Logger, Source, results.Length, batch.BatchItemFailures.Count);
        return batch;
    }

    /// <summary>Processes a Lambda SQS event read from a stream (the stream is read to its end, not disposed).</summary>
    /// <param name="sqsEvent">The event JSON.</param>
    /// <param name="cancellationToken">Cancels the work; unfinished records are returned as failures.</param>
    /// <returns>Each record's outcome and the partial batch response.</returns>
    /// <exception cref="InvalidDataException">The event is not a Lambda SQS event; see <see cref="ProcessAsync(ReadOnlyMemory{byte}, CancellationToken)"/>.</exception>
    public async Task<LambdaBatchResult> ProcessAsync(Stream sqsEvent, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sqsEvent);
        using var buffer = new MemoryStream();
        await sqsEvent.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
        return await ProcessAsync(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The whole of a Stream-based Lambda handler: processes the event and returns the partial batch response JSON
    /// (<c>{"batchItemFailures":[…]}</c>) as a new stream positioned at its start.
    /// </summary>
    /// <param name="sqsEvent">The event JSON.</param>
    /// <param name="cancellationToken">Cancels the work; unfinished records are returned as failures.</param>
    /// <returns>The response JSON.</returns>
    /// <exception cref="InvalidDataException">The event is not a Lambda SQS event; the invocation fails and the whole batch comes back.</exception>
    public async Task<Stream> HandleAsync(Stream sqsEvent, CancellationToken cancellationToken = default)
    {
        var result = await ProcessAsync(sqsEvent, cancellationToken).ConfigureAwait(false);
        return new MemoryStream(result.ToBatchResponseJson(), writable: false);
    }

    private async Task<LambdaRecordResult> ProcessRecordAsync(SqsRecordModel record, CancellationToken cancellationToken)
    {
        var source = new RecordSource(Source, "sqs", record.MessageId!, record.EventSourceArn, record.Attributes?.ApproximateReceiveCount);
        if (cancellationToken.IsCancellationRequested)
        {
            LambdaLog.RecordCancelled(_runner.Logger, Source, source.Id);
            return new LambdaRecordResult(source.Id, LambdaRecordOutcome.Failed, InboundFailureReason.Cancelled);
        }

        LambdaLog.Body(_runner.Logger, Source, source.Id, record.Body);
        var receivedAt = SentTimestamp(record) ?? _timeProvider.GetUtcNow();
        SqsBody parsed;
        try
        {
            parsed = await _runner.Processor.ReadAsync(record.Body, receivedAt, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            LambdaLog.RecordCancelled(_runner.Logger, Source, source.Id);
            return new LambdaRecordResult(source.Id, LambdaRecordOutcome.Failed, InboundFailureReason.Cancelled);
        }

        return await _runner.RunAsync(source, parsed, cancellationToken).ConfigureAwait(false);
    }

    private List<SqsRecordModel> Read(ReadOnlySpan<byte> json)
    {
        SqsEventModel? model;
        try
        {
            model = JsonSerializer.Deserialize(json, LambdaEventJsonContext.Default.SqsEventModel);
        }
        catch (JsonException e)
        {
            // The position only: the exception message may quote a body.
            throw Unreadable($"not a JSON SQS event (line {e.LineNumber}, byte {e.BytePositionInLine})");
        }

        if (model?.Records is not { } records)
        {
            throw Unreadable("no Records array (is the function triggered by something other than SQS?)");
        }

        for (var i = 0; i < records.Count; i++)
        {
            if (records[i] is not { MessageId: { Length: > 0 } })
            {
                throw Unreadable($"record {i} has no messageId, so it cannot be named in a partial batch response");
            }
        }

        return [.. records.Select(static r => r!)];
    }

    private InvalidDataException Unreadable(string problem)
    {
        LambdaLog.EventUnreadable(_runner.Logger, Source, problem);
        return new InvalidDataException($"The SQS event cannot be read: {problem}.");
    }

    private static DateTimeOffset? SentTimestamp(SqsRecordModel record) =>
        long.TryParse(record.Attributes?.SentTimestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var ms)
        && ms is >= 0 and <= 253402300799999
            ? DateTimeOffset.FromUnixTimeMilliseconds(ms)
            : null;
}
