using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Nutritionist.Messaging.Routing;

/// <summary>
/// Checks <see cref="MessagingRoutingOptions"/> against the registered providers when the host starts; each message names the
/// key and the bad value. Providers are resolved only when named providers or routing settings exist.
/// </summary>
internal sealed class MessagingRoutingOptionsValidator(IServiceProvider services, IEnumerable<ProviderRegistration> registrations) : IValidateOptions<MessagingRoutingOptions>
{
    /// <summary>The largest weight: proportions need no more, and the sum of a rule's weights cannot overflow.</summary>
    public const int MaxWeight = 1_000_000;

    public ValidateOptionsResult Validate(string? name, MessagingRoutingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!registrations.Any() && !options.Sms.IsConfigured && !options.WhatsApp.IsConfigured)
        {
            return ValidateOptionsResult.Success;
        }

        var providers = services.GetRequiredService<MessagingProviders>();
        var failures = new List<string>();
        foreach (var platform in Enum.GetValues<MessagingPlatform>())
        {
            Validate(platform, options.For(platform), providers, failures);
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Validate(MessagingPlatform platform, PlatformRoutingOptions options, MessagingProviders providers, List<string> failures)
    {
        var prefix = $"{MessagingOptions.SectionName}:{MessagingRoutingOptions.SectionName}:{platform}:";
        var names = providers.NamesOf(platform);
        var unnamed = platform == MessagingPlatform.Sms ? providers.UnnamedSms : providers.UnnamedWhatsApp;
        void Known(string key, string? provider)
        {
            if (provider is null || !names.Contains(provider, StringComparer.Ordinal))
            {
                failures.Add($"{prefix}{key} names the provider \"{provider}\", which is not registered; the {platform} providers are: {(names.Count == 0 ? "(none)" : string.Join(", ", names))}.");
            }
        }

        if (options.Default is { } defaultProvider)
        {
            Known("Default", defaultProvider);
        }
        else if (unnamed is null && names.Count > 1)
        {
            failures.Add($"{prefix}Default must be set: several {platform} providers are registered by name ({string.Join(", ", names)}) and none unnamed, so messages no rule matches have no provider.");
        }

        for (var i = 0; i < options.Failover.Count; i++)
        {
            Known($"Failover:{i}", options.Failover[i]);
        }

        for (var i = 0; i < options.Rules.Count; i++)
        {
            var rule = options.Rules[i];
            var key = $"Rules:{i}";
            if (rule is null)
            {
                failures.Add($"{prefix}{key} is empty: set Provider or Weights, with Countries or Properties.");
                continue;
            }

            var hasCondition = rule.Countries.Count > 0 || rule.Properties.Count > 0;
            if (rule.Provider is null && rule.Weights.Count == 0)
            {
                failures.Add($"{prefix}{key} is empty: set Provider or Weights{(hasCondition ? string.Empty : ", with Countries or Properties")}.");
            }
            else if (rule.Provider is not null && rule.Weights.Count > 0)
            {
                failures.Add($"{prefix}{key} sets both Provider and Weights; set one.");
            }
            else if (rule.Provider is { } provider)
            {
                Known($"{key}:Provider", provider);
                if (!hasCondition)
                {
                    failures.Add($"{prefix}{key} sends everything to \"{provider}\" (it has no Countries or Properties), so the rules after it never apply; use Default for that.");
                }
            }

            foreach (var (provider, weight) in rule.Weights)
            {
                Known($"{key}:Weights:{provider}", provider);
                if (weight is <= 0 or > MaxWeight)
                {
                    failures.Add($"{prefix}{key}:Weights:{provider} must be a positive integer up to {MaxWeight}; got {weight}.");
                }
            }

            for (var c = 0; c < rule.Countries.Count; c++)
            {
                if (rule.Countries[c] is not { } country || country.Trim().Length != 2 || !country.Trim().All(char.IsAsciiLetter))
                {
                    failures.Add($"{prefix}{key}:Countries:{c} must be an ISO 3166-1 alpha-2 region such as \"BR\"; got \"{rule.Countries[c]}\".");
                }
            }

            foreach (var property in rule.Properties.Keys.Where(string.IsNullOrWhiteSpace))
            {
                failures.Add($"{prefix}{key}:Properties has an empty property name (\"{property}\").");
            }
        }
    }
}
