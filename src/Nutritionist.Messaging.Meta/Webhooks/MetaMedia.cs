namespace Nutritionist.Messaging.Meta;

/// <summary>Where to download one media item a person sent, as Meta's <c>GET /{version}/{media-id}</c> answers.</summary>
/// <param name="Id">The media id.</param>
/// <param name="Url">The short-lived download URL (about five minutes); the download needs the same Bearer token.</param>
/// <param name="MimeType">The MIME type, when Meta says.</param>
/// <param name="Sha256">The SHA-256 of the file, when Meta says.</param>
/// <param name="FileSize">The size in bytes, when Meta says.</param>
public sealed record MetaMedia(string Id, Uri Url, string? MimeType, string? Sha256, long? FileSize);
