namespace Nutritionist.Messaging.Inbound;

/// <summary>
/// Remembers when each person last wrote on WhatsApp, which opens WhatsApp's 24-hour customer-service window for
/// free-form replies. Outside it, only templates may be sent.
/// </summary>
/// <remarks>The default is in memory and driven by <see cref="TimeProvider"/>. Implementations must be thread-safe.</remarks>
public interface IConversationWindowStore
{
    /// <summary>Records an inbound WhatsApp message, opening (or extending) the window.</summary>
    /// <param name="phoneNumber">The sender in E.164.</param>
    /// <param name="receivedAt">When the message arrived.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when it is recorded.</returns>
    ValueTask RecordInboundAsync(string phoneNumber, DateTimeOffset receivedAt, CancellationToken cancellationToken = default);

    /// <summary>Whether the window is open now.</summary>
    /// <param name="phoneNumber">The recipient in E.164.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    /// <returns><see langword="true"/> when the person wrote within the last 24 hours.</returns>
    ValueTask<bool> IsOpenAsync(string phoneNumber, CancellationToken cancellationToken = default);
}
