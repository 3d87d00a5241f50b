namespace Nutritionist.Messaging.Delivery;

/// <summary>Where a sent message is on its way to the handset.</summary>
public enum DeliveryStatus
{
    /// <summary>Not known (the provider did not say, or said something the library does not recognise).</summary>
    Unknown = 0,

    /// <summary>Accepted by the provider and waiting to be sent.</summary>
    Queued,

    /// <summary>Handed to the carrier or to WhatsApp.</summary>
    Sent,

    /// <summary>Delivered to the handset. Terminal (only <see cref="Read"/> may follow).</summary>
    Delivered,

    /// <summary>Read by the recipient (WhatsApp). Terminal.</summary>
    Read,

    /// <summary>Could not be sent. Terminal.</summary>
    Failed,

    /// <summary>Sent but the carrier could not deliver it. Terminal.</summary>
    Undelivered,

    /// <summary>Its time to live ran out before delivery. Terminal.</summary>
    Expired,
}
