namespace Nutritionist.Messaging;

/// <summary>Shortcuts over <see cref="IMessagingClient"/>.</summary>
public static class MessagingClientExtensions
{
    /// <summary>Sends a text message on a platform.</summary>
    /// <param name="client">The client.</param>
    /// <param name="platform">The platform.</param>
    /// <param name="to">The recipient in any format people type.</param>
    /// <param name="message">The text.</param>
    /// <param name="cancellationToken">Cancels the send.</param>
    /// <returns>What happened to the message.</returns>
    /// <example>
    /// <code>
    /// var result = await messaging.SendAsync(MessagingPlatform.WhatsApp, "+14155552671", "Your meal plan is ready!");
    /// </code>
    /// </example>
    public static Task<SendResult> SendAsync(
        this IMessagingClient client,
        MessagingPlatform platform,
        string to,
        string message,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(to);
        ArgumentNullException.ThrowIfNull(message);
        return client.SendAsync(new OutboundMessage(to, message) { Platform = platform }, cancellationToken);
    }
}
