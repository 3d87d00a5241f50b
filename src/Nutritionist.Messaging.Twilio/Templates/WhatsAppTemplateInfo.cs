namespace Nutritionist.Messaging.Twilio;

/// <summary>One content template of the account, as the Content API's <c>ContentAndApprovals</c> list describes it.</summary>
public sealed class WhatsAppTemplateInfo
{
    /// <summary>Creates a template description.</summary>
    /// <param name="sid">The Content SID (<c>HX…</c>), the value to put in <see cref="WhatsAppTemplate.ContentSid"/>.</param>
    public WhatsAppTemplateInfo(string sid)
    {
        ArgumentException.ThrowIfNullOrEmpty(sid);
        Sid = sid;
    }

    /// <summary>The Content SID (<c>HX</c> and 32 hexadecimal characters).</summary>
    public string Sid { get; }

    /// <summary>The template's friendly name in the account.</summary>
    public string? Name { get; init; }

    /// <summary>The template's language (ISO 639-1, for example <c>en</c>).</summary>
    public string? Language { get; init; }

    /// <summary>The template's variables and their sample (default) values, keyed by variable name (<c>"1"</c>, <c>"2"</c>, …).</summary>
    public IReadOnlyDictionary<string, string> Variables { get; init; } = new Dictionary<string, string>();

    /// <summary>The content types the template defines (<c>twilio/text</c>, <c>twilio/media</c>, …).</summary>
    public IReadOnlyList<string> ContentTypes { get; init; } = [];

    /// <summary>
    /// WhatsApp's approval status as Twilio reports it, lower case (<c>approved</c>, <c>pending</c>, <c>received</c>,
    /// <c>rejected</c>, <c>paused</c>, <c>disabled</c>, <c>unsubmitted</c>); <see langword="null"/> when Twilio reports none.
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

    /// <summary>When the template was created, when Twilio says.</summary>
    public DateTimeOffset? DateCreated { get; init; }

    /// <summary>When the template was last updated, when Twilio says.</summary>
    public DateTimeOffset? DateUpdated { get; init; }
}
