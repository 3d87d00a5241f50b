using Microsoft.Extensions.Logging;

namespace Nutritionist.Messaging.Aws.Inbound;

/// <summary>
/// The SNS verification's log lines. Event ids 2100–2199, shared with the SQS pump's (<c>PumpLog</c> in
/// Nutritionist.Messaging.Aws.Sqs, 2100–2108). Phone numbers are masked, bodies appear only at Trace, and no signature,
/// token or credential is ever a parameter.
/// </summary>
internal static partial class InboundLog
{
    [LoggerMessage(2109, LogLevel.Debug, "Fetched SNS signing certificate {CertificateUrl} ({Subject}, valid until {NotAfter:u})")]
    public static partial void CertificateFetched(ILogger logger, string certificateUrl, string subject, DateTime notAfter);

    [LoggerMessage(2110, LogLevel.Warning, "SNS signing certificate {CertificateUrl} could not be fetched")]
    public static partial void CertificateUnavailable(ILogger logger, Exception exception, string certificateUrl);

    [LoggerMessage(2111, LogLevel.Warning, "SNS envelope {SnsMessageId} from topic {TopicArn} accepted without a signature check (RequireSnsSignature is off)")]
    public static partial void SignatureNotRequired(ILogger logger, string? snsMessageId, string? topicArn);
}
