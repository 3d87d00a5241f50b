using System.Text.RegularExpressions;

namespace Nutritionist.Messaging.Aws.Internal;

/// <summary>
/// The endpoint rules of <c>pinpoint-sms-voice-v2</c> and <c>socialmessaging</c> (their endpoint-rule-set-1.json files are the
/// same rules with another host prefix): four URL templates over the partition of the region, and a custom endpoint that
/// excludes FIPS and dual-stack.
/// </summary>
internal static partial class AwsEndpointResolver
{
    public const string ServiceEndpointVariable = "AWS_ENDPOINT_URL_PINPOINT_SMS_VOICE_V2";
    public const string SocialEndpointVariable = "AWS_ENDPOINT_URL_SOCIALMESSAGING";
    public const string SmsVoiceHostPrefix = "sms-voice";
    public const string SocialMessagingHostPrefix = "social-messaging";
    public const string GlobalEndpointVariable = "AWS_ENDPOINT_URL";
    public const string IgnoreEndpointVariables = "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS";

    private sealed record Partition(string Name, Regex RegionRegex, string DnsSuffix, string? DualStackDnsSuffix, bool SupportsFips);

    // From the SDKs' partitions.json. Order matters: the generic "aws" pattern is last and is also the fallback.
    private static readonly Partition[] Partitions =
    [
        new("aws-cn", ChinaRegion(), "amazonaws.com.cn", "api.amazonwebservices.com.cn", true),
        new("aws-us-gov", GovRegion(), "amazonaws.com", "api.aws", true),
        new("aws-iso", IsoRegion(), "c2s.ic.gov", null, true),
        new("aws-iso-b", IsoBRegion(), "sc2s.sgov.gov", null, true),
        new("aws-iso-e", IsoERegion(), "cloud.adc-e.uk", null, true),
        new("aws-iso-f", IsoFRegion(), "csp.hci.ic.gov", null, true),
        new("aws-eusc", EuscRegion(), "amazonaws.eu", null, true),
        new("aws", AwsRegion(), "amazonaws.com", "api.aws", true),
    ];

    /// <summary>Resolves the endpoint as the rule set does.</summary>
    /// <param name="region">The region, or <see langword="null"/>.</param>
    /// <param name="useFips">AWS::UseFIPS.</param>
    /// <param name="useDualStack">AWS::UseDualStack.</param>
    /// <param name="endpoint">SDK::Endpoint (the custom endpoint), or <see langword="null"/>.</param>
    /// <param name="hostPrefix">The service's host prefix: <c>sms-voice</c> or <c>social-messaging</c>.</param>
    /// <returns>The endpoint.</returns>
    /// <exception cref="InvalidOperationException">The rule set returns an error; the message is the rule's error text.</exception>
    public static Uri Resolve(string? region, bool useFips, bool useDualStack, string? endpoint, string hostPrefix = SmsVoiceHostPrefix)
    {
        if (!string.IsNullOrEmpty(endpoint))
        {
            if (useFips)
            {
                throw new InvalidOperationException("Invalid Configuration: FIPS and custom endpoint are not supported");
            }

            if (useDualStack)
            {
                throw new InvalidOperationException("Invalid Configuration: Dualstack and custom endpoint are not supported");
            }

            return new Uri(endpoint, UriKind.Absolute);
        }

        if (string.IsNullOrEmpty(region))
        {
            throw new InvalidOperationException("Invalid Configuration: Missing Region");
        }

        var partition = Array.Find(Partitions, p => p.RegionRegex.IsMatch(region)) ?? Partitions[^1];
        if (useFips && useDualStack)
        {
            return partition is { SupportsFips: true, DualStackDnsSuffix: { } ds }
                ? new Uri($"https://{hostPrefix}-fips.{region}.{ds}")
                : throw new InvalidOperationException("FIPS and DualStack are enabled, but this partition does not support one or both");
        }

        if (useFips)
        {
            return partition.SupportsFips
                ? new Uri($"https://{hostPrefix}-fips.{region}.{partition.DnsSuffix}")
                : throw new InvalidOperationException("FIPS is enabled but this partition does not support FIPS");
        }

        if (useDualStack)
        {
            return partition.DualStackDnsSuffix is { } ds
                ? new Uri($"https://{hostPrefix}.{region}.{ds}")
                : throw new InvalidOperationException("DualStack is enabled but this partition does not support DualStack");
        }

        return new Uri($"https://{hostPrefix}.{region}.{partition.DnsSuffix}");
    }

    /// <summary>The custom endpoint from the environment, as every AWS SDK reads it, or <see langword="null"/>.</summary>
    /// <param name="serviceVariable">The service-specific variable, read before <c>AWS_ENDPOINT_URL</c>.</param>
    public static string? EndpointFromEnvironment(string serviceVariable = ServiceEndpointVariable)
    {
        if (string.Equals(Environment.GetEnvironmentVariable(IgnoreEndpointVariables), "true", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var value = Environment.GetEnvironmentVariable(serviceVariable);
        if (string.IsNullOrWhiteSpace(value))
        {
            value = Environment.GetEnvironmentVariable(GlobalEndpointVariable);
        }

        return string.IsNullOrWhiteSpace(value) ? null : value.Trim();
    }

    [GeneratedRegex(@"^cn\-\w+\-\d+$")]
    private static partial Regex ChinaRegion();

    [GeneratedRegex(@"^us\-gov\-\w+\-\d+$")]
    private static partial Regex GovRegion();

    [GeneratedRegex(@"^us\-iso\-\w+\-\d+$")]
    private static partial Regex IsoRegion();

    [GeneratedRegex(@"^us\-isob\-\w+\-\d+$")]
    private static partial Regex IsoBRegion();

    [GeneratedRegex(@"^eu\-isoe\-\w+\-\d+$")]
    private static partial Regex IsoERegion();

    [GeneratedRegex(@"^us\-isof\-\w+\-\d+$")]
    private static partial Regex IsoFRegion();

    [GeneratedRegex(@"^eusc\-(de)\-\w+\-\d+$")]
    private static partial Regex EuscRegion();

    [GeneratedRegex(@"^(us|eu|ap|sa|ca|me|af|il|mx)\-\w+\-\d+$")]
    private static partial Regex AwsRegion();
}
