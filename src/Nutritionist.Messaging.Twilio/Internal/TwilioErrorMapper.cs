using System.Globalization;
using System.Text.Json;

namespace Nutritionist.Messaging.Twilio.Internal;

/// <summary>Turns Twilio's error answers and transport failures into classified <see cref="MessagingException"/>s, keeping Twilio's own text.</summary>
/// <remarks>
/// Each code was checked against Twilio's error reference (twilio.com/docs/api/errors/NNNNN):
/// <list type="bullet">
/// <item>21211 invalid 'To' number; 21614 'To' not a valid mobile number; 63003 channel could not find the To address
/// (not a WhatsApp user, or badly formatted) → <see cref="MessagingErrorCode.InvalidRecipient"/>.</item>
/// <item>21610 recipient unsubscribed (replied STOP) → <see cref="MessagingErrorCode.OptedOut"/>. 63014 is "channel message
/// blocked by user action": the user blocked the business or withdrew consent. Twilio's page lists both blocking and
/// opting out as causes, so it is not strictly an opt-out, but in both cases further messages will fail until the user
/// re-engages, so it is treated as one (the router records it in the opt-out store).</item>
/// <item>63016 outside the 24-hour window; send a template (ContentSid) → <see cref="MessagingErrorCode.SessionWindowClosed"/>.</item>
/// <item>20429 / HTTP 429 too many requests → <see cref="MessagingErrorCode.Throttled"/>, transient, certainly not sent.</item>
/// <item>20003 / HTTP 401 authentication failed → <see cref="MessagingErrorCode.AuthenticationFailed"/>.</item>
/// <item>21606 'From' is not a message-capable number of this account; 63007 no channel (WhatsApp sender) for the 'From'
/// address, or it is pending approval → <see cref="MessagingErrorCode.NotConfigured"/>.</item>
/// <item>63021 content rejected or unsupported by the channel; 21619 Body, MediaUrl or ContentSid required →
/// <see cref="MessagingErrorCode.InvalidMessage"/>. 63030 ("unsupported parameter for type of channel's message") could
/// not be confirmed in the error reference available to us; it is kept as InvalidMessage as the issue lists it.</item>
/// <item>HTTP 403 → <see cref="MessagingErrorCode.AccessDenied"/>; any 5xx → <see cref="MessagingErrorCode.ProviderUnavailable"/>
/// with <see cref="MessagingException.MayHaveBeenSent"/>, because Twilio may have queued the message before failing.</item>
/// </list>
/// </remarks>
internal static class TwilioErrorMapper
{
    /// <summary>Classifies Twilio's answer with an error status (4xx, 5xx) by its error document's code, else by the status.</summary>
    public static MessagingException FromResponse(int status, string? body, TimeSpan? retryAfter = null)
    {
        // An answer that is not Twilio's document (an HTML 502 from a proxy) is classified by its status alone.
        var document = ReadErrorDocument(body);
        var code = document?.Code ?? 0;
        var providerCode = code != 0 ? code.ToString(CultureInfo.InvariantCulture) : null;
        var message = document?.Message ?? $"Twilio answered HTTP {status.ToString(CultureInfo.InvariantCulture)} without an error document.";
        var text = Describe(message, code, status, document?.MoreInfo);

        var (kind, transient, mayHaveBeenSent) = Classify(code, status);
        return new MessagingException(kind, text, providerCode, status, transient)
        {
            MayHaveBeenSent = mayHaveBeenSent,
            RetryAfter = kind == MessagingErrorCode.Throttled ? retryAfter : null,
        };
    }

    public static MessagingException FromConnection(Exception exception)
    {
        // Refused, unresolvable or failed TLS: the request never left, so sending again is safe.
        var notSent = FindRequestError(exception) is HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError or HttpRequestError.SecureConnectionError;
        var reason = notSent
            ? "Twilio could not be reached; the message was not sent"
            : "The connection to Twilio failed or timed out after the request was sent; the message may have been sent";
        return new MessagingException(
            MessagingErrorCode.ProviderUnavailable,
            $"{reason}: {Innermost(exception).Message}",
            providerCode: null,
            statusCode: null,
            isTransient: true,
            innerException: exception)
        {
            MayHaveBeenSent = !notSent,
        };
    }

    internal static (MessagingErrorCode Code, bool Transient, bool MayHaveBeenSent) Classify(int code, int status) => code switch
    {
        21211 or 21614 or 63003 => (MessagingErrorCode.InvalidRecipient, false, false),
        21610 or 63014 => (MessagingErrorCode.OptedOut, false, false),
        63016 => (MessagingErrorCode.SessionWindowClosed, false, false),
        20429 => (MessagingErrorCode.Throttled, true, false),
        20003 => (MessagingErrorCode.AuthenticationFailed, false, false),
        21606 or 63007 => (MessagingErrorCode.NotConfigured, false, false),
        63021 or 63030 or 21619 => (MessagingErrorCode.InvalidMessage, false, false),
        _ => status switch
        {
            429 => (MessagingErrorCode.Throttled, true, false),
            401 => (MessagingErrorCode.AuthenticationFailed, false, false),
            403 => (MessagingErrorCode.AccessDenied, false, false),
            >= 500 and < 600 => (MessagingErrorCode.ProviderUnavailable, true, true),
            _ => (MessagingErrorCode.Unknown, false, false),
        },
    };

    private static TwilioErrorDocument? ReadErrorDocument(string? body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize(body, TwilioJsonContext.Default.TwilioErrorDocument);
        }
        catch (JsonException)
        {
            // Not Twilio's document (an HTML page from a proxy): the HTTP status alone classifies it.
            return null;
        }
    }

    private static string Describe(string message, int code, int? status, string? moreInfo)
    {
        var head = code != 0 ? $"Twilio error {code.ToString(CultureInfo.InvariantCulture)}" : "Twilio error";
        if (status is { } s)
        {
            head += $" (HTTP {s.ToString(CultureInfo.InvariantCulture)})";
        }

        return string.IsNullOrEmpty(moreInfo) ? $"{head}: {message}" : $"{head}: {message} See {moreInfo}";
    }

    private static HttpRequestError? FindRequestError(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is HttpRequestException http)
            {
                return http.HttpRequestError;
            }
        }

        return null;
    }

    private static Exception Innermost(Exception exception)
    {
        var e = exception;
        while (e.InnerException is not null)
        {
            e = e.InnerException;
        }

        return e;
    }
}
