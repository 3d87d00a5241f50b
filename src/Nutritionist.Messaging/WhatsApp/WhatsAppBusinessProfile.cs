namespace Nutritionist.Messaging;

/// <summary>A WhatsApp sender's business profile, as shown to users in WhatsApp.</summary>
public sealed class WhatsAppBusinessProfile
{
    /// <summary>The display name (must follow Meta's display name guidelines; changes are reviewed). Twilio only: Meta changes it in WhatsApp Manager.</summary>
    public string? DisplayName { get; init; }

    /// <summary>The short "about" text.</summary>
    public string? About { get; init; }

    /// <summary>The longer business description.</summary>
    public string? Description { get; init; }

    /// <summary>The business address.</summary>
    public string? Address { get; init; }

    /// <summary>Contact email addresses (Meta keeps one).</summary>
    public IReadOnlyList<string>? Emails { get; init; }

    /// <summary>Web sites (Meta keeps at most two).</summary>
    public IReadOnlyList<Uri>? Websites { get; init; }

    /// <summary>The business vertical, in the provider's words (Twilio: <c>Medical and Health</c>, …; Meta: <c>HEALTH</c>, <c>RESTAURANT</c>, …).</summary>
    public string? Vertical { get; init; }

    /// <summary>The URL of the profile picture. Meta reads it but takes a new picture only as an upload handle, so an update through Meta refuses it.</summary>
    public Uri? LogoUrl { get; init; }

    /// <summary>The sender's SID (<c>XE…</c>); read-only, filled when read from Twilio.</summary>
    public string? SenderSid { get; init; }

    /// <summary>The sender's address (<c>whatsapp:+…</c>); read-only, filled when read from Twilio.</summary>
    public string? SenderId { get; init; }

    /// <summary>The sender's status (<c>ONLINE</c>, <c>OFFLINE</c>, <c>VERIFYING</c>, …); read-only, filled when read from Twilio.</summary>
    public string? Status { get; init; }
}
