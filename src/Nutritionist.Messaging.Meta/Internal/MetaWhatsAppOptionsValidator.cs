using Microsoft.Extensions.Options;

namespace Nutritionist.Messaging.Meta.Internal;

/// <summary>
/// Start-up checks of <see cref="MetaWhatsAppOptions"/>. Every message names the configuration key and, where one feeds
/// it, the environment variable. Secret values are never echoed.
/// </summary>
internal sealed class MetaWhatsAppOptionsValidator : IValidateOptions<MetaWhatsAppOptions>
{
    private const string Key = "NutritionistMessaging:Meta:";

    public ValidateOptionsResult Validate(string? name, MetaWhatsAppOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();

        if (string.IsNullOrWhiteSpace(options.AccessToken))
        {
            failures.Add($"{Key}AccessToken is not set (nor is the environment variable {MetaEnvironment.AccessTokenVariable}); set it to a system user's access token with the whatsapp_business_messaging permission.");
        }
        else if (options.AccessToken.Any(char.IsWhiteSpace))
        {
            failures.Add($"{Key}AccessToken (or {MetaEnvironment.AccessTokenVariable}) contains white space; copy the token alone.");
        }

        if (string.IsNullOrWhiteSpace(options.PhoneNumberId))
        {
            failures.Add($"{Key}PhoneNumberId is not set (nor is the environment variable {MetaEnvironment.PhoneNumberIdVariable}); set it to the business phone number's id from WhatsApp Manager (digits).");
        }
        else if (!IsDigits(options.PhoneNumberId))
        {
            failures.Add($"{Key}PhoneNumberId (or {MetaEnvironment.PhoneNumberIdVariable}) is '{options.PhoneNumberId}', which is not a phone number id: digits only (the id, not the phone number).");
        }

        if (!string.IsNullOrWhiteSpace(options.WabaId) && !IsDigits(options.WabaId))
        {
            failures.Add($"{Key}WabaId (or {MetaEnvironment.WabaIdVariable}) is '{options.WabaId}', which is not a WhatsApp Business Account id: digits only.");
        }

        if (!IsApiVersion(options.ApiVersion))
        {
            failures.Add($"{Key}ApiVersion is '{options.ApiVersion}'; it must look like 'v23.0' (default {MetaWhatsAppOptions.DefaultApiVersion}).");
        }

        if (options.BaseUrl is null || !options.BaseUrl.IsAbsoluteUri || (options.BaseUrl.Scheme != Uri.UriSchemeHttps && options.BaseUrl.Scheme != Uri.UriSchemeHttp))
        {
            failures.Add($"{Key}BaseUrl is '{options.BaseUrl}'; it must be an absolute http or https URL (default https://graph.facebook.com).");
        }

        if (string.IsNullOrWhiteSpace(options.DefaultTemplateLanguage))
        {
            failures.Add($"{Key}DefaultTemplateLanguage is empty; set a WhatsApp language code such as 'en_US'.");
        }

        if (options.RequestTimeout <= TimeSpan.Zero && options.RequestTimeout != Timeout.InfiniteTimeSpan)
        {
            failures.Add($"{Key}RequestTimeout is {options.RequestTimeout}; it must be positive.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static bool IsDigits(string value) => value.Length is > 0 and <= 32 && value.AsSpan().IndexOfAnyExceptInRange('0', '9') < 0;

    private static bool IsApiVersion(string? value)
    {
        if (value is null || value.Length < 4 || value[0] != 'v')
        {
            return false;
        }

        var dot = value.IndexOf('.', StringComparison.Ordinal);
        return dot > 1 && dot < value.Length - 1 && IsDigits(value[1..dot]) && IsDigits(value[(dot + 1)..]);
    }
}
