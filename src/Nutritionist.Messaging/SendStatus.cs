namespace Nutritionist.Messaging;

/// <summary>What happened to one message, as far as the library can know when <see cref="IMessagingClient.SendAsync"/> returns.</summary>
/// <remarks>
/// "Accepted" means the provider took the message; delivery to the handset arrives later as a delivery status update.
/// </remarks>
public enum SendStatus
{
    /// <summary>The provider accepted the message and returned its id.</summary>
    Accepted = 0,

    /// <summary>
    /// The message was refused because of the message itself (invalid number, invalid content, opted-out recipient,
    /// closed WhatsApp window, price over the limit). Sending it again unchanged gives the same answer. It was not sent.
    /// </summary>
    Rejected = 1,

    /// <summary>
    /// The message was certainly not sent because of the provider or the set-up (throttling, outage, credentials,
    /// quota, missing configuration). It may succeed later.
    /// </summary>
    Failed = 2,

    /// <summary>
    /// The outcome is not known: the request left but no answer came back (timeout, 5xx, connection reset).
    /// The message may have been sent; sending it again may deliver it twice.
    /// </summary>
    Unknown = 3,
}
