using Microsoft.Extensions.Options;

namespace Nutritionist.Messaging.Aws.Inbound;

/// <summary>
/// Checks <see cref="SqsPumpOptions"/> when the host starts. Every message names the configuration key
/// (<c>NutritionistMessaging:Aws:Inbound:&lt;Key&gt;</c>) and the bad value (never a secret).
/// </summary>
internal sealed class SqsPumpOptionsValidator : IValidateOptions<SqsPumpOptions>
{
    private const string Prefix = "NutritionistMessaging:Aws:Inbound:";
    private const int MaxVisibilitySeconds = 12 * 60 * 60;

    public ValidateOptionsResult Validate(string? name, SqsPumpOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();

        if (options.QueueUrls is null || options.QueueUrls.Count == 0)
        {
            errors.Add($"{Prefix}QueueUrls must list at least one queue URL (https://sqs.<region>.amazonaws.com/<account>/<queue>); a Lambda function that receives the messages needs no pump (AddAwsSmsInbound() alone).");
        }
        else
        {
            for (var i = 0; i < options.QueueUrls.Count; i++)
            {
                var url = options.QueueUrls[i];
                if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
                {
                    errors.Add($"{Prefix}QueueUrls:{i} must be an absolute http(s) queue URL; got '{url}'.");
                }
            }

            var duplicate = options.QueueUrls.Where(u => u is not null).GroupBy(u => u, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
            if (duplicate is not null)
            {
                errors.Add($"{Prefix}QueueUrls lists '{duplicate.Key}' more than once.");
            }
        }

        if (options.WaitTimeSeconds is < 0 or > 20)
        {
            errors.Add($"{Prefix}WaitTimeSeconds must be between 0 and 20 (the SQS long-poll limit); got {options.WaitTimeSeconds}.");
        }

        if (options.MaxNumberOfMessages is < 1 or > 10)
        {
            errors.Add($"{Prefix}MaxNumberOfMessages must be between 1 and 10 (the SQS limit); got {options.MaxNumberOfMessages}.");
        }

        if (options.VisibilityTimeout is { } visibility
            && (visibility < TimeSpan.Zero || visibility.TotalSeconds > MaxVisibilitySeconds || visibility.Ticks % TimeSpan.TicksPerSecond != 0))
        {
            errors.Add($"{Prefix}VisibilityTimeout must be whole seconds between 00:00:00 and 12:00:00; got {visibility}.");
        }

        if (options.ServiceUrl is { } serviceUrl
            && (!serviceUrl.IsAbsoluteUri || (serviceUrl.Scheme != Uri.UriSchemeHttps && serviceUrl.Scheme != Uri.UriSchemeHttp)))
        {
            errors.Add($"{Prefix}ServiceUrl must be an absolute http(s) URL; got '{serviceUrl}'.");
        }

        if (options.Region is not null && string.IsNullOrWhiteSpace(options.Region))
        {
            errors.Add($"{Prefix}Region must not be blank; leave it unset to use AWS_REGION or the profile's region.");
        }

        var hasKey = !string.IsNullOrEmpty(options.AccessKeyId);
        var hasSecret = !string.IsNullOrEmpty(options.SecretAccessKey);
        if (hasKey != hasSecret)
        {
            errors.Add(hasKey
                ? $"{Prefix}SecretAccessKey is required when {Prefix}AccessKeyId is set (or leave both unset to use the AWS credential chain: AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, profile, role)."
                : $"{Prefix}AccessKeyId is required when {Prefix}SecretAccessKey is set (or leave both unset to use the AWS credential chain).");
        }

        if (!string.IsNullOrEmpty(options.SessionToken) && !hasKey)
        {
            errors.Add($"{Prefix}SessionToken needs {Prefix}AccessKeyId and {Prefix}SecretAccessKey.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
