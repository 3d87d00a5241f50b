namespace Nutritionist.Messaging.Aws;

/// <summary>What AWS End User Messaging Social says of media it copied to S3 (<c>GetWhatsAppMessageMedia</c>).</summary>
/// <param name="MimeType">The media's MIME type, when AWS gave it.</param>
/// <param name="FileSizeKilobytes">The media's size in KB, when AWS gave it.</param>
public sealed record AwsWhatsAppMediaInfo(string? MimeType, long? FileSizeKilobytes);
