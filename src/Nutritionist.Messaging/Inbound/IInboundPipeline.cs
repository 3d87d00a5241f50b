using Nutritionist.Messaging.Delivery;

namespace Nutritionist.Messaging.Inbound;

/// <summary>
/// Where every inbound message and delivery update goes, whichever provider brought it (SQS pump, Twilio webhook,
/// sandbox): opt-out keywords, WhatsApp windows, delivery tracking, then the application's handlers.
/// </summary>
/// <remarks>Thread-safe singleton. An exception from a handler propagates so the caller can leave the message for redelivery.</remarks>
public interface IInboundPipeline
{
    /// <summary>Processes a message a person sent.</summary>
    /// <param name="message">The message.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>What was done.</returns>
    Task<InboundResult> ProcessMessageAsync(InboundMessage message, CancellationToken cancellationToken = default);

    /// <summary>Processes a delivery status update.</summary>
    /// <param name="update">The update.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns><see langword="true"/> when the tracked status changed.</returns>
    Task<bool> ProcessDeliveryStatusAsync(DeliveryStatusUpdate update, CancellationToken cancellationToken = default);
}
