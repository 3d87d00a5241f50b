using Nutritionist.Messaging.Delivery;

namespace Nutritionist.Messaging.Sandbox;

/// <summary>A delivery event the sandbox produced for an accepted message.</summary>
/// <param name="Provider">The API whose event it is.</param>
/// <param name="Update">The update, as the provider's inbound mapping builds it from <paramref name="Payload"/>; it was fed to the inbound pipeline.</param>
/// <param name="Payload">
/// The provider's own payload: an AWS End User Messaging SMS event record (JSON, as an event destination publishes it)
/// or a Twilio status callback (the <c>application/x-www-form-urlencoded</c> body Twilio posts).
/// </param>
public sealed record SandboxDeliveryEvent(SandboxProvider Provider, DeliveryStatusUpdate Update, string Payload)
{
    /// <summary>The message id the event is about.</summary>
    public string MessageId => Update.MessageId;
}
