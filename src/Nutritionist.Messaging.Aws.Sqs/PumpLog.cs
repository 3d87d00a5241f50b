using Microsoft.Extensions.Logging;

namespace Nutritionist.Messaging.Aws.Inbound;

/// <summary>
/// The SQS pump's log lines. Event ids 2100–2108 (the rest of 2100–2199 is the SNS verification's, in
/// Nutritionist.Messaging.Aws). Phone numbers are masked, bodies appear only at Trace, and no signature, token or
/// credential is ever a parameter.
/// </summary>
internal static partial class PumpLog
{
    [LoggerMessage(2100, LogLevel.Information, "SQS pump started on {QueueCount} queue(s) with at most {MaxConcurrency} messages at once")]
    public static partial void PumpStarted(ILogger logger, int queueCount, int maxConcurrency);

    [LoggerMessage(2101, LogLevel.Information, "SQS pump stopped")]
    public static partial void PumpStopped(ILogger logger);

    [LoggerMessage(2102, LogLevel.Warning, "Receiving from {QueueUrl} failed ({ExceptionType}); retrying in {Delay}")]
    public static partial void ReceiveFailed(ILogger logger, Exception exception, string queueUrl, string exceptionType, TimeSpan delay);

    [LoggerMessage(2103, LogLevel.Warning, "SQS message {SqsMessageId} from {QueueUrl} rejected: {Reason} ({Detail}); left for redelivery (receive {ReceiveCount})")]
    public static partial void MessageRejected(ILogger logger, string? sqsMessageId, string queueUrl, InboundFailureReason reason, string? detail, string? receiveCount);

    [LoggerMessage(2104, LogLevel.Error, "Processing {Kind} {ProviderMessageId} ({Party}) from SQS message {SqsMessageId} failed ({ExceptionType}); left for redelivery (receive {ReceiveCount})")]
    public static partial void MessageFailed(ILogger logger, Exception exception, SqsBodyKind kind, string? providerMessageId, string party, string? sqsMessageId, string exceptionType, string? receiveCount);

    [LoggerMessage(2105, LogLevel.Debug, "Processed {Kind} {ProviderMessageId} ({Party}) from SQS message {SqsMessageId}")]
    public static partial void MessageProcessed(ILogger logger, SqsBodyKind kind, string? providerMessageId, string party, string? sqsMessageId);

    [LoggerMessage(2106, LogLevel.Information, "SQS message {SqsMessageId} from {QueueUrl} ignored: {Detail}")]
    public static partial void MessageIgnored(ILogger logger, string? sqsMessageId, string queueUrl, string? detail);

    [LoggerMessage(2107, LogLevel.Warning, "Deleting SQS message {SqsMessageId} from {QueueUrl} failed ({ExceptionType}); it will be delivered again")]
    public static partial void DeleteFailed(ILogger logger, Exception exception, string? sqsMessageId, string queueUrl, string exceptionType);

    [LoggerMessage(2108, LogLevel.Trace, "SQS message {SqsMessageId} from {QueueUrl} body: {Body}")]
    public static partial void Body(ILogger logger, string? sqsMessageId, string queueUrl, string? body);
}
