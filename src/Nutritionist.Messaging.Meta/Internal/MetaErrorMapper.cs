using System.Globalization;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace Nutritionist.Messaging.Meta.Internal;

/// <summary>Turns Cloud API error answers and transport failures into classified <see cref="MessagingException"/>s.</summary>
/// <remarks>
/// Codes from Meta's Cloud API error reference:
/// <list type="bullet">
/// <item>131047 re-engagement message (more than 24 hours since the person last wrote) → <see cref="MessagingErrorCode.SessionWindowClosed"/>.</item>
/// <item>131026 message undeliverable (not a WhatsApp user, old app, terms not accepted) → <see cref="MessagingErrorCode.InvalidRecipient"/>.</item>
/// <item>130429 throughput limit, 131056 pair rate limit (too many messages to one person), 80007 account rate limit, and
/// 4 / 80004 / HTTP 429 → <see cref="MessagingErrorCode.Throttled"/>, transient and certainly not sent; the wait comes from
/// <c>Retry-After</c>, else from <c>estimated_time_to_regain_access</c> (minutes) in <c>X-Business-Use-Case-Usage</c>.</item>
/// <item>190 access token expired or invalid, and HTTP 401 → <see cref="MessagingErrorCode.AuthenticationFailed"/>.</item>
/// <item>100 invalid parameter, 131009 parameter value not valid, 131008 required parameter missing, 131051 unsupported
/// message type, 132000–132001 template parameters or template not found → <see cref="MessagingErrorCode.InvalidMessage"/>.</item>
/// <item>10 / 200 permission not granted, 131031 account locked, 368 temporarily blocked, HTTP 403 →
/// <see cref="MessagingErrorCode.AccessDenied"/>; 133010 phone number not registered → <see cref="MessagingErrorCode.NotConfigured"/>.</item>
/// <item>Any 5xx (and 131000 / 1 / 2 "something went wrong" and "service unavailable") →
/// <see cref="MessagingErrorCode.ProviderUnavailable"/> with <see cref="MessagingException.MayHaveBeenSent"/>: Meta may have
/// taken the message before failing, so the router reports Unknown and does not retry by default.</item>
/// </list>
/// </remarks>
internal static class MetaErrorMapper
{
    public static MessagingException FromResponse(HttpResponseMessage response, byte[] content, TimeProvider timeProvider)
    {
        var status = (int)response.StatusCode;
        var api = Parse(content, status);
        var (kind, transient, mayHaveBeenSent) = Classify(api.ErrorCode, status);
        var providerCode = api.ErrorCode?.ToString(CultureInfo.InvariantCulture);
        return new MessagingException(kind, Describe(api, status), providerCode, status, transient, api)
        {
            MayHaveBeenSent = mayHaveBeenSent,
            RetryAfter = kind == MessagingErrorCode.Throttled ? RetryAfterOf(response, timeProvider) : null,
        };
    }

    internal static (MessagingErrorCode Code, bool Transient, bool MayHaveBeenSent) Classify(int? code, int status) => code switch
    {
        131047 => (MessagingErrorCode.SessionWindowClosed, false, false),
        131026 => (MessagingErrorCode.InvalidRecipient, false, false),
        130429 or 131056 or 80007 or 4 or 80004 => (MessagingErrorCode.Throttled, true, false),
        190 => (MessagingErrorCode.AuthenticationFailed, false, false),
        100 or 131008 or 131009 or 131051 or 132000 or 132001 => (MessagingErrorCode.InvalidMessage, false, false),
        10 or 200 or 131031 or 368 => (MessagingErrorCode.AccessDenied, false, false),
        133010 => (MessagingErrorCode.NotConfigured, false, false),
        _ => status switch
        {
            429 => (MessagingErrorCode.Throttled, true, false),
            401 => (MessagingErrorCode.AuthenticationFailed, false, false),
            403 => (MessagingErrorCode.AccessDenied, false, false),
            >= 500 and < 600 => (MessagingErrorCode.ProviderUnavailable, true, true),
            _ => code is 131000 or 1 or 2
                ? (MessagingErrorCode.ProviderUnavailable, true, true)
                : (MessagingErrorCode.Unknown, false, false),
        },
    };

    /// <summary>Reads <c>{"error": {…}}</c>; an answer that is not that shape keeps its first bytes as the message.</summary>
    internal static MetaApiException Parse(byte[] content, int status)
    {
        try
        {
            if (content.Length > 0)
            {
                using var document = JsonDocument.Parse(content);
                if (document.RootElement.ValueKind == JsonValueKind.Object
                    && document.RootElement.TryGetProperty("error", out var error)
                    && error.ValueKind == JsonValueKind.Object)
                {
                    string? details = null;
                    if (error.TryGetProperty("error_data", out var data) && data.ValueKind == JsonValueKind.Object)
                    {
                        details = StringMember(data, "details");
                    }

                    return new MetaApiException(StringMember(error, "message") ?? $"HTTP {status.ToString(CultureInfo.InvariantCulture)}")
                    {
                        ErrorCode = IntMember(error, "code"),
                        ErrorSubcode = IntMember(error, "error_subcode"),
                        ErrorType = StringMember(error, "type"),
                        Details = details,
                        FbTraceId = StringMember(error, "fbtrace_id"),
                        StatusCode = status,
                    };
                }
            }
        }
        catch (JsonException)
        {
            // An HTML page from a proxy, say: described by its first bytes below.
        }

        var text = Encoding.UTF8.GetString(content, 0, Math.Min(content.Length, 256)).Trim();
        return new MetaApiException(text.Length == 0 ? $"HTTP {status.ToString(CultureInfo.InvariantCulture)} with no error document" : text) { StatusCode = status };
    }

    public static bool IsTransportFailure(Exception e, CancellationToken cancellationToken) =>
        e is HttpRequestException or IOException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested);

    /// <summary>Whether the failure happened before any byte of the request could reach Meta (refused, unresolvable, TLS).</summary>
    public static bool IsCertainlyNotSent(Exception e)
    {
        if (e is not HttpRequestException http)
        {
            return false;
        }

        if (http.HttpRequestError is HttpRequestError.NameResolutionError or HttpRequestError.SecureConnectionError)
        {
            return true;
        }

        for (var inner = e.InnerException; inner is not null; inner = inner.InnerException)
        {
            if (inner is SocketException { SocketErrorCode: SocketError.ConnectionRefused or SocketError.HostNotFound or SocketError.HostUnreachable or SocketError.NetworkUnreachable })
            {
                return true;
            }
        }

        return false;
    }

    public static MessagingException TransportFailure(Exception e, bool requestLeft)
    {
        var what = e is OperationCanceledException ? "timed out" : "failed";
        var detail = requestLeft
            ? "the request may have reached Meta, so the message may have been sent"
            : "the request did not reach Meta; the message was not sent";
        return new MessagingException(
            MessagingErrorCode.ProviderUnavailable,
            $"The Cloud API call {what} ({detail}): {e.Message}",
            e is OperationCanceledException ? "Timeout" : e.GetType().Name,
            isTransient: true,
            innerException: e)
        {
            MayHaveBeenSent = requestLeft,
        };
    }

    private static string Describe(MetaApiException api, int status)
    {
        var text = new StringBuilder("Meta error");
        if (api.ErrorCode is { } code)
        {
            text.Append(' ').Append(code.ToString(CultureInfo.InvariantCulture));
        }

        if (api.ErrorSubcode is { } subcode)
        {
            text.Append(" (subcode ").Append(subcode.ToString(CultureInfo.InvariantCulture)).Append(')');
        }

        text.Append(" HTTP ").Append(status.ToString(CultureInfo.InvariantCulture)).Append(": ").Append(api.Message);
        if (!string.IsNullOrEmpty(api.Details))
        {
            text.Append(" — ").Append(api.Details);
        }

        if (!string.IsNullOrEmpty(api.FbTraceId))
        {
            text.Append(" (fbtrace_id ").Append(api.FbTraceId).Append(')');
        }

        return text.ToString();
    }

    private static TimeSpan? RetryAfterOf(HttpResponseMessage response, TimeProvider time)
    {
        var retryAfter = response.Headers.RetryAfter;
        if (retryAfter?.Delta is { } delta)
        {
            return delta;
        }

        if (retryAfter?.Date is { } date)
        {
            var wait = date - time.GetUtcNow();
            return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        }

        // Meta's business use case header: {"<business id>": [{"type": "whatsapp", "estimated_time_to_regain_access": 5, …}]}, minutes.
        if (response.Headers.TryGetValues("X-Business-Use-Case-Usage", out var values))
        {
            var minutes = 0;
            foreach (var value in values)
            {
                try
                {
                    using var document = JsonDocument.Parse(value);
                    if (document.RootElement.ValueKind != JsonValueKind.Object)
                    {
                        continue;
                    }

                    foreach (var business in document.RootElement.EnumerateObject())
                    {
                        if (business.Value.ValueKind != JsonValueKind.Array)
                        {
                            continue;
                        }

                        foreach (var usage in business.Value.EnumerateArray())
                        {
                            if (usage.ValueKind == JsonValueKind.Object && IntMember(usage, "estimated_time_to_regain_access") is > 0 and var m)
                            {
                                minutes = Math.Max(minutes, m);
                            }
                        }
                    }
                }
                catch (JsonException)
                {
                    // A malformed usage header gives no hint; the router's own back-off applies.
                }
            }

            if (minutes > 0)
            {
                return TimeSpan.FromMinutes(minutes);
            }
        }

        return null;
    }

    private static string? StringMember(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static int? IntMember(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number) ? number : null;
}
