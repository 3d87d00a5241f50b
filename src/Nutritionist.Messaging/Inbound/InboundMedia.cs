namespace Nutritionist.Messaging.Inbound;

/// <summary>One media item attached to an inbound message.</summary>
/// <param name="Url">Where the provider serves the media (Twilio media URLs need the account's credentials).</param>
/// <param name="ContentType">The MIME type, when the provider says (<c>image/jpeg</c>).</param>
public sealed record InboundMedia(Uri Url, string? ContentType)
{
    /// <summary>
    /// The provider's id of the media, when it identifies media by id rather than by a download URL (Meta's Cloud API);
    /// <see cref="Url"/> is then the API address that resolves the id to a short-lived download URL (it needs the
    /// provider's credentials).
    /// </summary>
    public string? Id { get; init; }

    /// <summary>The file name the sender gave (WhatsApp documents), when known.</summary>
    public string? FileName { get; init; }
}
