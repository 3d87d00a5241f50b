namespace Nutritionist.Messaging.Inbound;

/// <summary>One media item attached to an inbound message.</summary>
/// <param name="Url">Where the provider serves the media (Twilio media URLs need the account's credentials).</param>
/// <param name="ContentType">The MIME type, when the provider says (<c>image/jpeg</c>).</param>
public sealed record InboundMedia(Uri Url, string? ContentType);
