namespace Nutritionist.Messaging.Twilio;

/// <summary>Lists the account's WhatsApp content templates (Twilio Content API) with their approval status.</summary>
/// <remarks>Implementations are singletons and thread-safe.</remarks>
public interface IWhatsAppTemplateCatalog
{
    /// <summary>Lists every content template of the account, with its variables and WhatsApp approval status.</summary>
    /// <param name="cancellationToken">Cancels the listing.</param>
    /// <returns>The templates, in Twilio's order.</returns>
    /// <exception cref="MessagingException">Twilio refused the request or could not be reached.</exception>
    Task<IReadOnlyList<WhatsAppTemplateInfo>> ListAsync(CancellationToken cancellationToken = default);
}
