namespace Nutritionist.Messaging.Meta;

/// <summary>What <see cref="MetaWebhookProcessor"/> made of one webhook request.</summary>
public enum MetaWebhookOutcome
{
    /// <summary>The GET handshake carried the right verify token: answer 200 with <see cref="MetaWebhookResult.Body"/> (the challenge).</summary>
    Verified = 0,

    /// <summary>A correctly signed notification; its messages and statuses went through the inbound pipeline. Answer 200.</summary>
    Accepted = 1,

    /// <summary>The GET handshake had the wrong mode or verify token. Answer 403.</summary>
    VerificationFailed = 2,

    /// <summary>The POST had no <c>X-Hub-Signature-256</c> header. Answer 403.</summary>
    MissingSignature = 3,

    /// <summary>The <c>X-Hub-Signature-256</c> header does not match the body and the app secret. Answer 403.</summary>
    InvalidSignature = 4,

    /// <summary>Correctly signed, but not JSON or not the shape of a WhatsApp Business Account notification; nothing was processed. Answer 400.</summary>
    Malformed = 5,

    /// <summary>The app secret (for POSTs) or verify token (for the handshake) is not configured. Answer 500.</summary>
    NotConfigured = 6,
}
