using Microsoft.Extensions.Options;
using Nutritionist.Messaging.Aws.Internal;
using Nutritionist.Messaging.Aws.Wire;

namespace Nutritionist.Messaging.Aws;

/// <summary>
/// WhatsApp media through AWS End User Messaging Social, for the phone number of <see cref="AwsWhatsAppOptions.OriginationPhoneNumberId"/>:
/// <see cref="UploadFromS3Async"/> (<c>PostWhatsAppMessageMedia</c>) uploads an S3 object and gives the media id to send as
/// <see cref="OutboundMessage.MediaId"/>; <see cref="DownloadToS3Async"/> (<c>GetWhatsAppMessageMedia</c>) copies media a
/// customer sent (the <c>InboundMedia.Id</c> of an inbound WhatsApp message) into S3.
/// </summary>
/// <remarks>
/// <para>Registered as a singleton by <c>AddAwsWhatsApp()</c>; credentials, region and endpoint are the provider's. The IAM
/// principal needs <c>social-messaging:PostWhatsAppMessageMedia</c> or <c>social-messaging:GetWhatsAppMessageMedia</c>, and
/// End User Messaging Social needs to read (upload) or write (download) the bucket. Failures are
/// <see cref="MessagingException"/>s classified as for sends. Thread-safe.</para>
/// </remarks>
public sealed class AwsWhatsAppMedia
{
    private readonly SocialMessagingClient _client;
    private readonly IOptions<AwsWhatsAppOptions> _options;

    internal AwsWhatsAppMedia(SocialMessagingClient client, IOptions<AwsWhatsAppOptions> options)
    {
        _client = client;
        _options = options;
    }

    /// <summary>Uploads an S3 object to WhatsApp (<c>PostWhatsAppMessageMedia</c>).</summary>
    /// <param name="bucketName">The bucket (3 to 63 lower-case letters, digits, dots and hyphens).</param>
    /// <param name="key">The object's key.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The media id, to send as <see cref="OutboundMessage.MediaId"/> with <see cref="OutboundMessage.MediaKind"/>.</returns>
    /// <exception cref="ArgumentException"><paramref name="bucketName"/> is not a bucket name, or <paramref name="key"/> is empty.</exception>
    /// <exception cref="MessagingException">AWS refused or failed the upload, or answered without a media id.</exception>
    public async Task<string> UploadFromS3Async(string bucketName, string key, CancellationToken cancellationToken = default)
    {
        CheckBucket(bucketName);
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        const string Operation = "PostWhatsAppMessageMedia";
        string? mediaId;
        try
        {
            mediaId = await _client.PostWhatsAppMessageMediaAsync(
                new PostWhatsAppMessageMediaRequest { OriginationPhoneNumberId = Origination(), SourceS3File = new S3FileModel(bucketName, key) },
                cancellationToken).ConfigureAwait(false);
        }
        catch (AwsApiException e)
        {
            throw AwsErrorMapper.ToMessagingException(e);
        }

        return string.IsNullOrEmpty(mediaId)
            ? throw new MessagingException(MessagingErrorCode.ProviderUnavailable, $"AWS answered {Operation} with success but without a mediaId.", "MissingMediaId", isTransient: true)
            : mediaId;
    }

    /// <summary>Copies media a customer sent into S3 (<c>GetWhatsAppMessageMedia</c>).</summary>
    /// <param name="mediaId">The media id (<c>InboundMedia.Id</c>).</param>
    /// <param name="bucketName">The destination bucket.</param>
    /// <param name="keyPrefix">
    /// The key prefix; AWS appends the media id and extension to it (<c>audio/</c> gives <c>audio/&lt;id&gt;.ogg</c>).
    /// </param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>What AWS says of the media: its MIME type and size.</returns>
    /// <exception cref="ArgumentException">An argument is empty, or <paramref name="bucketName"/> is not a bucket name.</exception>
    /// <exception cref="MessagingException">AWS refused or failed the copy.</exception>
    public async Task<AwsWhatsAppMediaInfo> DownloadToS3Async(string mediaId, string bucketName, string keyPrefix, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(mediaId);
        CheckBucket(bucketName);
        ArgumentNullException.ThrowIfNull(keyPrefix);
        try
        {
            var result = await _client.GetWhatsAppMessageMediaAsync(
                new GetWhatsAppMessageMediaRequest { MediaId = mediaId, OriginationPhoneNumberId = Origination(), DestinationS3File = new S3FileModel(bucketName, keyPrefix) },
                cancellationToken).ConfigureAwait(false);
            return new AwsWhatsAppMediaInfo(result?.MimeType, result?.FileSize);
        }
        catch (AwsApiException e)
        {
            throw AwsErrorMapper.ToMessagingException(e);
        }
    }

    private string Origination() =>
        _options.Value.OriginationPhoneNumberId is { Length: > 0 } id
            ? id
            : throw new MessagingException(MessagingErrorCode.NotConfigured, $"{AwsWhatsAppOptionsValidator.KeyPrefix}OriginationPhoneNumberId must be set.");

    private static void CheckBucket(string bucketName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(bucketName);
        if (bucketName.Length is < 3 or > 63
            || bucketName.AsSpan().IndexOfAnyExcept("abcdefghijklmnopqrstuvwxyz0123456789.-") >= 0
            || !char.IsAsciiLetterOrDigit(bucketName[0]) || !char.IsAsciiLetterOrDigit(bucketName[^1]))
        {
            throw new ArgumentException($"'{bucketName}' is not an S3 bucket name (3 to 63 lower-case letters, digits, dots and hyphens, starting and ending with a letter or digit).", nameof(bucketName));
        }
    }
}
