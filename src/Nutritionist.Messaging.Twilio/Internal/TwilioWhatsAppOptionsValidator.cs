using Microsoft.Extensions.Options;

namespace Nutritionist.Messaging.Twilio.Internal;

/// <summary>
/// Start-up checks of <see cref="TwilioWhatsAppOptions"/>. Every message names the configuration key and, where one feeds
/// it, the environment variable. Secret values are never echoed.
/// </summary>
internal sealed class TwilioWhatsAppOptionsValidator : IValidateOptions<TwilioWhatsAppOptions>
{
    private const string Key = "NutritionistMessaging:Twilio:";

    public ValidateOptionsResult Validate(string? name, TwilioWhatsAppOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();

        if (string.IsNullOrWhiteSpace(options.AccountSid))
        {
            failures.Add($"{Key}AccountSid is not set (nor is the environment variable {TwilioEnvironment.AccountSidVariable}); set it to the account SID from the Twilio console (AC followed by 32 hexadecimal characters).");
        }
        else if (!WhatsAppAddress.IsSid(options.AccountSid, "AC"))
        {
            failures.Add($"{Key}AccountSid (or {TwilioEnvironment.AccountSidVariable}) is '{options.AccountSid}', which is not an account SID: AC followed by 32 hexadecimal characters.");
        }

        var hasToken = !string.IsNullOrWhiteSpace(options.AuthToken);
        var hasKeySid = !string.IsNullOrWhiteSpace(options.ApiKeySid);
        var hasKeySecret = !string.IsNullOrWhiteSpace(options.ApiKeySecret);
        if (hasKeySid != hasKeySecret)
        {
            failures.Add(hasKeySid
                ? $"{Key}ApiKeySid is set but {Key}ApiKeySecret is not; an API key needs both."
                : $"{Key}ApiKeySecret is set but {Key}ApiKeySid is not; an API key needs both.");
        }
        else if (!hasToken && !hasKeySid)
        {
            failures.Add($"No Twilio credential: set {Key}AuthToken (or the environment variable {TwilioEnvironment.AuthTokenVariable}), or both {Key}ApiKeySid and {Key}ApiKeySecret.");
        }

        if (hasKeySid && !WhatsAppAddress.IsSid(options.ApiKeySid, "SK"))
        {
            failures.Add($"{Key}ApiKeySid is '{options.ApiKeySid}', which is not an API key SID: SK followed by 32 hexadecimal characters.");
        }

        var hasFrom = !string.IsNullOrWhiteSpace(options.From);
        var hasService = !string.IsNullOrWhiteSpace(options.MessagingServiceSid);
        if (!hasFrom && !hasService)
        {
            failures.Add($"No WhatsApp sender: set {Key}From (or the environment variable {TwilioEnvironment.WhatsAppNumberVariable}) to 'whatsapp:+<E.164 number>', or set {Key}MessagingServiceSid.");
        }

        if (hasFrom && !WhatsAppAddress.IsWhatsAppE164(options.From))
        {
            failures.Add($"{Key}From (or {TwilioEnvironment.WhatsAppNumberVariable}) is '{options.From}'; it must be 'whatsapp:' followed by an E.164 number, for example 'whatsapp:+14155238886'.");
        }

        if (hasService && !WhatsAppAddress.IsSid(options.MessagingServiceSid, "MG"))
        {
            failures.Add($"{Key}MessagingServiceSid is '{options.MessagingServiceSid}', which is not a Messaging Service SID: MG followed by 32 hexadecimal characters.");
        }

        if (!string.IsNullOrWhiteSpace(options.SenderSid) && !WhatsAppAddress.IsSid(options.SenderSid, "XE"))
        {
            failures.Add($"{Key}SenderSid is '{options.SenderSid}', which is not a sender SID: XE followed by 32 hexadecimal characters.");
        }

        foreach (var (template, languages) in options.Templates)
        {
            foreach (var (language, sid) in languages ?? [])
            {
                if (!WhatsAppTemplate.IsValidContentSid(sid))
                {
                    failures.Add($"{Key}Templates:{template}:{language} is '{sid}', which is not a Content SID: HX followed by 32 hexadecimal characters.");
                }
            }
        }

        if (options.TemplateCacheDuration < TimeSpan.Zero)
        {
            failures.Add($"{Key}TemplateCacheDuration is {options.TemplateCacheDuration}; it must not be negative.");
        }

        if (options.ApiBaseUrl is null || !options.ApiBaseUrl.IsAbsoluteUri || !IsHttp(options.ApiBaseUrl))
        {
            failures.Add($"{Key}ApiBaseUrl is '{options.ApiBaseUrl}'; it must be an absolute http or https URL (default https://api.twilio.com).");
        }

        if (options.StatusCallbackUrl is { } callback && (!callback.IsAbsoluteUri || !IsHttp(callback)))
        {
            failures.Add($"{Key}StatusCallbackUrl is '{callback}'; it must be an absolute http or https URL.");
        }

        if (options.WebhookPublicBaseUrl is { } publicUrl && (!publicUrl.IsAbsoluteUri || !IsHttp(publicUrl)))
        {
            failures.Add($"{Key}WebhookPublicBaseUrl is '{publicUrl}'; it must be an absolute http or https URL.");
        }

        if (options.RequestTimeout <= TimeSpan.Zero && options.RequestTimeout != Timeout.InfiniteTimeSpan)
        {
            failures.Add($"{Key}RequestTimeout is {options.RequestTimeout}; it must be positive.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static bool IsHttp(Uri uri) => uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp;
}
