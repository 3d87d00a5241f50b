using System.Net;
using Nutritionist.Messaging.Aws.Wire;

namespace Nutritionist.Messaging.Aws.Internal;

/// <summary>
/// Turns AWS error answers into <see cref="MessagingException"/>s (issue 3, point 5) and spots origination failures (point 7).
/// One table for both services: <c>pinpoint-sms-voice-v2</c> and <c>socialmessaging</c> (whose <c>ThrottledRequestException</c>,
/// <c>InvalidParametersException</c>, <c>InternalServiceException</c> and <c>DependencyException</c> join their SMS counterparts).
/// </summary>
internal static class AwsErrorMapper
{
    private static readonly HashSet<string> AuthenticationErrors = new(StringComparer.Ordinal)
    {
        "UnrecognizedClientException", "InvalidSignatureException", "ExpiredTokenException", "IncompleteSignatureException",
        "MissingAuthenticationTokenException", "MissingAuthenticationToken", "InvalidClientTokenId", "SignatureDoesNotMatch",
        "RequestExpired", "ExpiredToken", "NotAuthorized",
    };

    // ConflictException reasons that say the identity cannot send (not the message or the recipient).
    private static readonly HashSet<string> OriginationConflicts = new(StringComparer.Ordinal)
    {
        "NO_ORIGINATION_IDENTITIES_FOUND", "RESOURCE_NOT_ACTIVE", "NUMBER_CAPABILITIES_MISMATCH", "MESSAGE_TYPE_MISMATCH",
    };

    // ValidationException reasons that say the identity cannot serve the destination country.
    private static readonly HashSet<string> OriginationCountryValidations = new(StringComparer.Ordinal)
    {
        "INVALID_IDENTITY_FOR_DESTINATION_COUNTRY", "SENDER_ID_NOT_REGISTERED", "SENDER_ID_NOT_SUPPORTED", "SENDER_ID_REQUIRES_REGISTRATION",
        "INTERNATIONAL_SENDING_NOT_SUPPORTED",
    };

    private static readonly HashSet<string> RecipientValidations = new(StringComparer.Ordinal)
    {
        "DESTINATION_COUNTRY_BLOCKED", "COUNTRY_CODE_MISMATCH", "INVALID_IDENTITY_FOR_DESTINATION_COUNTRY", "INTERNATIONAL_SENDING_NOT_SUPPORTED",
    };

    private static readonly HashSet<string> RecipientConflicts = new(StringComparer.Ordinal)
    {
        "DESTINATION_PHONE_NUMBER_NOT_VERIFIED", "DESTINATION_COUNTRY_BLOCKED_BY_PROTECT_CONFIGURATION", "DESTINATION_PHONE_NUMBER_BLOCKED_BY_PROTECT_NUMBER_OVERRIDE",
    };

    private static readonly HashSet<string> OriginationResourceTypes = new(StringComparer.Ordinal) { "pool", "phone-number", "sender-id" };

    /// <summary>Whether the error is tied to the origination identity that was used, so another identity may succeed.</summary>
    /// <param name="error">The error.</param>
    /// <param name="identity">The identity the request named.</param>
    /// <param name="countryScoped"><see langword="true"/> when the identity fails only for the destination country.</param>
    public static bool IsOriginationFailure(AwsApiException error, string identity, out bool countryScoped)
    {
        ArgumentNullException.ThrowIfNull(error);
        countryScoped = false;
        switch (error.ErrorType)
        {
            case "ResourceNotFoundException":
                return (error.ResourceType is { } type && OriginationResourceTypes.Contains(type))
                    || (error.ResourceId is { } id && (identity.Equals(id, StringComparison.Ordinal) || identity.EndsWith("/" + id, StringComparison.Ordinal)));
            case "ConflictException":
                return error.Reason is { } conflict && OriginationConflicts.Contains(conflict);
            case "ValidationException" when error.Reason is { } reason && OriginationCountryValidations.Contains(reason):
                countryScoped = true;
                return true;
            default:
                return false;
        }
    }

    /// <summary>Classifies an AWS error answer.</summary>
    public static MessagingException ToMessagingException(AwsApiException error)
    {
        ArgumentNullException.ThrowIfNull(error);
        var status = (int)error.StatusCode;
        var (code, transient, maySent) = Classify(error, status);
        var reasonText = error.Reason is null ? string.Empty : $" ({error.Reason})";
        var fieldsText = error.Fields.Count == 0 ? string.Empty : " Fields: " + string.Join("; ", error.Fields.Select(f => $"{f.Name}: {f.Message}"));
        var message = $"AWS {error.ErrorType}{reasonText}: {error.AwsMessage}{fieldsText}";
        return new MessagingException(code, message, error.Reason is null ? error.ErrorType : $"{error.ErrorType}/{error.Reason}", status, transient, error)
        {
            MayHaveBeenSent = maySent,
            RetryAfter = error.RetryAfter,
        };
    }

    private static (MessagingErrorCode Code, bool Transient, bool MayHaveBeenSent) Classify(AwsApiException error, int status)
    {
        var reason = error.Reason ?? string.Empty;
        switch (error.ErrorType)
        {
            case "ThrottlingException" or "ThrottledException" or "ThrottledRequestException" or "TooManyRequestsException":
                return (MessagingErrorCode.Throttled, true, false);
            case "ConflictException" when reason == "DESTINATION_PHONE_NUMBER_OPTED_OUT":
                return (MessagingErrorCode.OptedOut, false, false);
            case "ConflictException" when RecipientConflicts.Contains(reason):
                return (MessagingErrorCode.InvalidRecipient, false, false);
            case "ConflictException" when OriginationConflicts.Contains(reason):
                return (MessagingErrorCode.NotConfigured, false, false);
            case "ConflictException":
                return (MessagingErrorCode.Unknown, false, false);
            case "ValidationException" when reason == "PRICE_OVER_THRESHOLD":
                return (MessagingErrorCode.PriceOverThreshold, false, false);
            case "ValidationException" when RecipientValidations.Contains(reason)
                || error.Fields.Any(f => f.Name.Equals("DestinationPhoneNumber", StringComparison.OrdinalIgnoreCase)):
                return (MessagingErrorCode.InvalidRecipient, false, false);
            case "ValidationException" when reason.StartsWith("SENDER_ID_", StringComparison.Ordinal):
                return (MessagingErrorCode.NotConfigured, false, false);
            case "ValidationException" or "InvalidParametersException":
                return (MessagingErrorCode.InvalidMessage, false, false);
            case "ServiceQuotaExceededException":
                return (MessagingErrorCode.QuotaExceeded, false, false);
            case "AccessDeniedException":
                return (MessagingErrorCode.AccessDenied, false, false);
            case var type when AuthenticationErrors.Contains(type):
                return (MessagingErrorCode.AuthenticationFailed, type is "ExpiredTokenException" or "ExpiredToken" or "RequestExpired", false);
            case "ResourceNotFoundException":
                return (MessagingErrorCode.NotConfigured, false, false);
            case "InternalServerException" or "InternalServiceException" or "DependencyException" or "InternalFailure" or "ServiceUnavailableException" or "ServiceUnavailable":
                return (MessagingErrorCode.ProviderUnavailable, true, true);
        }

        return status switch
        {
            (int)HttpStatusCode.TooManyRequests => (MessagingErrorCode.Throttled, true, false),
            (int)HttpStatusCode.Forbidden => (MessagingErrorCode.AuthenticationFailed, false, false),
            (int)HttpStatusCode.Unauthorized => (MessagingErrorCode.AuthenticationFailed, false, false),
            >= 500 => (MessagingErrorCode.ProviderUnavailable, true, true),
            _ => (MessagingErrorCode.Unknown, false, false),
        };
    }
}
