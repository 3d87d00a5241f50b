namespace Nutritionist.Messaging.Testing.Conformance;

/// <summary>Which store a <see cref="StoreConformanceCase"/> checks.</summary>
public enum StoreKind
{
    /// <summary><see cref="OptOut.IOptOutStore"/>.</summary>
    OptOut,

    /// <summary><see cref="Inbound.IConversationWindowStore"/>.</summary>
    ConversationWindow,

    /// <summary><see cref="Delivery.IDeliveryTracker"/>.</summary>
    DeliveryTracker,

    /// <summary><see cref="Idempotency.ISendClaimStore"/>.</summary>
    SendClaim,
}
