using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace Nutritionist.Messaging.Aws.Internal;

/// <summary>Checks <see cref="AwsWhatsAppOptions"/> at start-up; each message names the configuration key and the bad value (never a secret).</summary>
internal sealed partial class AwsWhatsAppOptionsValidator : IValidateOptions<AwsWhatsAppOptions>
{
    public const string KeyPrefix = "NutritionistMessaging:AwsWhatsApp:";

    public ValidateOptionsResult Validate(string? name, AwsWhatsAppOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        AwsSmsOptionsValidator.ValidateConnection(AwsConnectionSettings.Of(options), failures);

        // The model's WhatsAppPhoneNumberId: 1–115 characters, phone-number-id-… or an ARN ending in :phone-number-id/{id}.
        var id = options.OriginationPhoneNumberId;
        if (string.IsNullOrWhiteSpace(id))
        {
            failures.Add($"{KeyPrefix}OriginationPhoneNumberId is required: the phone-number-id-… of the WhatsApp number to send from (aws socialmessaging get-linked-whatsapp-business-account lists them).");
        }
        else if (id.Length > 115 || !PhoneNumberIdPattern().IsMatch(id))
        {
            failures.Add($"{KeyPrefix}OriginationPhoneNumberId must be phone-number-id-… or an ARN ending in :phone-number-id/{{id}} (at most 115 characters); got \"{id}\".");
        }

        if (options.MetaApiVersion is not { } version || !MetaApiVersionPattern().IsMatch(version))
        {
            failures.Add($"{KeyPrefix}MetaApiVersion must look like \"v23.0\"; got \"{options.MetaApiVersion}\".");
        }

        if (options.RequestTimeout <= TimeSpan.Zero)
        {
            failures.Add($"{KeyPrefix}RequestTimeout must be positive; got \"{options.RequestTimeout.ToString("c", CultureInfo.InvariantCulture)}\".");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    [GeneratedRegex(@"^(phone-number-id-[0-9A-Za-z]+|arn:[^:\s]+:social-messaging:[^:\s]*:[0-9]*:phone-number-id/[0-9a-zA-Z]+)$", RegexOptions.CultureInvariant)]
    private static partial Regex PhoneNumberIdPattern();

    [GeneratedRegex(@"^v[0-9]{1,3}\.[0-9]{1,3}$", RegexOptions.CultureInvariant)]
    private static partial Regex MetaApiVersionPattern();
}
