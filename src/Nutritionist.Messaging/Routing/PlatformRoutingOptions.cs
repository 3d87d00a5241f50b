namespace Nutritionist.Messaging.Routing;

/// <summary>
/// One platform's routing: the first of <see cref="Rules"/> that matches a message picks its provider, else
/// <see cref="Default"/>; when that provider certainly did not send the message (it is unavailable, its circuit is open,
/// or it is not configured for the recipient's country) the next provider of <see cref="Failover"/> is tried.
/// </summary>
/// <remarks>
/// Provider names are those given to the named registrations (<c>AddMetaWhatsApp("meta")</c>), or the provider's own name
/// for the unnamed one (<c>twilio-whatsapp</c>, <c>meta</c>, <c>aws-whatsapp</c>, <c>aws-sms</c>). Unknown names, empty rules
/// and weights that are not positive fail when the host starts.
/// </remarks>
public sealed class PlatformRoutingOptions
{
    /// <summary>Rules tried in order; the first whose conditions all hold picks the provider.</summary>
    public IList<ProviderRoutingRule> Rules { get; set; } = [];

    /// <summary>
    /// The provider of messages no rule matches. <see langword="null"/> (the default) means the unnamed registration, or the
    /// only named one; with several named providers and no unnamed one it must be set.
    /// </summary>
    public string? Default { get; set; }

    /// <summary>
    /// Providers to try, in order, after the chosen one certainly did not send the message (never after an ambiguous failure,
    /// which may have reached the person). The chosen provider is skipped if it is also listed.
    /// </summary>
    public IList<string> Failover { get; set; } = [];

    /// <summary>Whether anything is configured (a rule, a default or a failover list).</summary>
    internal bool IsConfigured => Rules.Count > 0 || Default is not null || Failover.Count > 0;
}
