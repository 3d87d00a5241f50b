using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Nutritionist.Messaging.Aws.Wire;
using Nutritionist.Messaging.CloudApi;
using Nutritionist.Messaging.PhoneNumbers;

namespace Nutritionist.Messaging.Aws.Internal;

/// <summary>
/// <see cref="IWhatsAppProvider"/> over AWS End User Messaging Social: <c>SendWhatsAppMessage</c> with the WhatsApp Cloud API
/// message object written by <see cref="CloudApiMessageWriter"/> (the one writer Meta's provider uses too), base64 in
/// <c>message</c>. Media go by link; what the Cloud API would refuse is refused by the writer before any request.
/// </summary>
/// <remarks>Thread-safe singleton. It never retries (the router owns retries).</remarks>
internal sealed class AwsWhatsAppProvider : IWhatsAppProvider
{
    /// <summary>The provider name in results and logs.</summary>
    public const string ProviderName = "aws-whatsapp";

    private readonly SocialMessagingClient _client;
    private readonly AwsWhatsAppOptions _options;
    private readonly ILogger _logger;

    public AwsWhatsAppProvider(SocialMessagingClient client, IOptions<AwsWhatsAppOptions> options, ILogger<AwsWhatsAppProvider> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _client = client;
        _options = options.Value;
        _logger = logger;
    }

    public string Name => ProviderName;

    public async Task<ProviderReceipt> SendAsync(WhatsAppMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (string.IsNullOrEmpty(_options.OriginationPhoneNumberId))
        {
            // Only reachable when the options were not validated (a provider built by hand).
            throw new MessagingException(MessagingErrorCode.NotConfigured, $"{AwsWhatsAppOptionsValidator.KeyPrefix}OriginationPhoneNumberId must be set.");
        }

        var body = CloudApiMessageWriter.Write(message);
        var masked = _logger.IsEnabled(LogLevel.Debug) ? PhoneNumberMasking.Mask(message.To) : string.Empty;
        Log.Sending(_logger, "SendWhatsAppMessage", masked, _options.OriginationPhoneNumberId);
        Log.WhatsAppBody(_logger, masked, message.Body);

        string? messageId;
        try
        {
            messageId = await _client.SendWhatsAppMessageAsync(
                new SendWhatsAppMessageRequest
                {
                    OriginationPhoneNumberId = _options.OriginationPhoneNumberId,
                    MetaApiVersion = _options.MetaApiVersion,
                    Message = body,
                },
                cancellationToken).ConfigureAwait(false);
        }
        catch (AwsApiException e)
        {
            throw AwsErrorMapper.ToMessagingException(e);
        }

        if (string.IsNullOrEmpty(messageId))
        {
            throw new MessagingException(
                MessagingErrorCode.ProviderUnavailable,
                "AWS answered SendWhatsAppMessage with success but without a messageId.",
                "MissingMessageId",
                isTransient: true)
            { MayHaveBeenSent = true };
        }

        Log.Accepted(_logger, messageId, masked, _options.OriginationPhoneNumberId);
        return new ProviderReceipt(messageId) { OriginationIdentity = _options.OriginationPhoneNumberId };
    }
}
