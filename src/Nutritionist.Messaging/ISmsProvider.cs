namespace Nutritionist.Messaging;

/// <summary>Sends SMS and MMS. Register one with <c>AddAwsSms</c> or <c>AddSmsProvider</c>.</summary>
/// <remarks>Implementations are singletons and must be thread-safe.</remarks>
public interface ISmsProvider
{
    /// <summary>A short name for logs and results (<c>"aws-sms"</c>).</summary>
    string Name { get; }

    /// <summary>Sends one message.</summary>
    /// <param name="message">The validated message.</param>
    /// <param name="cancellationToken">Cancels the send.</param>
    /// <returns>The provider's receipt.</returns>
    /// <exception cref="MessagingException">The provider refused the message or could not be reached.</exception>
    Task<ProviderReceipt> SendAsync(SmsMessage message, CancellationToken cancellationToken = default);
}
