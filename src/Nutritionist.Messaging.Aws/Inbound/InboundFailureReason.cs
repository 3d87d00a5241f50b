namespace Nutritionist.Messaging.Aws.Inbound;

/// <summary>
/// Why an SQS message or SNS record was not processed. It stays in the queue (or, from the Lambda entry points, goes back
/// as a batch item failure) for redelivery and, in the end, the dead-letter queue.
/// </summary>
public enum InboundFailureReason
{
    /// <summary>No failure.</summary>
    None = 0,

    /// <summary>The body is empty.</summary>
    EmptyBody,

    /// <summary>The body (or the SNS <c>Message</c> inside it) is not JSON.</summary>
    MalformedJson,

    /// <summary>The JSON is neither an SNS envelope, a two-way SMS payload, an SMS event record nor an End User Messaging Social WhatsApp event.</summary>
    UnknownShape,

    /// <summary>A field the payload needs is missing or has the wrong type.</summary>
    MissingField,

    /// <summary>An SNS envelope has no <c>Signature</c>, <c>SignatureVersion</c> or <c>SigningCertURL</c> while signatures are required.</summary>
    SnsSignatureMissing,

    /// <summary>An SNS envelope uses a <c>SignatureVersion</c> other than 1 or 2.</summary>
    SnsUnsupportedSignatureVersion,

    /// <summary>The certificate URL is not https on <c>sns.&lt;region&gt;.amazonaws.com</c> ending in <c>.pem</c>; nothing was fetched.</summary>
    SnsCertificateUrlRejected,

    /// <summary>The certificate could not be fetched or read (possibly transient).</summary>
    SnsCertificateUnavailable,

    /// <summary>The certificate is not an SNS certificate (subject), is outside its validity period, or has no RSA key.</summary>
    SnsCertificateRejected,

    /// <summary>The signature does not match the message (forged or tampered).</summary>
    SnsSignatureInvalid,

    /// <summary>The inbound pipeline or one of the application's handlers threw.</summary>
    HandlerFailed,

    /// <summary>
    /// Another receiver holds the claim of the same message (it is being processed elsewhere, or a crashed receiver's
    /// claim has not expired yet); it comes back later and is then skipped or processed.
    /// </summary>
    ClaimInProgress,

    /// <summary>The shared claim store (<c>ISendClaimStore</c>) could not be reached; the message was not processed.</summary>
    ClaimStoreFailed,

    /// <summary>The caller cancelled the work (for example the Lambda invocation was about to time out) before it finished.</summary>
    Cancelled,

    /// <summary>A record of a FIFO batch after one that failed: returned unprocessed, so the message group keeps its order.</summary>
    NotAttempted,

    /// <summary>
    /// An AWS End User Messaging Social WhatsApp event whose <c>whatsAppWebhookEntry</c> is missing, not a string, or not
    /// a JSON object.
    /// </summary>
    WhatsAppEventMalformed,

    /// <summary>
    /// The <c>whatsAppWebhookEntry</c> of an AWS End User Messaging Social event is JSON but not a Cloud API webhook entry
    /// (no <c>changes</c> array, a messages change without its <c>value</c>, a message without its <c>from</c>, <c>id</c> or
    /// <c>type</c>, a status without its <c>id</c> or <c>status</c>). Nothing of it reached the pipeline.
    /// </summary>
    WhatsAppEntryMalformed,
}
