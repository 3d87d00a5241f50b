using Microsoft.Extensions.Logging;

namespace Nutritionist.Messaging.Twilio.Internal;

/// <summary>
/// The Twilio package's log lines; event ids 3000–3099. Numbers are masked, bodies appear only at Trace, and no
/// credential, token or signature is ever a parameter.
/// </summary>
internal static partial class Log
{
    [LoggerMessage(3000, LogLevel.Debug, "Sending WhatsApp {Kind} message to {Recipient} through Twilio account {AccountSid}")]
    public static partial void Sending(ILogger logger, string kind, string recipient, string accountSid);

    [LoggerMessage(3001, LogLevel.Trace, "WhatsApp message to {Recipient} body: {Body}")]
    public static partial void Body(ILogger logger, string recipient, string? body);

    [LoggerMessage(3002, LogLevel.Debug, "Twilio accepted WhatsApp message {MessageSid} to {Recipient} with status {ProviderStatus}")]
    public static partial void Accepted(ILogger logger, string messageSid, string recipient, string? providerStatus);

    [LoggerMessage(3003, LogLevel.Debug, "Twilio refused WhatsApp message to {Recipient}: {ErrorCode} ({ProviderCode}, HTTP {StatusCode})")]
    public static partial void Refused(ILogger logger, string recipient, MessagingErrorCode errorCode, string? providerCode, int? statusCode);

    [LoggerMessage(3004, LogLevel.Debug, "WhatsApp message to {Recipient} not sent, it is invalid for Twilio: {Reason}")]
    public static partial void Invalid(ILogger logger, string recipient, string reason);

    [LoggerMessage(3010, LogLevel.Debug, "Listed {Count} content templates of Twilio account {AccountSid}")]
    public static partial void TemplatesListed(ILogger logger, int count, string accountSid);

    [LoggerMessage(3011, LogLevel.Debug, "Resolved WhatsApp template {TemplateName} ({Language}) to Content SID {ContentSid} through the {Source}")]
    public static partial void TemplateResolved(ILogger logger, string templateName, string? language, string contentSid, string source);

    [LoggerMessage(3020, LogLevel.Debug, "Resolved WhatsApp sender {SenderSid} for {Sender}")]
    public static partial void SenderResolved(ILogger logger, string senderSid, string sender);

    [LoggerMessage(3021, LogLevel.Information, "Updated the WhatsApp business profile of sender {SenderSid}")]
    public static partial void ProfileUpdated(ILogger logger, string senderSid);

    [LoggerMessage(3030, LogLevel.Warning, "Twilio webhook refused: {Outcome} for {Path}")]
    public static partial void WebhookRefused(ILogger logger, string outcome, string path);

    [LoggerMessage(3031, LogLevel.Debug, "Twilio webhook accepted: {Kind} {MessageSid} from {Sender}")]
    public static partial void WebhookAccepted(ILogger logger, string kind, string? messageSid, string sender);

    [LoggerMessage(3040, LogLevel.Debug, "Twilio {Platform} message {MessageSid} from {Sender} processed by the inbound pipeline: keyword {Keyword}, reply {ReplyStatus}")]
    public static partial void InboundHandled(ILogger logger, MessagingPlatform platform, string messageSid, string sender, Nutritionist.Messaging.Inbound.KeywordKind keyword, SendStatus? replyStatus);

    [LoggerMessage(3041, LogLevel.Debug, "Twilio {Platform} status callback for {MessageSid}: {ProviderStatus} as {Status}, tracked status changed: {Changed}")]
    public static partial void StatusHandled(ILogger logger, MessagingPlatform platform, string messageSid, string providerStatus, Nutritionist.Messaging.Delivery.DeliveryStatus status, bool changed);

    [LoggerMessage(3042, LogLevel.Warning, "Twilio status {ProviderStatus} of message {MessageSid} is not recognised; it is recorded as Unknown")]
    public static partial void UnrecognizedStatus(ILogger logger, string providerStatus, string messageSid);

    [LoggerMessage(3043, LogLevel.Error, "Processing the Twilio {Kind} {MessageSid} failed; the webhook answers an error so that Twilio retries it")]
    public static partial void WebhookHandlingFailed(ILogger logger, Exception exception, string kind, string messageSid);

    [LoggerMessage(3060, LogLevel.Debug, "Twilio webhook {Path} (Lambda HTTP event) answered {StatusCode} ({Outcome})")]
    public static partial void Answered(ILogger logger, string path, int statusCode, string outcome);

    [LoggerMessage(3061, LogLevel.Warning, "Twilio webhook {Path} (Lambda HTTP event) refused with {StatusCode} ({Outcome}): {Reason}")]
    public static partial void FunctionUrlRefused(ILogger logger, string path, int statusCode, string outcome, string reason);

    [LoggerMessage(3062, LogLevel.Warning, "Twilio webhook {Path} (Lambda HTTP event) failed with {ExceptionType}; answering 500 so that Twilio retries")]
    public static partial void FunctionUrlHandlerFailed(ILogger logger, string path, string exceptionType);
}
