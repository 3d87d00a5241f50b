using System.Buffers;
using System.Text.Json;

namespace Nutritionist.Messaging.Aws.Lambda;

/// <summary>
/// What became of every record of one Lambda SQS or SNS event, and the partial batch response Lambda expects from an SQS
/// function (<c>{"batchItemFailures":[{"itemIdentifier":"…"}]}</c>).
/// </summary>
public sealed class LambdaBatchResult
{
    internal LambdaBatchResult(IReadOnlyList<LambdaRecordResult> records)
    {
        Records = records;
        BatchItemFailures = [.. records.Where(static r => r.IsFailure).Select(static r => r.MessageId)];
    }

    /// <summary>One result per record, in the order of the event's <c>Records</c>.</summary>
    public IReadOnlyList<LambdaRecordResult> Records { get; }

    /// <summary>The ids of the records that must come back, in record order.</summary>
    public IReadOnlyList<string> BatchItemFailures { get; }

    /// <summary>Whether no record failed.</summary>
    public bool IsSuccess => BatchItemFailures.Count == 0;

    /// <summary>
    /// The partial batch response as UTF-8 JSON: <c>{"batchItemFailures":[{"itemIdentifier":"&lt;messageId&gt;"},…]}</c>,
    /// with an empty list when every record succeeded. Lambda reads it only when the event source mapping has
    /// <c>FunctionResponseTypes: ["ReportBatchItemFailures"]</c>.
    /// </summary>
    /// <returns>The JSON bytes.</returns>
    public byte[] ToBatchResponseJson()
    {
        var buffer = new ArrayBufferWriter<byte>(32 + (BatchItemFailures.Count * 64));
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteStartArray("batchItemFailures");
            foreach (var id in BatchItemFailures)
            {
                writer.WriteStartObject();
                writer.WriteString("itemIdentifier", id);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>
    /// Throws when a record failed. An SNS-triggered function calls it so that Lambda retries the invocation (twice for
    /// asynchronous invocations) and then hands the event to the function's on-failure destination or dead-letter queue.
    /// </summary>
    /// <returns>This result, when every record succeeded.</returns>
    /// <exception cref="MessagingException">A record failed; the message lists each failed record with its reason.</exception>
    public LambdaBatchResult EnsureSuccess()
    {
        if (IsSuccess)
        {
            return this;
        }

        var failed = Records.Where(static r => r.IsFailure).ToList();
        throw new MessagingException(
            MessagingErrorCode.Unknown,
            $"{failed.Count} of {Records.Count} record(s) failed: {string.Join(", ", failed)}.",
            providerCode: failed[0].Reason.ToString(),
            isTransient: failed.Any(static r => r.Outcome == LambdaRecordOutcome.Failed));
    }
}
