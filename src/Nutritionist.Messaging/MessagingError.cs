namespace Nutritionist.Messaging;

/// <summary>Why a message was not accepted.</summary>
public sealed class MessagingError
{
    /// <summary>Creates an error.</summary>
    /// <param name="code">The library's classification.</param>
    /// <param name="message">A human-readable explanation that names the problem.</param>
    /// <param name="providerCode">The provider's own error code or type, if the error came from a provider.</param>
    /// <param name="isTransient">Whether the same message may succeed if sent again later.</param>
    public MessagingError(MessagingErrorCode code, string message, string? providerCode = null, bool isTransient = false)
    {
        ArgumentException.ThrowIfNullOrEmpty(message);
        Code = code;
        Message = message;
        ProviderCode = providerCode;
        IsTransient = isTransient;
    }

    /// <summary>The library's classification of the error.</summary>
    public MessagingErrorCode Code { get; }

    /// <summary>A human-readable explanation; for provider errors it keeps the provider's own text.</summary>
    public string Message { get; }

    /// <summary>The provider's own error code (for example Twilio <c>21211</c> or AWS <c>ValidationException</c>).</summary>
    public string? ProviderCode { get; }

    /// <summary>Whether the same message may succeed if sent again later.</summary>
    public bool IsTransient { get; }

    /// <summary>The exception behind the error, when there was one.</summary>
    public Exception? Exception { get; init; }

    /// <inheritdoc />
    public override string ToString() =>
        ProviderCode is null ? $"{Code}: {Message}" : $"{Code} ({ProviderCode}): {Message}";
}
