using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Nutritionist.Messaging.PhoneNumbers;
using Twilio.Rest.Api.V2010;
using Twilio.Rest.Api.V2010.Account;
using Twilio.Types;

namespace Nutritionist.Messaging.Twilio.Internal;

/// <summary>
/// <see cref="IWhatsAppProvider"/> over Twilio's Messages API (<c>POST /2010-04-01/Accounts/{AccountSid}/Messages.json</c>).
/// </summary>
/// <remarks>
/// Thread-safe singleton. WhatsApp-specific rules are checked before any request: the recipient must be E.164; media URLs
/// must be absolute https and there may be at most one (WhatsApp delivers one media item per message, and Twilio would
/// otherwise fail or drop the rest, so a message with more is refused with <see cref="MessagingErrorCode.InvalidMessage"/>;
/// send each further item as its own message); a template goes alone, as <c>ContentSid</c> and <c>ContentVariables</c>.
/// </remarks>
internal sealed class TwilioWhatsAppProvider : IWhatsAppProvider, IHealthCheck
{
    /// <summary>The name this provider reports in results and logs.</summary>
    public const string ProviderName = "twilio-whatsapp";

    /// <summary>WhatsApp delivers one media item per message.</summary>
    public const int MaxMediaPerMessage = 1;

    private readonly TwilioAccount _account;
    private readonly ILogger _logger;

    public TwilioWhatsAppProvider(TwilioAccount account, ILogger<TwilioWhatsAppProvider>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(account);
        _account = account;
        _logger = logger ?? (ILogger)NullLogger.Instance;
    }

    public string Name => ProviderName;

    /// <summary>
    /// Used by <c>AddHealthChecks()</c> on the messaging builder: fetches the account
    /// (<c>GET /2010-04-01/Accounts/{AccountSid}.json</c>), which proves the credentials and that the account is active.
    /// </summary>
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var data = new Dictionary<string, object> { ["accountSid"] = _account.AccountSid };
        try
        {
            var account = await _account.InvokeAsync(client => AccountResource.FetchAsync(pathSid: _account.AccountSid, client: client), cancellationToken).ConfigureAwait(false);
            var status = account.Status?.ToString() ?? "unknown";
            data["status"] = status;
            return string.Equals(status, "active", StringComparison.OrdinalIgnoreCase)
                ? HealthCheckResult.Healthy("The Twilio account is reachable and active.", data)
                : new HealthCheckResult(context.Registration.FailureStatus, $"The Twilio account is {status}.", data: data);
        }
        catch (MessagingException e)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, e.Message, e, data);
        }
    }

    public async Task<ProviderReceipt> SendAsync(WhatsAppMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        cancellationToken.ThrowIfCancellationRequested();

        var recipient = WhatsAppAddress.StripPrefix(message.To)!;
        var request = BuildRequest(message, recipient);

        // Masked only when a Debug line will use it.
        var masked = _logger.IsEnabled(LogLevel.Debug) ? PhoneNumberMasking.Mask(recipient) : string.Empty;

        Log.Sending(_logger, message.Template is null ? (message.MediaUrls.Count > 0 ? "media" : "text") : "template", masked, _account.AccountSid);
        Log.Body(_logger, masked, message.Body);

        MessageResource resource;
        try
        {
            resource = await _account.InvokeAsync(static (client, request) => MessageResource.CreateAsync(request, client), request, cancellationToken).ConfigureAwait(false);
        }
        catch (MessagingException e)
        {
            Log.Refused(_logger, masked, e.Code, e.ProviderCode, e.StatusCode);
            throw;
        }

        if (string.IsNullOrEmpty(resource?.Sid))
        {
            throw new MessagingException(MessagingErrorCode.Unknown, "Twilio answered without a message SID; the message may have been sent.") { MayHaveBeenSent = true };
        }

        var status = resource.Status?.ToString();
        Log.Accepted(_logger, resource.Sid, masked, status);
        return new ProviderReceipt(resource.Sid)
        {
            OriginationIdentity = resource.From?.ToString() ?? _account.Options.From ?? _account.Options.MessagingServiceSid,
            ProviderStatus = status,
            Segments = int.TryParse(resource.NumSegments, NumberStyles.None, CultureInfo.InvariantCulture, out var segments) ? segments : null,
        };
    }

    /// <summary>Builds the SDK's request; refuses what Twilio or WhatsApp would refuse, before anything is sent.</summary>
    internal CreateMessageOptions BuildRequest(WhatsAppMessage message, string recipient)
    {
        if (!WhatsAppAddress.IsE164(recipient))
        {
            throw Invalid(MessagingErrorCode.InvalidRecipient, recipient, "The recipient is not an E.164 number (+ and up to 15 digits); WhatsApp addresses are 'whatsapp:+<E.164>'.");
        }

        var options = _account.Options;
        var request = new CreateMessageOptions(new PhoneNumber(WhatsAppAddress.Prefix + recipient))
        {
            PathAccountSid = options.AccountSid,
        };

        if (!string.IsNullOrWhiteSpace(options.MessagingServiceSid))
        {
            request.MessagingServiceSid = options.MessagingServiceSid;
        }
        else if (WhatsAppAddress.IsWhatsAppE164(options.From))
        {
            request.From = new PhoneNumber(options.From);
        }
        else
        {
            // Only reachable when the options were not validated (a provider built by hand).
            throw Invalid(MessagingErrorCode.NotConfigured, recipient, "The Twilio sender is not set: NutritionistMessaging:Twilio:From must be 'whatsapp:+<E.164>', or set NutritionistMessaging:Twilio:MessagingServiceSid.");
        }

        var media = message.MediaUrls ?? [];
        if (message.Template is { } template)
        {
            if (!string.IsNullOrEmpty(message.Body) || media.Count > 0)
            {
                throw Invalid(MessagingErrorCode.InvalidMessage, recipient, "A template message is sent as ContentSid and ContentVariables alone; Twilio refuses Body or MediaUrl beside it.");
            }

            if (!WhatsAppTemplate.IsValidContentSid(template.ContentSid))
            {
                throw Invalid(MessagingErrorCode.InvalidMessage, recipient, $"Template.ContentSid '{template.ContentSid}' is not a Content SID (HX followed by 32 hexadecimal characters).");
            }

            request.ContentSid = template.ContentSid;
            if (template.Variables.Count > 0)
            {
                request.ContentVariables = JsonSerializer.Serialize(template.Variables, TwilioJsonContext.Default.IReadOnlyDictionaryStringString);
            }
        }
        else
        {
            if (string.IsNullOrEmpty(message.Body) && media.Count == 0)
            {
                throw Invalid(MessagingErrorCode.InvalidMessage, recipient, "The message has no Body, media or template.");
            }

            if (media.Count > MaxMediaPerMessage)
            {
                throw Invalid(MessagingErrorCode.InvalidMessage, recipient, $"The message has {media.Count.ToString(CultureInfo.InvariantCulture)} media URLs; WhatsApp takes {MaxMediaPerMessage.ToString(CultureInfo.InvariantCulture)} media item per message. Send each further item as its own message.");
            }

            if (media.Count == 1)
            {
                var url = media[0];
                if (url is null || !url.IsAbsoluteUri || url.Scheme != Uri.UriSchemeHttps)
                {
                    throw Invalid(MessagingErrorCode.InvalidMessage, recipient, $"MediaUrls[0] ('{url?.OriginalString}') must be an absolute https URL: Twilio fetches WhatsApp media over https only.");
                }

                request.MediaUrl = [url];
            }

            if (!string.IsNullOrEmpty(message.Body))
            {
                request.Body = message.Body;
            }
        }

        var callback = message.StatusCallback ?? options.StatusCallbackUrl;
        if (callback is not null)
        {
            if (!callback.IsAbsoluteUri || (callback.Scheme != Uri.UriSchemeHttps && callback.Scheme != Uri.UriSchemeHttp))
            {
                throw Invalid(MessagingErrorCode.InvalidMessage, recipient, $"StatusCallback ('{callback.OriginalString}') must be an absolute http or https URL.");
            }

            request.StatusCallback = callback;
        }

        return request;
    }

    private MessagingException Invalid(MessagingErrorCode code, string recipient, string reason)
    {
        Log.Invalid(_logger, PhoneNumberMasking.Mask(recipient), reason);
        return new MessagingException(code, reason);
    }
}
