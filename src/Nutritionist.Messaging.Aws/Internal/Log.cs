using Microsoft.Extensions.Logging;

namespace Nutritionist.Messaging.Aws.Internal;

/// <summary>
/// The AWS provider's log lines. Event ids 2000–2099 are stable. Recipients are masked by the caller; bodies only at Trace;
/// no credential, signature or AWS error text (which can contain a full phone number) is ever a parameter.
/// </summary>
internal static partial class Log
{
    [LoggerMessage(2000, LogLevel.Information, "{Service} endpoint {Endpoint}, signing region {Region}, credentials from {CredentialSource}")]
    public static partial void Resolved(ILogger logger, string service, Uri endpoint, string region, string credentialSource);

    [LoggerMessage(2001, LogLevel.Debug, "AWS {Operation} request to {Endpoint}")]
    public static partial void Request(ILogger logger, string operation, Uri endpoint);

    [LoggerMessage(2002, LogLevel.Debug, "AWS {Operation} failed with HTTP {StatusCode}: {ErrorType} {Reason} (request id {RequestId})")]
    public static partial void ApiError(ILogger logger, string operation, int statusCode, string errorType, string? reason, string? requestId);

    [LoggerMessage(2003, LogLevel.Debug, "Sending {Operation} to {Recipient} from {OriginationIdentity}")]
    public static partial void Sending(ILogger logger, string operation, string recipient, string originationIdentity);

    [LoggerMessage(2004, LogLevel.Trace, "AWS SMS body to {Recipient}: {Body}")]
    public static partial void Body(ILogger logger, string recipient, string? body);

    [LoggerMessage(2005, LogLevel.Debug, "AWS accepted message {MessageId} to {Recipient} from {OriginationIdentity}")]
    public static partial void Accepted(ILogger logger, string messageId, string recipient, string originationIdentity);

    [LoggerMessage(2006, LogLevel.Warning, "Origination identity {OriginationIdentity} failed for {Recipient} ({ErrorType} {Reason}); skipping it{Scope} for {Cooldown} and trying the next one")]
    public static partial void FailingOver(ILogger logger, string originationIdentity, string recipient, string errorType, string? reason, string scope, TimeSpan cooldown);

    [LoggerMessage(2007, LogLevel.Warning, "Origination identity {OriginationIdentity} failed for {Recipient} ({ErrorType} {Reason}) and no other identity is left")]
    public static partial void FailoverExhausted(ILogger logger, string originationIdentity, string recipient, string errorType, string? reason);

    [LoggerMessage(2010, LogLevel.Warning, "Checking {Recipient} against the AWS opt-out list {OptOutList} failed ({ErrorCode}); using the local opt-out store's answer")]
    public static partial void OptOutCheckFailed(ILogger logger, string recipient, string optOutList, MessagingErrorCode errorCode);

    [LoggerMessage(2011, LogLevel.Information, "Recorded the opt-out of {Recipient} in the AWS opt-out list {OptOutList}")]
    public static partial void OptOutWritten(ILogger logger, string recipient, string optOutList);

    [LoggerMessage(2012, LogLevel.Information, "Removed {Recipient} from the AWS opt-out list {OptOutList}")]
    public static partial void OptInWritten(ILogger logger, string recipient, string optOutList);

    [LoggerMessage(2013, LogLevel.Trace, "AWS WhatsApp body to {Recipient}: {Body}")]
    public static partial void WhatsAppBody(ILogger logger, string recipient, string? body);
}
