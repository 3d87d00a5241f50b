namespace Nutritionist.Messaging.Costs;

/// <summary>
/// A monthly volume mix for <see cref="MessagingCostComparison"/>: how many SMS, MMS and WhatsApp messages go to each
/// region (and, for WhatsApp, in which of Meta's pricing categories).
/// </summary>
/// <example>
/// <code>
/// var month = new MessagingVolume().AddSms("US", 10_000).AddWhatsApp("US", WhatsAppMessageCategory.Utility, 5_000);
/// </code>
/// </example>
public sealed class MessagingVolume
{
    private readonly List<MessagingVolumeEntry> _entries = [];

    /// <summary>The entries, in the order they were added.</summary>
    public IReadOnlyList<MessagingVolumeEntry> Entries => _entries;

    /// <summary>Adds SMS messages to a region.</summary>
    /// <param name="regionCode">ISO 3166-1 alpha-2 region of the recipients (<c>"US"</c>; any case).</param>
    /// <param name="messages">How many messages.</param>
    /// <param name="segmentsPerMessage">Segments each message takes (see <c>SmsSegments.Calculate</c>). Default 1.</param>
    /// <returns>This volume, for chaining.</returns>
    /// <exception cref="ArgumentException"><paramref name="regionCode"/> is not a two-letter region code.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="messages"/> is negative or <paramref name="segmentsPerMessage"/> is below 1.</exception>
    public MessagingVolume AddSms(string regionCode, int messages, int segmentsPerMessage = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(segmentsPerMessage, 1);
        return Add(new MessagingVolumeEntry(MessagingPlatform.Sms, Region(regionCode), Count(messages)) { SegmentsPerMessage = segmentsPerMessage });
    }

    /// <summary>Adds MMS messages (SMS-platform messages with media, priced per message) to a region.</summary>
    /// <param name="regionCode">ISO 3166-1 alpha-2 region of the recipients (any case).</param>
    /// <param name="messages">How many messages.</param>
    /// <returns>This volume, for chaining.</returns>
    /// <exception cref="ArgumentException"><paramref name="regionCode"/> is not a two-letter region code.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="messages"/> is negative.</exception>
    public MessagingVolume AddMms(string regionCode, int messages) =>
        Add(new MessagingVolumeEntry(MessagingPlatform.Sms, Region(regionCode), Count(messages)) { IsMms = true });

    /// <summary>Adds WhatsApp messages of one of Meta's pricing categories to a region.</summary>
    /// <param name="regionCode">ISO 3166-1 alpha-2 region (Meta's market) of the recipients (any case).</param>
    /// <param name="category">Meta's pricing category of the messages.</param>
    /// <param name="messages">How many messages.</param>
    /// <returns>This volume, for chaining.</returns>
    /// <exception cref="ArgumentException"><paramref name="regionCode"/> is not a two-letter region code.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="messages"/> is negative or <paramref name="category"/> is not defined.</exception>
    public MessagingVolume AddWhatsApp(string regionCode, WhatsAppMessageCategory category, int messages)
    {
        if (!Enum.IsDefined(category))
        {
            throw new ArgumentOutOfRangeException(nameof(category), category, $"Unknown WhatsApp message category {category}.");
        }

        return Add(new MessagingVolumeEntry(MessagingPlatform.WhatsApp, Region(regionCode), Count(messages)) { Category = category });
    }

    private MessagingVolume Add(MessagingVolumeEntry entry)
    {
        _entries.Add(entry);
        return this;
    }

    private static int Count(int messages, [System.Runtime.CompilerServices.CallerArgumentExpression(nameof(messages))] string? name = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(messages, name);
        return messages;
    }

    private static string Region(string regionCode, [System.Runtime.CompilerServices.CallerArgumentExpression(nameof(regionCode))] string? name = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(regionCode, name);
        var region = regionCode.Trim();
        if (region.Length != 2 || !char.IsAsciiLetter(region[0]) || !char.IsAsciiLetter(region[1]))
        {
            throw new ArgumentException($"'{regionCode}' is not an ISO 3166-1 alpha-2 region code such as \"US\".", name);
        }

        return region.ToUpperInvariant();
    }
}
