using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace Nutritionist.Messaging.Aws.Internal;

/// <summary>
/// Fills unset options from the seed's environment variables (<c>PHONE_POOL_ID</c>, <c>SMS_CONFIG_SET</c>); only the unnamed
/// registration's, so a named account in another region does not borrow the first one's pool.
/// </summary>
internal sealed class AwsSmsEnvironmentDefaults : IPostConfigureOptions<AwsSmsOptions>
{
    public const string PhonePoolIdVariable = "PHONE_POOL_ID";
    public const string ConfigSetVariable = "SMS_CONFIG_SET";

    public void PostConfigure(string? name, AwsSmsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.OriginationIdentities ??= [];
        options.OriginationIdentitiesByCountry ??= new(StringComparer.OrdinalIgnoreCase);
        if (name != Options.DefaultName)
        {
            return;
        }

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

        ValidateConnection(AwsConnectionSettings.Of(options), failures);

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

    /// <summary>
    /// The checks both AWS providers share: region, custom endpoint against FIPS and dual-stack, and which credentials are
    /// set together. Messages name the keys under <see cref="AwsConnectionSettings.KeyPrefix"/>.
    /// </summary>
    internal static void ValidateConnection(AwsConnectionSettings settings, List<string> failures)
    {
        var prefix = settings.KeyPrefix;
        if (settings.Region is { } region && !RegionPattern().IsMatch(region))
        {
            failures.Add($"{prefix}Region must be an AWS region name such as \"us-east-1\"; got \"{region}\".");
        }

        if (settings.ServiceUrl is { } url)
        {
            if (!url.IsAbsoluteUri || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp))
            {
                failures.Add($"{prefix}ServiceUrl must be an absolute http or https URL; got \"{url}\".");
            }

            if (settings.UseFips)
            {
                failures.Add($"{prefix}UseFips cannot be combined with {prefix}ServiceUrl (\"{url}\"): FIPS and custom endpoint are not supported.");
            }

            if (settings.UseDualStack)
            {
                failures.Add($"{prefix}UseDualStack cannot be combined with {prefix}ServiceUrl (\"{url}\"): Dualstack and custom endpoint are not supported.");
            }
        }

        var hasKey = !string.IsNullOrEmpty(settings.AccessKeyId);
        var hasSecret = !string.IsNullOrEmpty(settings.SecretAccessKey);
        if (hasKey && !hasSecret)
        {
            failures.Add($"{prefix}SecretAccessKey is required when {prefix}AccessKeyId is set (or leave both unset to use the AWS credential chain: AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, a profile, or instance metadata).");
        }

        if (hasSecret && !hasKey)
        {
            failures.Add($"{prefix}AccessKeyId is required when {prefix}SecretAccessKey is set.");
        }

        if (!string.IsNullOrEmpty(settings.SessionToken) && !hasKey)
        {
            failures.Add($"{prefix}SessionToken is set but {prefix}AccessKeyId and {prefix}SecretAccessKey are not.");
        }

        if (hasKey && !string.IsNullOrEmpty(settings.ProfileName))
        {
            failures.Add($"{prefix}ProfileName (\"{settings.ProfileName}\") cannot be combined with {prefix}AccessKeyId: set one or the other.");
        }
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
