namespace Nutritionist.Messaging;

/// <summary>Sends messages on any platform. Resolve it from DI after <c>services.AddNutritionistMessaging()</c>.</summary>
/// <remarks>
/// The library's implementation is a thread-safe singleton. A per-message outcome (invalid number, opted-out recipient,
/// provider refusal) is reported in the <see cref="SendResult"/>, never thrown.
/// </remarks>
public interface IMessagingClient
{
    /// <summary>Sends one message.</summary>
    /// <param name="message">The message.</param>
    /// <param name="cancellationToken">Cancels the send.</param>
    /// <returns>What happened to the message.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="message"/> is <see langword="null"/>.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    Task<SendResult> SendAsync(OutboundMessage message, CancellationToken cancellationToken = default);
}
