namespace Nutritionist.Messaging.Twilio;

/// <summary>What <see cref="TwilioWebhookHandler"/> made of a request.</summary>
public enum TwilioWebhookOutcome
{
    /// <summary>A valid inbound message; <see cref="TwilioWebhookResult.InboundMessage"/> is set. Answer 200 (empty TwiML).</summary>
    InboundMessage = 0,

    /// <summary>A valid delivery status callback; <see cref="TwilioWebhookResult.StatusCallback"/> is set. Answer 200.</summary>
    StatusCallback = 1,

    /// <summary>The request had no <c>X-Twilio-Signature</c> header. Answer 403.</summary>
    MissingSignature = 2,

    /// <summary>The signature (or, for JSON, the body hash) does not match. Answer 403.</summary>
    InvalidSignature = 3,

    /// <summary>No auth token is configured, so signatures cannot be checked. Answer 500; fix the configuration.</summary>
    NotConfigured = 4,

    /// <summary>Correctly signed, but neither an inbound message nor a status callback (missing <c>MessageSid</c>, <c>From</c>…). Answer 400.</summary>
    Unrecognized = 5,
}
