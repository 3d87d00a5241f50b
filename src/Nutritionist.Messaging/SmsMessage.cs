namespace Nutritionist.Messaging;

/// <summary>An SMS or MMS as the router hands it to an <see cref="ISmsProvider"/>: already validated and normalised.</summary>
public sealed class SmsMessage
{
    /// <summary>Creates a message for a provider.</summary>
    /// <param name="to">The recipient in E.164 (<c>+14155552671</c>).</param>
    /// <param name="body">The text (may be <see langword="null"/> for an MMS with media only).</param>
    public SmsMessage(string to, string? body)
    {
        ArgumentException.ThrowIfNullOrEmpty(to);
        To = to;
        Body = body;
    }

    /// <summary>The recipient in E.164.</summary>
    public string To { get; }

    /// <summary>The text.</summary>
    public string? Body { get; }

    /// <summary>The recipient's ISO 3166-1 region (<c>"US"</c>, <c>"GB"</c>), when known; providers use it to pick an origination identity.</summary>
    public string? RegionCode { get; init; }

    /// <summary>Media to attach (MMS).</summary>
    public IReadOnlyList<Uri> MediaUrls { get; init; } = [];

    /// <summary>The caller's reference, carried to the provider where it allows (AWS <c>Context</c>).</summary>
    public string? ClientReference { get; init; }
}
