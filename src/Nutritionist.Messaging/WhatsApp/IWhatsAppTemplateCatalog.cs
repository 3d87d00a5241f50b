namespace Nutritionist.Messaging;

/// <summary>
/// Lists the WhatsApp templates of the configured account with their approval status: Twilio's content templates
/// (Content API), or the message templates of Meta's WhatsApp Business Account.
/// </summary>
/// <remarks>Implementations are singletons and thread-safe.</remarks>
public interface IWhatsAppTemplateCatalog
{
    /// <summary>Lists every template of the account, with its variables and WhatsApp approval status.</summary>
    /// <param name="cancellationToken">Cancels the listing.</param>
    /// <returns>The templates, in the provider's order.</returns>
    /// <exception cref="MessagingException">The provider refused the request or could not be reached.</exception>
    Task<IReadOnlyList<WhatsAppTemplateInfo>> ListAsync(CancellationToken cancellationToken = default);
}
