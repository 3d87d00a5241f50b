using Microsoft.Extensions.Options;

namespace Nutritionist.Messaging.Health;

/// <summary>Names the key and the bad value of an unusable <see cref="MessagingHealthCheckOptions"/>.</summary>
internal sealed class MessagingHealthCheckOptionsValidator : IValidateOptions<MessagingHealthCheckOptions>
{
    public ValidateOptionsResult Validate(string? name, MessagingHealthCheckOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.CacheDuration < TimeSpan.Zero
            ? ValidateOptionsResult.Fail(
                $"NutritionistMessaging:{MessagingHealthCheckOptions.SectionName}:{nameof(MessagingHealthCheckOptions.CacheDuration)} is {options.CacheDuration}: it must not be negative.")
            : ValidateOptionsResult.Success;
    }
}
