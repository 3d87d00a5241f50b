using System.Globalization;
using Microsoft.Extensions.Options;

namespace Nutritionist.Messaging.Costs;

/// <summary>Checks the price tables of <see cref="MessagingCostComparisonOptions"/>; each message names the setting and the bad value.</summary>
internal sealed class MessagingCostComparisonOptionsValidator : IValidateOptions<MessagingCostComparisonOptions>
{
    public ValidateOptionsResult Validate(string? name, MessagingCostComparisonOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        const string Section = MessagingCostComparisonOptions.SectionName;
        var failures = new List<string>();
        MessagingCostOptionsValidator.CheckCurrency(failures, Section, options.Currency);
        MessagingCostOptionsValidator.CheckTable(failures, Section, nameof(options.TwilioSmsPricePerSegment), options.TwilioSmsPricePerSegment);
        MessagingCostOptionsValidator.CheckTable(failures, Section, nameof(options.AwsSmsPricePerSegment), options.AwsSmsPricePerSegment);
        MessagingCostOptionsValidator.CheckTable(failures, Section, nameof(options.TwilioMmsPricePerMessage), options.TwilioMmsPricePerMessage);
        MessagingCostOptionsValidator.CheckTable(failures, Section, nameof(options.AwsMmsPricePerMessage), options.AwsMmsPricePerMessage);
        MessagingCostOptionsValidator.CheckTable(failures, Section, nameof(options.MetaMarketingRate), options.MetaMarketingRate);
        MessagingCostOptionsValidator.CheckTable(failures, Section, nameof(options.MetaUtilityRate), options.MetaUtilityRate);
        MessagingCostOptionsValidator.CheckTable(failures, Section, nameof(options.MetaAuthenticationRate), options.MetaAuthenticationRate);
        MessagingCostOptionsValidator.CheckTable(failures, Section, nameof(options.MetaServiceRate), options.MetaServiceRate);
        CheckFee(failures, Section, nameof(options.TwilioWhatsAppFeePerMessage), options.TwilioWhatsAppFeePerMessage);
        CheckFee(failures, Section, nameof(options.AwsSocialFeePerMessage), options.AwsSocialFeePerMessage);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void CheckFee(List<string> failures, string section, string setting, decimal fee)
    {
        if (fee < 0)
        {
            failures.Add(string.Create(CultureInfo.InvariantCulture, $"{section}:{setting} is {fee}; a price cannot be negative."));
        }
    }
}
