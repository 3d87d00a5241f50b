namespace Nutritionist.Messaging.Delivery;

/// <summary>Follows sent messages from acceptance to their final delivery status.</summary>
/// <remarks>
/// The router records every accepted message; the inbound pipeline applies provider updates, which may arrive out of
/// order (see <see cref="DeliveryStatusExtensions.CanAdvanceTo"/>). The default is in memory; a fleet registers a shared
/// implementation with <c>builder.UseDeliveryTracker&lt;T&gt;()</c>. Implementations must be thread-safe.
/// </remarks>
public interface IDeliveryTracker
{
    /// <summary>Records a message the provider accepted.</summary>
    /// <param name="result">The accepted result.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when it is recorded.</returns>
    ValueTask RecordAcceptedAsync(SendResult result, CancellationToken cancellationToken = default);

    /// <summary>
    /// Records several messages the provider accepted, such as one chunk of a bulk send. The router's bulk send calls this
    /// once per chunk instead of <see cref="RecordAcceptedAsync"/> per message, so a shared tracker can write the records
    /// in one batch. Each record follows the same rules as <see cref="RecordAcceptedAsync"/>: an update that overtook the
    /// acceptance keeps its status. A message id may appear more than once.
    /// </summary>
    /// <remarks>
    /// The default records the results one by one with <see cref="RecordAcceptedAsync"/>, so a tracker written before this
    /// member existed keeps working. A failure may leave some of the results recorded and others not.
    /// </remarks>
    /// <param name="results">The accepted results (possibly none).</param>
    /// <param name="cancellationToken">Cancels the writes.</param>
    /// <returns>A task that completes when they are recorded.</returns>
    async ValueTask RecordAcceptedManyAsync(IReadOnlyList<SendResult> results, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(results);
        foreach (var result in results)
        {
            await RecordAcceptedAsync(result, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Applies a provider's update.</summary>
    /// <param name="update">The update.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>
    /// <see langword="true"/> when the recorded status changed; <see langword="false"/> when the update was older than
    /// what is recorded (out of order) or a repeat.
    /// </returns>
    ValueTask<bool> ApplyAsync(DeliveryStatusUpdate update, CancellationToken cancellationToken = default);

    /// <summary>What is known about a message.</summary>
    /// <param name="messageId">The provider's message id.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    /// <returns>The record, or <see langword="null"/> when the message is not tracked.</returns>
    ValueTask<DeliveryRecord?> GetAsync(string messageId, CancellationToken cancellationToken = default);

    /// <summary>Counts per platform and status, and delivery rates.</summary>
    /// <returns>A snapshot.</returns>
    DeliveryStatistics GetStatistics();
}
