using Microsoft.Extensions.Options;

namespace Nutritionist.Messaging.Aws.Inbound;

/// <summary>
/// Checks <see cref="SqsInboundOptions"/> when the host starts. Every message names the configuration key
/// (<c>NutritionistMessaging:Aws:Inbound:&lt;Key&gt;</c>) and the bad value (never a secret).
/// </summary>
internal sealed class SqsInboundOptionsValidator : IValidateOptions<SqsInboundOptions>
{
    private const string Prefix = "NutritionistMessaging:Aws:Inbound:";

    public ValidateOptionsResult Validate(string? name, SqsInboundOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();

        if (options.MaxConcurrency is < 1 or > 1000)
        {
            errors.Add($"{Prefix}MaxConcurrency must be between 1 and 1000; got {options.MaxConcurrency}.");
        }

        if (options.ProcessingClaimLifetime <= TimeSpan.Zero)
        {
            errors.Add($"{Prefix}ProcessingClaimLifetime must be positive; got {options.ProcessingClaimLifetime}.");
        }

        if (options.ProcessedMessageRetention <= TimeSpan.Zero)
        {
            errors.Add($"{Prefix}ProcessedMessageRetention must be positive; got {options.ProcessedMessageRetention}.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
