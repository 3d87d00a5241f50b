using Microsoft.Extensions.Logging;
using Nutritionist.Messaging.Delivery;

namespace Nutritionist.Messaging.Sandbox.Internal;

/// <summary>The sandbox's log messages. Phone numbers and bodies are never logged; ids are.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 9001, Level = LogLevel.Debug, Message = "Sandbox {Provider} {Method} {Path} answered {StatusCode}")]
    public static partial void Request(ILogger logger, SandboxProvider provider, string method, string path, int statusCode);

    [LoggerMessage(EventId = 9002, Level = LogLevel.Debug, Message = "Sandbox {Provider} delivery event for {MessageId}: {Status}")]
    public static partial void DeliveryEvent(ILogger logger, SandboxProvider provider, string messageId, DeliveryStatus status);

    [LoggerMessage(EventId = 9003, Level = LogLevel.Warning, Message = "Sandbox event for {MessageId} could not be processed by the inbound pipeline")]
    public static partial void EventFailed(ILogger logger, string messageId, Exception exception);

    [LoggerMessage(EventId = 9004, Level = LogLevel.Debug, Message = "Sandbox injected an inbound {Provider} message {MessageId}")]
    public static partial void Inbound(ILogger logger, SandboxProvider provider, string? messageId);

    [LoggerMessage(EventId = 9005, Level = LogLevel.Information, Message = "Sandbox {Provider} refused a request: {ErrorCode} (HTTP {StatusCode})")]
    public static partial void Refused(ILogger logger, SandboxProvider provider, string errorCode, int statusCode);
}
