using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Nutritionist.Messaging.PhoneNumbers;
using Twilio.Constant;
using Twilio.Rest;
using TwilioHttpMethod = Twilio.Http.HttpMethod;
using TwilioRequest = Twilio.Http.Request;

namespace Nutritionist.Messaging.Twilio.Internal;

/// <summary>
/// <see cref="IWhatsAppProvider"/> over Twilio's Messages API (<c>POST /2010-04-01/Accounts/{AccountSid}/Messages.json</c>).
/// </summary>
/// <remarks>
/// Thread-safe singleton. WhatsApp-specific rules are checked before any request: the recipient must be E.164; media URLs
/// must be absolute https and there may be at most one (WhatsApp delivers one media item per message, and Twilio would
/// otherwise fail or drop the rest, so a message with more is refused with <see cref="MessagingErrorCode.InvalidMessage"/>;
/// send each further item as its own message); a template goes alone, as <c>ContentSid</c> and <c>ContentVariables</c>
/// (a template by name and language is first resolved to its Content SID by <see cref="TwilioTemplateResolver"/>).
/// </remarks>
internal sealed class TwilioWhatsAppProvider : IWhatsAppProvider, IHealthCheck
{
    /// <summary>The name this provider reports in results and logs.</summary>
    public const string ProviderName = "twilio-whatsapp";

    /// <summary>WhatsApp delivers one media item per message.</summary>
    public const int MaxMediaPerMessage = 1;

    private readonly TwilioAccount _account;
    private readonly ILogger _logger;
    private readonly TwilioTemplateResolver _templates;

    public TwilioWhatsAppProvider(TwilioAccount account, ILogger<TwilioWhatsAppProvider>? logger = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(account);
        _account = account;
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _templates = new TwilioTemplateResolver(account.Options, new TwilioTemplateCatalog(account), timeProvider ?? TimeProvider.System, _logger);
    }

    public string Name => ProviderName;

    /// <summary>
    /// Used by <c>AddMessagingHealthChecks()</c> on the messaging builder: fetches the account
    /// (<c>GET /2010-04-01/Accounts/{AccountSid}.json</c>), which proves the credentials and that the account is active.
    /// </summary>
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var data = new Dictionary<string, object> { ["accountSid"] = _account.AccountSid };
        try
        {
            var request = new TwilioRequest(TwilioHttpMethod.Get, Domain.Api, $"/2010-04-01/Accounts/{_account.AccountSid}.json");
            using var account = await _account.RequestJsonAsync(request, cancellationToken).ConfigureAwait(false);
            var status = TwilioJson.String(account.RootElement, "status") ?? "unknown";
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
        (string ContentSid, IReadOnlyDictionary<string, string> Variables)? template = null;
        if (message.Template is not null)
        {
            try
            {
                template = await _templates.ResolveAsync(message.Template, cancellationToken).ConfigureAwait(false);
            }
            catch (MessagingException e) when (e.Code == MessagingErrorCode.InvalidMessage)
            {
                Log.Invalid(_logger, PhoneNumberMasking.Mask(recipient), e.Message);
                throw;
            }
        }

        var request = BuildRequest(message, recipient, template);

        // Masked only when a Debug line will use it.
        var masked = _logger.IsEnabled(LogLevel.Debug) ? PhoneNumberMasking.Mask(recipient) : string.Empty;

        Log.Sending(_logger, message.Template is null ? (message.MediaUrls.Count > 0 ? "media" : "text") : "template", masked, _account.AccountSid);
        Log.Body(_logger, masked, message.Body);

        ProviderReceipt receipt;
        try
        {
            var answer = await _account.RequestAsync(request, cancellationToken).ConfigureAwait(false);
            receipt = ReadReceipt(answer);
        }
        catch (MessagingException e)
        {
            Log.Refused(_logger, masked, e.Code, e.ProviderCode, e.StatusCode);
            throw;
        }

        Log.Accepted(_logger, receipt.MessageId, masked, receipt.ProviderStatus);
        return receipt;
    }

    /// <summary>Reads the Message resource of Twilio's 2xx answer.</summary>
    /// <exception cref="MessagingException">The answer cannot be read or has no SID: Twilio took the request, so the message may have been sent.</exception>
    internal ProviderReceipt ReadReceipt(string answer)
    {
        TwilioCreatedMessage? created;
        try
        {
            created = JsonSerializer.Deserialize(answer, TwilioJsonContext.Default.TwilioCreatedMessage);
        }
        catch (JsonException e)
        {
            throw new MessagingException(MessagingErrorCode.Unknown, $"Twilio's answer could not be read: {e.Message}", innerException: e) { MayHaveBeenSent = true };
        }

        if (string.IsNullOrEmpty(created?.Sid))
        {
            throw new MessagingException(MessagingErrorCode.Unknown, "Twilio answered without a message SID; the message may have been sent.") { MayHaveBeenSent = true };
        }

        var options = _account.Options;
        return new ProviderReceipt(created.Sid)
        {
            OriginationIdentity = string.IsNullOrEmpty(created.From) ? options.From ?? options.MessagingServiceSid : created.From,
            ProviderStatus = created.Status,
            Segments = created.NumSegments,
        };
    }

    /// <summary>
    /// Builds the Messages create request exactly as the SDK's <c>MessageResource.CreateAsync</c> would (same URL, same
    /// form fields in the same order, URLs as given); refuses what Twilio or WhatsApp would refuse, before anything is sent.
    /// A template goes as <paramref name="template"/>, what <see cref="TwilioTemplateResolver"/> made of it.
    /// </summary>
    internal TwilioRequest BuildRequest(WhatsAppMessage message, string recipient, (string ContentSid, IReadOnlyDictionary<string, string> Variables)? template)
    {
        if (!WhatsAppAddress.IsE164(recipient))
        {
            throw Invalid(MessagingErrorCode.InvalidRecipient, recipient, "The recipient is not an E.164 number (+ and up to 15 digits); WhatsApp addresses are 'whatsapp:+<E.164>'.");
        }

        if (message.Interactive is not null)
        {
            throw Invalid(MessagingErrorCode.InvalidMessage, recipient, "Twilio sends interactive reply buttons and lists only as Content API templates: create a twilio/quick-reply or twilio/list-picker template and send it as Template, or send interactive messages through Meta or AWS.");
        }

        var options = _account.Options;
        string? from = null, messagingServiceSid = null, body = null, mediaUrl = null, contentSid = null, contentVariables = null;
        if (!string.IsNullOrWhiteSpace(options.MessagingServiceSid))
        {
            messagingServiceSid = options.MessagingServiceSid;
        }
        else if (WhatsAppAddress.IsWhatsAppE164(options.From))
        {
            from = options.From;
        }
        else
        {
            // Only reachable when the options were not validated (a provider built by hand).
            throw Invalid(MessagingErrorCode.NotConfigured, recipient, "The Twilio sender is not set: NutritionistMessaging:Twilio:From must be 'whatsapp:+<E.164>', or set NutritionistMessaging:Twilio:MessagingServiceSid.");
        }

        var media = message.MediaUrls ?? [];
        if (message.MediaId is not null)
        {
            throw Invalid(MessagingErrorCode.InvalidMessage, recipient, "Twilio sends WhatsApp media by URL only; MediaId (media uploaded to WhatsApp) needs the Meta or AWS WhatsApp provider. Use MediaUrls.");
        }

        if (message.Template is not null)
        {
            if (!string.IsNullOrEmpty(message.Body) || media.Count > 0)
            {
                throw Invalid(MessagingErrorCode.InvalidMessage, recipient, "A template message is sent as ContentSid and ContentVariables alone; Twilio refuses Body or MediaUrl beside it.");
            }

            var (sid, variables) = template ?? TemplateBySid(message.Template, recipient);
            contentSid = sid;
            if (variables.Count > 0)
            {
                contentVariables = JsonSerializer.Serialize(variables, TwilioJsonContext.Default.IReadOnlyDictionaryStringString);
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

                mediaUrl = url.OriginalString;
            }

            if (!string.IsNullOrEmpty(message.Body))
            {
                body = message.Body;
            }
        }

        var callback = message.StatusCallback ?? options.StatusCallbackUrl;
        if (callback is not null)
        {
            if (!callback.IsAbsoluteUri || (callback.Scheme != Uri.UriSchemeHttps && callback.Scheme != Uri.UriSchemeHttp))
            {
                throw Invalid(MessagingErrorCode.InvalidMessage, recipient, $"StatusCallback ('{callback.OriginalString}') must be an absolute http or https URL.");
            }
        }

        // The SDK's order (CreateMessageOptions.GetParams); URLs as their original strings, as its Serializers.Url writes them.
        List<KeyValuePair<string, string>> form = [new("To", WhatsAppAddress.Prefix + recipient)];
        Add(form, "StatusCallback", callback?.OriginalString);
        Add(form, "ContentVariables", contentVariables);
        Add(form, "From", from);
        Add(form, "MessagingServiceSid", messagingServiceSid);
        Add(form, "Body", body);
        Add(form, "MediaUrl", mediaUrl);
        Add(form, "ContentSid", contentSid);

        return new TwilioRequest(
            TwilioHttpMethod.Post,
            Domain.Api,
            $"/2010-04-01/Accounts/{options.AccountSid}/Messages.json",
            postParams: form,
            contentType: EnumConstants.ContentTypeEnum.FORM_URLENCODED);

        static void Add(List<KeyValuePair<string, string>> form, string name, string? value)
        {
            if (value is not null)
            {
                form.Add(new(name, value));
            }
        }
    }

    private (string ContentSid, IReadOnlyDictionary<string, string> Variables) TemplateBySid(WhatsAppTemplate template, string recipient)
    {
        if (!template.HasContentSid)
        {
            throw Invalid(MessagingErrorCode.InvalidMessage, recipient, $"Template '{template.Name ?? template.ContentSid}' is not a Content SID (HX followed by 32 hexadecimal characters) and was not resolved to one.");
        }

        return (template.ContentSid!.Trim(), TwilioTemplateResolver.VariablesOf(template));
    }

    private MessagingException Invalid(MessagingErrorCode code, string recipient, string reason)
    {
        Log.Invalid(_logger, PhoneNumberMasking.Mask(recipient), reason);
        return new MessagingException(code, reason);
    }
}
