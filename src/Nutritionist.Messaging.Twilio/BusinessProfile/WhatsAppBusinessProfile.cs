namespace Nutritionist.Messaging.Twilio;

/// <summary>A WhatsApp sender's business profile, as shown to users in WhatsApp.</summary>
public sealed class WhatsAppBusinessProfile
{
    /// <summary>The display name (must follow Meta's display name guidelines; changes are reviewed).</summary>
    public string? DisplayName { get; init; }

    /// <summary>The short "about" text.</summary>
    public string? About { get; init; }

    /// <summary>The longer business description.</summary>
    public string? Description { get; init; }

    /// <summary>The business address.</summary>
    public string? Address { get; init; }

    /// <summary>Contact email addresses.</summary>
    public IReadOnlyList<string>? Emails { get; init; }

    /// <summary>Web sites.</summary>
    public IReadOnlyList<Uri>? Websites { get; init; }

    /// <summary>The business vertical (<c>Medical and Health</c>, <c>Food and Grocery</c>, … as the Senders API lists them).</summary>
    public string? Vertical { get; init; }

    /// <summary>The URL of the profile picture.</summary>
    public Uri? LogoUrl { get; init; }

    /// <summary>The sender's SID (<c>XE…</c>); read-only, filled when read from Twilio.</summary>
    public string? SenderSid { get; init; }

    /// <summary>The sender's address (<c>whatsapp:+…</c>); read-only, filled when read from Twilio.</summary>
    public string? SenderId { get; init; }

    /// <summary>The sender's status (<c>ONLINE</c>, <c>OFFLINE</c>, <c>VERIFYING</c>, …); read-only, filled when read from Twilio.</summary>
    public string? Status { get; init; }
}
