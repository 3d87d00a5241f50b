using Microsoft.Extensions.Options;

namespace Nutritionist.Messaging.Aws.Internal;

/// <summary>Names the key and the bad value of an unusable <see cref="AwsOptOutListOptions"/>.</summary>
internal sealed class AwsOptOutListOptionsValidator : IValidateOptions<AwsOptOutListOptions>
{
    private const string KeyPrefix = "NutritionistMessaging:" + AwsOptOutListOptions.SectionName + ":";

    public ValidateOptionsResult Validate(string? name, AwsOptOutListOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.ListName))
        {
            failures.Add($"{KeyPrefix}{nameof(AwsOptOutListOptions.ListName)} is empty: set the opt-out list name or ARN (\"Default\" is the account's default list).");
        }

        if (options.CacheDuration < TimeSpan.Zero)
        {
            failures.Add($"{KeyPrefix}{nameof(AwsOptOutListOptions.CacheDuration)} is {options.CacheDuration}: it must not be negative.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
