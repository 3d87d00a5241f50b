using System.Net;

namespace Nutritionist.Messaging.Aws.Wire;

/// <summary>An error answer of the AWS API, parsed; the provider turns it into a <see cref="MessagingException"/>.</summary>
internal sealed class AwsApiException : Exception
{
    public AwsApiException(string errorType, string awsMessage, HttpStatusCode statusCode)
        : base($"{errorType}: {awsMessage}")
    {
        ErrorType = errorType;
        AwsMessage = awsMessage;
        StatusCode = statusCode;
    }

    public AwsApiException()
        : this("Unknown", "Unknown AWS error.", HttpStatusCode.InternalServerError)
    {
    }

    public AwsApiException(string message)
        : this("Unknown", message, HttpStatusCode.InternalServerError)
    {
    }

    public AwsApiException(string message, Exception innerException)
        : base(message, innerException)
    {
        ErrorType = "Unknown";
        AwsMessage = message;
        StatusCode = HttpStatusCode.InternalServerError;
    }

    /// <summary>The sanitised error type (<c>ConflictException</c>): the part of <c>__type</c> after <c>#</c> and before <c>:</c>.</summary>
    public string ErrorType { get; }

    /// <summary>AWS's own explanation.</summary>
    public string AwsMessage { get; }

    /// <summary>The HTTP status.</summary>
    public HttpStatusCode StatusCode { get; }

    /// <summary>The <c>Reason</c> member (<c>DESTINATION_PHONE_NUMBER_OPTED_OUT</c>), when present.</summary>
    public string? Reason { get; init; }

    /// <summary>The <c>Fields</c> of a <c>ValidationException</c>.</summary>
    public IReadOnlyList<(string Name, string Message)> Fields { get; init; } = [];

    /// <summary>The <c>ResourceType</c> of a <c>ResourceNotFoundException</c> or <c>ConflictException</c>.</summary>
    public string? ResourceType { get; init; }

    /// <summary>The <c>ResourceId</c> of a <c>ResourceNotFoundException</c> or <c>ConflictException</c>.</summary>
    public string? ResourceId { get; init; }

    /// <summary>The request id (<c>x-amzn-RequestId</c>), for support cases.</summary>
    public string? RequestId { get; init; }

    /// <summary>The <c>Retry-After</c> the service sent, if any.</summary>
    public TimeSpan? RetryAfter { get; init; }
}
