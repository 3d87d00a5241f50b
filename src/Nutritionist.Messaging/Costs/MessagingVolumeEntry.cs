namespace Nutritionist.Messaging.Costs;

/// <summary>One line of a <see cref="MessagingVolume"/>: a number of messages of one kind to one region.</summary>
/// <param name="Platform">SMS (including MMS) or WhatsApp.</param>
/// <param name="RegionCode">ISO 3166-1 alpha-2 region of the recipients, upper case.</param>
/// <param name="Messages">How many messages a month.</param>
public sealed record MessagingVolumeEntry(MessagingPlatform Platform, string RegionCode, int Messages)
{
    /// <summary>For SMS: segments each message takes. 1 for MMS and WhatsApp.</summary>
    public int SegmentsPerMessage { get; init; } = 1;

    /// <summary>For SMS: whether the messages carry media (MMS, priced per message).</summary>
    public bool IsMms { get; init; }

    /// <summary>For WhatsApp: Meta's pricing category; <see langword="null"/> for SMS.</summary>
    public WhatsAppMessageCategory? Category { get; init; }
}
