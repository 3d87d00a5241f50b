using Microsoft.Extensions.Logging;

namespace Nutritionist.Messaging.AspNetCore.Internal;

/// <summary>
/// The ASP.NET Core package's log lines; event ids 4000–4099. Paths only (never the query, the form, the signature or
/// a phone number): what happened to the message itself is logged by the Twilio package (3030–3059) or the Meta package
/// (3130–3149). Shared by the Twilio and Meta endpoints.
/// </summary>
internal static partial class Log
{
    [LoggerMessage(4000, LogLevel.Debug, "Webhook {Path} answered {StatusCode} ({Outcome})")]
    public static partial void Answered(ILogger logger, string path, int statusCode, string outcome);

    [LoggerMessage(4001, LogLevel.Warning, "Webhook {Path} failed with {ExceptionType}; answering 500 so that the provider retries")]
    public static partial void HandlerFailed(ILogger logger, string path, string exceptionType);

    [LoggerMessage(4002, LogLevel.Warning, "Webhook {Path} has an unreadable body ({ExceptionType}); answering 400")]
    public static partial void UnreadableForm(ILogger logger, string path, string exceptionType);
}
