namespace Nutritionist.Messaging;

/// <summary>Sends WhatsApp messages. Register one with <c>AddTwilioWhatsApp</c> or <c>AddWhatsAppProvider</c>.</summary>
/// <remarks>Implementations are singletons and must be thread-safe.</remarks>
public interface IWhatsAppProvider
{
    /// <summary>A short name for logs and results (<c>"twilio-whatsapp"</c>).</summary>
    string Name { get; }

    /// <summary>Sends one message.</summary>
    /// <param name="message">The validated message.</param>
    /// <param name="cancellationToken">Cancels the send.</param>
    /// <returns>The provider's receipt.</returns>
    /// <exception cref="MessagingException">The provider refused the message or could not be reached.</exception>
    Task<ProviderReceipt> SendAsync(WhatsAppMessage message, CancellationToken cancellationToken = default);
}
