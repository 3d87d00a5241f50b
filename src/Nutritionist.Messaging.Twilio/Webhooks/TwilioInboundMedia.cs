namespace Nutritionist.Messaging.Twilio;

/// <summary>One media item of an inbound message.</summary>
/// <param name="Url">Where Twilio stores the media (<c>MediaUrlN</c>); fetching it needs the account's credentials.</param>
/// <param name="ContentType">The media's MIME type (<c>MediaContentTypeN</c>), when given.</param>
public sealed record TwilioInboundMedia(Uri Url, string? ContentType);
