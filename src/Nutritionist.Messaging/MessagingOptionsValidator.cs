using Microsoft.Extensions.Options;

namespace Nutritionist.Messaging;

/// <summary>Validates the data annotations on <see cref="MessagingOptions"/> (source generated, reflection-free).</summary>
[OptionsValidator]
internal sealed partial class MessagingOptionsAnnotationsValidator : IValidateOptions<MessagingOptions>;

/// <summary>Rules the annotations cannot express; each message names the setting and the bad value.</summary>
internal sealed class MessagingOptionsValidator : IValidateOptions<MessagingOptions>
{
    public ValidateOptionsResult Validate(string? name, MessagingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.DefaultRegion is { } region && !IsKnownRegion(region))
        {
            failures.Add($"{MessagingOptions.SectionName}:DefaultRegion is '{region}', which is not an ISO 3166-1 alpha-2 region code with a phone numbering plan (for example \"US\", \"GB\", \"DE\").");
        }

        if (!Enum.IsDefined(options.DefaultPlatform))
        {
            failures.Add($"{MessagingOptions.SectionName}:DefaultPlatform is '{options.DefaultPlatform}'; use one of: {string.Join(", ", Enum.GetNames<MessagingPlatform>())}.");
        }

        var retry = options.Retry;
        if (retry.BaseDelay < TimeSpan.Zero || retry.MaxDelay < retry.BaseDelay)
        {
            failures.Add($"{MessagingOptions.SectionName}:Retry:MaxDelay ({retry.MaxDelay}) must be at least Retry:BaseDelay ({retry.BaseDelay}), and both zero or more.");
        }

        if (retry.TotalBudget <= TimeSpan.Zero)
        {
            failures.Add($"{MessagingOptions.SectionName}:Retry:TotalBudget is {retry.TotalBudget}; it must be positive.");
        }

        var breaker = options.CircuitBreaker;
        if (breaker.Enabled && (breaker.SamplingDuration < TimeSpan.FromMilliseconds(500) || breaker.BreakDuration < TimeSpan.FromMilliseconds(500)))
        {
            failures.Add($"{MessagingOptions.SectionName}:CircuitBreaker:SamplingDuration ({breaker.SamplingDuration}) and BreakDuration ({breaker.BreakDuration}) must be at least 0.5 s.");
        }

        if (options.SendClaimLifetime <= TimeSpan.Zero)
        {
            failures.Add($"{MessagingOptions.SectionName}:SendClaimLifetime is {options.SendClaimLifetime}; it must be positive (default 1.00:00:00).");
        }

        if (!Enum.IsDefined(options.Fallback))
        {
            failures.Add($"{MessagingOptions.SectionName}:Fallback is '{options.Fallback}'; use one of: {string.Join(", ", Enum.GetNames<Reliability.ChannelFallback>())}.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static bool IsKnownRegion(string region) =>
        region.Length == 2 && global::PhoneNumbers.PhoneNumberUtil.GetInstance().GetSupportedRegions().Contains(region.ToUpperInvariant());
}
