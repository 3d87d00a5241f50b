namespace Nutritionist.Messaging;

/// <summary>Why a message was not accepted. Provider-specific codes travel beside it in <see cref="MessagingError.ProviderCode"/>.</summary>
public enum MessagingErrorCode
{
    /// <summary>The recipient is not a valid phone number, cannot receive on this platform, or does not exist for the provider.</summary>
    InvalidRecipient = 0,

    /// <summary>The content is invalid: empty, too long, bad media URL, or a template where none is allowed.</summary>
    InvalidMessage = 1,

    /// <summary>The recipient opted out of messages on this platform.</summary>
    OptedOut = 2,

    /// <summary>A free-form WhatsApp message outside the recipient's 24-hour customer-service window; send a template instead.</summary>
    SessionWindowClosed = 3,

    /// <summary>The provider or the client-side rate limiter refused the request for now.</summary>
    Throttled = 4,

    /// <summary>An account quota or spend limit is exhausted.</summary>
    QuotaExceeded = 5,

    /// <summary>The message would cost more than the configured maximum price.</summary>
    PriceOverThreshold = 6,

    /// <summary>The provider did not accept the credentials (wrong, expired, or a bad signature).</summary>
    AuthenticationFailed = 7,

    /// <summary>The credentials are valid but not allowed to perform the operation.</summary>
    AccessDenied = 8,

    /// <summary>The provider could not be reached or failed internally.</summary>
    ProviderUnavailable = 9,

    /// <summary>No provider is registered for the platform, or the provider's sender is not set up.</summary>
    NotConfigured = 10,

    /// <summary>Anything else; the message and the provider code say more.</summary>
    Unknown = 11,
}
