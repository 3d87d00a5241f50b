using Nutritionist.Messaging.Delivery;
using Nutritionist.Messaging.Idempotency;
using Nutritionist.Messaging.Inbound;
using Nutritionist.Messaging.OptOut;

namespace Nutritionist.Messaging.Testing.Conformance;

/// <summary>
/// The stores one <see cref="StoreConformanceCase"/> runs against, made by the caller's factory for the case's clock.
/// Leave a store <see langword="null"/> when it is not implemented; the cases for it then fail with a message saying so
/// (run only <see cref="StoreConformance.CasesFor"/> the kinds you implement).
/// </summary>
public sealed class StoreConformanceSubject
{
    /// <summary>The opt-out store under test.</summary>
    public IOptOutStore? OptOuts { get; init; }

    /// <summary>The WhatsApp window store under test.</summary>
    public IConversationWindowStore? Windows { get; init; }

    /// <summary>The delivery tracker under test.</summary>
    public IDeliveryTracker? Tracker { get; init; }

    /// <summary>The send-claim store under test.</summary>
    public ISendClaimStore? Claims { get; init; }
}
