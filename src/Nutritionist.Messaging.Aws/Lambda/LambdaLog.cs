using Microsoft.Extensions.Logging;
using Nutritionist.Messaging.Aws.Inbound;

namespace Nutritionist.Messaging.Aws.Lambda;

/// <summary>
/// The Lambda entry points' log lines. Event ids 2150–2169 (inside the AWS inbound range 2100–2199). Phone numbers are
/// masked; no body, signature or credential is ever a parameter. Each record is logged once per receive.
/// </summary>
internal static partial class LambdaLog
{
    [LoggerMessage(2150, LogLevel.Warning, "{Source} record {RecordId} from {EventSource} rejected: {Reason} ({Detail}); returned as a failure so that it reaches the dead-letter queue (receive {ReceiveCount})")]
    public static partial void RecordRejected(ILogger logger, string source, string recordId, string? eventSource, InboundFailureReason reason, string? detail, string? receiveCount);

    [LoggerMessage(2151, LogLevel.Error, "Processing {Kind} {ProviderMessageId} ({Party}) from {Source} record {RecordId} failed ({ExceptionType}); returned as a failure for redelivery (receive {ReceiveCount})")]
    public static partial void RecordFailed(ILogger logger, Exception exception, SqsBodyKind kind, string? providerMessageId, string party, string source, string recordId, string exceptionType, string? receiveCount);

    [LoggerMessage(2152, LogLevel.Debug, "Processed {Kind} {ProviderMessageId} ({Party}) from {Source} record {RecordId}")]
    public static partial void RecordProcessed(ILogger logger, SqsBodyKind kind, string? providerMessageId, string party, string source, string recordId);

    [LoggerMessage(2153, LogLevel.Information, "{Source} record {RecordId} from {EventSource} ignored: {Detail}")]
    public static partial void RecordIgnored(ILogger logger, string source, string recordId, string? eventSource, string? detail);

    [LoggerMessage(2154, LogLevel.Information, "{Source} record {RecordId} skipped: claim {ClaimKey} shows it was already processed")]
    public static partial void RecordDuplicate(ILogger logger, string source, string recordId, string claimKey);

    [LoggerMessage(2155, LogLevel.Information, "{Source} record {RecordId} returned for redelivery: claim {ClaimKey} is held by another receiver")]
    public static partial void RecordClaimInProgress(ILogger logger, string source, string recordId, string claimKey);

    [LoggerMessage(2156, LogLevel.Warning, "{Source} record {RecordId}: the claim store failed on {Operation} of {ClaimKey} ({ExceptionType})")]
    public static partial void ClaimStoreFailed(ILogger logger, Exception exception, string source, string recordId, string operation, string claimKey, string exceptionType);

    [LoggerMessage(2157, LogLevel.Warning, "{Source} record {RecordId} returned for redelivery: the invocation was cancelled before it finished")]
    public static partial void RecordCancelled(ILogger logger, string source, string recordId);

    [LoggerMessage(2158, LogLevel.Error, "The {Source} event cannot be read: {Problem}; the whole invocation fails")]
    public static partial void EventUnreadable(ILogger logger, string source, string problem);

    [LoggerMessage(2159, LogLevel.Debug, "{Source} event: {RecordCount} record(s), {FailureCount} returned as failures")]
    public static partial void EventDone(ILogger logger, string source, int recordCount, int failureCount);

    [LoggerMessage(2160, LogLevel.Warning, "FIFO queue {EventSource}: record {RecordId} not processed because an earlier record of the batch failed; returned as a failure to keep the order")]
    public static partial void FifoRecordSkipped(ILogger logger, string? eventSource, string recordId);

    [LoggerMessage(2161, LogLevel.Trace, "{Source} record {RecordId} body: {Body}")]
    public static partial void Body(ILogger logger, string source, string recordId, string? body);
}
