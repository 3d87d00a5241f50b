namespace Nutritionist.Messaging;

/// <summary>
/// One template of the account: a Twilio content template (the Content API's <c>ContentAndApprovals</c> list) or a Meta
/// message template (<c>/{WABA-ID}/message_templates</c>).
/// </summary>
public sealed class WhatsAppTemplateInfo
{
    /// <summary>Creates a template description.</summary>
    /// <param name="sid">
    /// The provider's id of the template: the Content SID (<c>HX…</c>, the value for <see cref="WhatsAppTemplate.ContentSid"/>)
    /// for Twilio, the template id (digits) for Meta.
    /// </param>
    public WhatsAppTemplateInfo(string sid)
    {
        ArgumentException.ThrowIfNullOrEmpty(sid);
        Sid = sid;
    }

    /// <summary>The provider's id of the template: a Content SID (<c>HX</c> and 32 hexadecimal characters) for Twilio, the template id for Meta.</summary>
    public string Sid { get; }

    /// <summary>The template's name in the account: Twilio's friendly name, Meta's template name.</summary>
    public string? Name { get; init; }

    /// <summary>The template's language (<c>en</c>, <c>en_US</c>, as the provider reports it).</summary>
    public string? Language { get; init; }

    /// <summary>
    /// The template's variables and their sample values, keyed by variable name (<c>"1"</c>, <c>"2"</c>, … or named). For
    /// Meta, the placeholders of the body text, and those of the header text prefixed <c>header:</c>.
    /// </summary>
    public IReadOnlyDictionary<string, string> Variables { get; init; } = new Dictionary<string, string>();

    /// <summary>The content types the template defines: Twilio's (<c>twilio/text</c>, <c>twilio/media</c>, …), Meta's component types (<c>header</c>, <c>body</c>, <c>footer</c>, <c>buttons</c>).</summary>
    public IReadOnlyList<string> ContentTypes { get; init; } = [];

    /// <summary>
    /// WhatsApp's approval status, lower case (<c>approved</c>, <c>pending</c>, <c>received</c>, <c>rejected</c>,
    /// <c>paused</c>, <c>disabled</c>, <c>unsubmitted</c>); <see langword="null"/> when the provider reports none.
    /// </summary>
    public string? WhatsAppApprovalStatus { get; init; }

    /// <summary><see langword="true"/> when WhatsApp approved the template, so it can open a conversation outside the 24-hour window.</summary>
    public bool IsApprovedForWhatsApp => string.Equals(WhatsAppApprovalStatus, "approved", StringComparison.OrdinalIgnoreCase);

    /// <summary>The WhatsApp template name submitted for approval, when there is one.</summary>
    public string? WhatsAppTemplateName { get; init; }

    /// <summary>The WhatsApp category (<c>UTILITY</c>, <c>MARKETING</c>, <c>AUTHENTICATION</c>, …), when known.</summary>
    public string? WhatsAppCategory { get; init; }

    /// <summary>Why WhatsApp rejected the template, when it did.</summary>
    public string? RejectionReason { get; init; }

    /// <summary>When the template was created, when the provider says.</summary>
    public DateTimeOffset? DateCreated { get; init; }

    /// <summary>When the template was last updated, when the provider says.</summary>
    public DateTimeOffset? DateUpdated { get; init; }
}
