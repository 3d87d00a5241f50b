using System.Globalization;
using Microsoft.Extensions.Options;

namespace Nutritionist.Messaging.Costs;

/// <summary>Checks the price tables of <see cref="MessagingCostOptions"/>; each message names the setting and the bad value.</summary>
internal sealed class MessagingCostOptionsValidator : IValidateOptions<MessagingCostOptions>
{
    public ValidateOptionsResult Validate(string? name, MessagingCostOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        const string Section = MessagingCostOptions.SectionName;
        CheckCurrency(failures, Section, options.Currency);

        if (!Enum.IsDefined(options.WhatsAppPricingModel))
        {
            failures.Add($"{Section}:WhatsAppPricingModel is '{options.WhatsAppPricingModel}'; use one of: {string.Join(", ", Enum.GetNames<WhatsAppPricingModel>())}.");
        }

        CheckTable(failures, Section, nameof(MessagingCostOptions.SmsPricePerSegment), options.SmsPricePerSegment);
        CheckTable(failures, Section, nameof(MessagingCostOptions.MmsPricePerMessage), options.MmsPricePerMessage);
        CheckTable(failures, Section, nameof(MessagingCostOptions.WhatsAppPricePerMessage), options.WhatsAppPricePerMessage);
        CheckTable(failures, Section, nameof(MessagingCostOptions.WhatsAppPricePerConversation), options.WhatsAppPricePerConversation);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>Adds a failure unless <paramref name="currency"/> is a three-letter ISO 4217 code.</summary>
    internal static void CheckCurrency(List<string> failures, string section, string? currency)
    {
        if (currency is not { Length: 3 } || !IsAsciiLetters(currency))
        {
            failures.Add($"{section}:Currency is '{currency}'; use a three-letter ISO 4217 code such as \"USD\" or \"EUR\".");
        }
    }

    /// <summary>Adds a failure for each problem of a region price table: no <c>"*"</c> entry, a bad region code, a negative price.</summary>
    internal static void CheckTable(List<string> failures, string section, string table, Dictionary<string, decimal>? prices)
    {
        if (prices is null)
        {
            failures.Add($"{section}:{table} is missing; it needs at least a \"{MessagingCostOptions.DefaultRegionKey}\" default entry.");
            return;
        }

        if (!prices.ContainsKey(MessagingCostOptions.DefaultRegionKey))
        {
            failures.Add($"{section}:{table} has no \"{MessagingCostOptions.DefaultRegionKey}\" entry; add the price used for regions not listed.");
        }

        foreach (var (region, price) in prices)
        {
            if (region != MessagingCostOptions.DefaultRegionKey && (region.Length != 2 || !IsAsciiLetters(region)))
            {
                failures.Add($"{section}:{table}:{region} is not an ISO 3166-1 alpha-2 region code (such as \"US\") or \"{MessagingCostOptions.DefaultRegionKey}\".");
            }

            if (price < 0)
            {
                failures.Add(string.Create(CultureInfo.InvariantCulture, $"{section}:{table}:{region} is {price}; a price cannot be negative."));
            }
        }

        // A case-sensitive dictionary from user code could hold "us" and "US"; the estimator would keep only one.
        if (prices.Comparer != StringComparer.OrdinalIgnoreCase &&
            prices.Keys.GroupBy(k => k, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1) is { } duplicate)
        {
            failures.Add($"{section}:{table} has the region '{duplicate.Key}' more than once in different cases.");
        }
    }

    private static bool IsAsciiLetters(string value)
    {
        foreach (var c in value)
        {
            if (!char.IsAsciiLetter(c))
            {
                return false;
            }
        }

        return true;
    }
}
