namespace Nutritionist.Messaging;

/// <summary>
/// A classified messaging failure. Providers throw it; the router turns it into a <see cref="SendResult"/>;
/// <see cref="SendResult.EnsureSuccess"/> throws it for callers who prefer exceptions.
/// </summary>
public class MessagingException : Exception
{
    /// <summary>Creates an exception with <see cref="MessagingErrorCode.Unknown"/>.</summary>
    public MessagingException()
        : this(MessagingErrorCode.Unknown, "Messaging failed.")
    {
    }

    /// <summary>Creates an exception with <see cref="MessagingErrorCode.Unknown"/>.</summary>
    /// <param name="message">The explanation.</param>
    public MessagingException(string message)
        : this(MessagingErrorCode.Unknown, message)
    {
    }

    /// <summary>Creates an exception with <see cref="MessagingErrorCode.Unknown"/>.</summary>
    /// <param name="message">The explanation.</param>
    /// <param name="innerException">The cause.</param>
    public MessagingException(string message, Exception? innerException)
        : this(MessagingErrorCode.Unknown, message, innerException: innerException)
    {
    }

    /// <summary>Creates a classified exception.</summary>
    /// <param name="code">The library's classification.</param>
    /// <param name="message">The explanation; for provider errors, keep the provider's own text in it.</param>
    /// <param name="providerCode">The provider's own error code.</param>
    /// <param name="statusCode">The HTTP status code of the provider's answer, if there was one.</param>
    /// <param name="isTransient">Whether the same message may succeed later.</param>
    /// <param name="innerException">The vendor exception or the transport failure.</param>
    public MessagingException(
        MessagingErrorCode code,
        string message,
        string? providerCode = null,
        int? statusCode = null,
        bool isTransient = false,
        Exception? innerException = null)
        : base(message, innerException)
    {
        Code = code;
        ProviderCode = providerCode;
        StatusCode = statusCode;
        IsTransient = isTransient;
    }

    /// <summary>The library's classification.</summary>
    public MessagingErrorCode Code { get; }

    /// <summary>The provider's own error code, for example Twilio <c>21610</c> or AWS <c>ThrottlingException</c>.</summary>
    public string? ProviderCode { get; }

    /// <summary>The HTTP status code of the provider's answer, when there was one.</summary>
    public int? StatusCode { get; }

    /// <summary>Whether the same message may succeed if sent again later.</summary>
    public bool IsTransient { get; }

    /// <summary>
    /// <see langword="true"/> when the request may have reached the provider and the message may have been sent
    /// (a timeout after the request left, a 5xx, a connection reset mid-response). The router reports such failures as
    /// <see cref="SendStatus.Unknown"/> and does not retry them unless told to.
    /// </summary>
    public bool MayHaveBeenSent { get; init; }

    /// <summary>The <c>Retry-After</c> the provider asked for, when it gave one.</summary>
    public TimeSpan? RetryAfter { get; init; }

    /// <summary>Creates the <see cref="MessagingError"/> this exception describes.</summary>
    /// <returns>The error.</returns>
    public MessagingError ToError() => new(Code, Message, ProviderCode, IsTransient) { Exception = this };
}
