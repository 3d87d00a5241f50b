namespace Nutritionist.Messaging;

/// <summary>
/// Reads and changes the WhatsApp business profile of the configured sender (Twilio Senders API, or Meta's
/// <c>whatsapp_business_profile</c> of the phone number).
/// </summary>
/// <remarks>Implementations are singletons and thread-safe.</remarks>
public interface IWhatsAppBusinessProfile
{
    /// <summary>Reads the sender's business profile.</summary>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The profile.</returns>
    /// <exception cref="MessagingException">The provider refused the request, the sender could not be found, or the provider could not be reached.</exception>
    Task<WhatsAppBusinessProfile> GetAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Changes the sender's business profile. Only the properties that are set (not <see langword="null"/>) are sent;
    /// the others stay as they are. An empty list clears emails or websites.
    /// </summary>
    /// <param name="profile">The values to change.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The profile as the provider reports it after the change (WhatsApp may review some fields before they show).</returns>
    /// <exception cref="MessagingException">
    /// The provider refused the request or cannot change a property that is set (<see cref="MessagingErrorCode.InvalidMessage"/>,
    /// naming it), the sender could not be found, or the provider could not be reached.
    /// </exception>
    Task<WhatsAppBusinessProfile> UpdateAsync(WhatsAppBusinessProfile profile, CancellationToken cancellationToken = default);
}
