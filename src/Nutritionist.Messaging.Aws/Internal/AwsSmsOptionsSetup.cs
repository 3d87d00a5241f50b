using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace Nutritionist.Messaging.Aws.Internal;

/// <summary>Fills unset options from the seed's environment variables (<c>PHONE_POOL_ID</c>, <c>SMS_CONFIG_SET</c>).</summary>
internal sealed class AwsSmsEnvironmentDefaults : IPostConfigureOptions<AwsSmsOptions>
{
    public const string PhonePoolIdVariable = "PHONE_POOL_ID";
    public const string ConfigSetVariable = "SMS_CONFIG_SET";

    public void PostConfigure(string? name, AwsSmsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.OriginationIdentities ??= [];
        options.OriginationIdentitiesByCountry ??= new(StringComparer.OrdinalIgnoreCase);
        if (options.OriginationIdentities.Count == 0 && Environment.GetEnvironmentVariable(PhonePoolIdVariable) is { Length: > 0 } pool)
        {
            options.OriginationIdentities.Add(pool.Trim());
        }

        if (string.IsNullOrEmpty(options.ConfigurationSetName) && Environment.GetEnvironmentVariable(ConfigSetVariable) is { Length: > 0 } set)
        {
            options.ConfigurationSetName = set.Trim();
        }
    }
}

/// <summary>Checks <see cref="AwsSmsOptions"/> at start-up; each message names the configuration key and the bad value (never a secret).</summary>
internal sealed partial class AwsSmsOptionsValidator : IValidateOptions<AwsSmsOptions>
{
    public const string KeyPrefix = "NutritionistMessaging:Aws:";

    private static readonly TimeSpan MinTimeToLive = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan MaxTimeToLive = TimeSpan.FromSeconds(259_200);

    public ValidateOptionsResult Validate(string? name, AwsSmsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();

        if (options.Region is { } region && !RegionPattern().IsMatch(region))
        {
            failures.Add($"{KeyPrefix}Region must be an AWS region name such as \"us-east-1\"; got \"{region}\".");
        }

        if (options.ServiceUrl is { } url)
        {
            if (!url.IsAbsoluteUri || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp))
            {
                failures.Add($"{KeyPrefix}ServiceUrl must be an absolute http or https URL; got \"{url}\".");
            }

            if (options.UseFips)
            {
                failures.Add($"{KeyPrefix}UseFips cannot be combined with {KeyPrefix}ServiceUrl (\"{url}\"): FIPS and custom endpoint are not supported.");
            }

            if (options.UseDualStack)
            {
                failures.Add($"{KeyPrefix}UseDualStack cannot be combined with {KeyPrefix}ServiceUrl (\"{url}\"): Dualstack and custom endpoint are not supported.");
            }
        }

        var hasKey = !string.IsNullOrEmpty(options.AccessKeyId);
        var hasSecret = !string.IsNullOrEmpty(options.SecretAccessKey);
        if (hasKey && !hasSecret)
        {
            failures.Add($"{KeyPrefix}SecretAccessKey is required when {KeyPrefix}AccessKeyId is set (or leave both unset to use the AWS credential chain: AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, a profile, or instance metadata).");
        }

        if (hasSecret && !hasKey)
        {
            failures.Add($"{KeyPrefix}AccessKeyId is required when {KeyPrefix}SecretAccessKey is set.");
        }

        if (!string.IsNullOrEmpty(options.SessionToken) && !hasKey)
        {
            failures.Add($"{KeyPrefix}SessionToken is set but {KeyPrefix}AccessKeyId and {KeyPrefix}SecretAccessKey are not.");
        }

        if (hasKey && !string.IsNullOrEmpty(options.ProfileName))
        {
            failures.Add($"{KeyPrefix}ProfileName (\"{options.ProfileName}\") cannot be combined with {KeyPrefix}AccessKeyId: set one or the other.");
        }

        for (var i = 0; i < (options.OriginationIdentities?.Count ?? 0); i++)
        {
            var identity = options.OriginationIdentities![i];
            if (string.IsNullOrEmpty(identity) || identity.Length > 256 || !IdentityPattern().IsMatch(identity))
            {
                failures.Add($"{KeyPrefix}OriginationIdentities:{i} must be a pool id or ARN, phone number or sender id (1–256 characters of A-Z a-z 0-9 _ : / + -); got \"{identity}\" (PHONE_POOL_ID fills the first entry).");
            }
        }

        foreach (var (country, identity) in options.OriginationIdentitiesByCountry ?? [])
        {
            if (!CountryPattern().IsMatch(country))
            {
                failures.Add($"{KeyPrefix}OriginationIdentitiesByCountry keys must be ISO 3166-1 alpha-2 region codes such as \"GB\"; got \"{country}\".");
            }

            if (string.IsNullOrEmpty(identity) || identity.Length > 256 || !IdentityPattern().IsMatch(identity))
            {
                failures.Add($"{KeyPrefix}OriginationIdentitiesByCountry:{country} must be a pool id or ARN, phone number or sender id; got \"{identity}\".");
            }
        }

        if (options.ConfigurationSetName is { } set && (set.Length is 0 or > 256 || !NamePattern().IsMatch(set)))
        {
            failures.Add($"{KeyPrefix}ConfigurationSetName must be 1–256 characters of A-Z a-z 0-9 _ : / -; got \"{set}\" (SMS_CONFIG_SET fills it when unset).");
        }

        if (options.MessageType is not ("TRANSACTIONAL" or "PROMOTIONAL"))
        {
            failures.Add($"{KeyPrefix}MessageType must be TRANSACTIONAL or PROMOTIONAL; got \"{options.MessageType}\".");
        }

        if (options.MaxPrice is { } price && (price.Length is < 2 or > 8 || !MaxPricePattern().IsMatch(price)))
        {
            failures.Add($"{KeyPrefix}MaxPrice must match [0-9]{{0,2}}\\.[0-9]{{1,5}} (US dollars per message part, such as \"0.05\"); got \"{price}\".");
        }

        if (options.TimeToLive is { } ttl && (ttl < MinTimeToLive || ttl > MaxTimeToLive || ttl.Ticks % TimeSpan.TicksPerSecond != 0))
        {
            failures.Add($"{KeyPrefix}TimeToLive must be a whole number of seconds from 5 to 259200 (72 hours); got \"{ttl.ToString("c", CultureInfo.InvariantCulture)}\".");
        }

        if (options.MessagePartsPerSecondPerIdentity is < 1)
        {
            failures.Add($"{KeyPrefix}MessagePartsPerSecondPerIdentity must be at least 1 (or unset); got {options.MessagePartsPerSecondPerIdentity}.");
        }

        if (options.RequestTimeout <= TimeSpan.Zero)
        {
            failures.Add($"{KeyPrefix}RequestTimeout must be positive; got \"{options.RequestTimeout.ToString("c", CultureInfo.InvariantCulture)}\".");
        }

        if (options.FailoverCooldown < TimeSpan.Zero)
        {
            failures.Add($"{KeyPrefix}FailoverCooldown must not be negative; got \"{options.FailoverCooldown.ToString("c", CultureInfo.InvariantCulture)}\".");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    [GeneratedRegex(@"^[a-z]{2}(-[a-z]+)+-\d+$", RegexOptions.CultureInvariant)]
    private static partial Regex RegionPattern();

    [GeneratedRegex(@"^[A-Za-z0-9_:/\+-]+$", RegexOptions.CultureInvariant)]
    private static partial Regex IdentityPattern();

    [GeneratedRegex(@"^[A-Za-z0-9_:/-]+$", RegexOptions.CultureInvariant)]
    private static partial Regex NamePattern();

    [GeneratedRegex(@"^[A-Za-z]{2}$", RegexOptions.CultureInvariant)]
    private static partial Regex CountryPattern();

    [GeneratedRegex(@"^[0-9]{0,2}\.[0-9]{1,5}$", RegexOptions.CultureInvariant)]
    private static partial Regex MaxPricePattern();
}
