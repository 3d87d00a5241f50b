namespace Nutritionist.Messaging.Meta;

/// <summary>
/// An error answer of Meta's Graph API (<c>{"error": {"message", "type", "code", "error_subcode", "error_data", "fbtrace_id"}}</c>),
/// as the <see cref="Exception.InnerException"/> of the classified <see cref="MessagingException"/> the provider throws.
/// </summary>
/// <remarks>Quote <see cref="FbTraceId"/> when asking Meta's support about a failed call.</remarks>
public sealed class MetaApiException : Exception
{
    /// <summary>Creates an exception with no details.</summary>
    public MetaApiException()
        : this("Meta API error.")
    {
    }

    /// <summary>Creates an exception with Meta's text.</summary>
    /// <param name="message">Meta's <c>error.message</c>.</param>
    public MetaApiException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with Meta's text and a cause.</summary>
    /// <param name="message">Meta's <c>error.message</c>.</param>
    /// <param name="innerException">The cause.</param>
    public MetaApiException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Meta's <c>error.code</c> (<c>131047</c>, <c>190</c>), when the answer had one.</summary>
    public int? ErrorCode { get; init; }

    /// <summary>Meta's <c>error.error_subcode</c>, when the answer had one.</summary>
    public int? ErrorSubcode { get; init; }

    /// <summary>Meta's <c>error.type</c> (<c>OAuthException</c>), when the answer had one.</summary>
    public string? ErrorType { get; init; }

    /// <summary>Meta's <c>error.error_data.details</c>: the longer explanation, when the answer had one.</summary>
    public string? Details { get; init; }

    /// <summary>Meta's <c>error.fbtrace_id</c>, the id of the request in Meta's logs.</summary>
    public string? FbTraceId { get; init; }

    /// <summary>The HTTP status of the answer.</summary>
    public int StatusCode { get; init; }
}
