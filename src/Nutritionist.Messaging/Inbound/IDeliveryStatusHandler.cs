using Nutritionist.Messaging.Delivery;

namespace Nutritionist.Messaging.Inbound;

/// <summary>The application's code for delivery status updates. Register any number with DI.</summary>
/// <remarks>Updates may repeat and arrive out of order; a handler that throws causes redelivery, so handlers must be idempotent.</remarks>
public interface IDeliveryStatusHandler
{
    /// <summary>Handles one update.</summary>
    /// <param name="update">The update.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>A task that completes when the update is handled.</returns>
    Task HandleAsync(DeliveryStatusUpdate update, CancellationToken cancellationToken = default);
}
