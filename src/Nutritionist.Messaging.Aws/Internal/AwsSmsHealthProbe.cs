using System.Globalization;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Nutritionist.Messaging.Aws.Wire;
using Nutritionist.Messaging.Telemetry;

namespace Nutritionist.Messaging.Aws.Internal;

/// <summary>
/// The AWS provider's health: credentials and region resolvable, the configured pools and phone numbers exist and are
/// active (<c>DescribePools</c>, <c>DescribePhoneNumbers</c>), and this month's SMS spend against the account's
/// enforced monthly limit (<c>DescribeSpendLimits</c>). AWS does not report spend so far, so it is this process's
/// figure from <see cref="IMessagingStatistics"/> (actual prices when delivery events brought them, else estimates).
/// </summary>
internal sealed class AwsSmsHealthProbe(SmsVoiceClient client, IAwsConnection connection, IOptions<AwsSmsOptions> options, IMessagingStatistics? statistics = null)
{
    public const string MonthlySpendLimitName = "TEXT_MESSAGE_MONTHLY_SPEND_LIMIT";

    /// <summary>Spend at or above this share of the limit reports Degraded.</summary>
    public const double DegradedSpendRatio = 0.9;

    public async Task<HealthCheckResult> CheckAsync(HealthCheckContext context, CancellationToken cancellationToken)
    {
        var data = new Dictionary<string, object>();
        try
        {
            var resolved = await connection.GetAsync(cancellationToken).ConfigureAwait(false);
            data["region"] = resolved.Region;
            data["endpoint"] = resolved.Endpoint.ToString();
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy($"AWS credentials or region could not be resolved: {e.Message}", e, data);
        }

        try
        {
            var problems = new List<string>();
            var identities = options.Value.OriginationIdentities.Concat(options.Value.OriginationIdentitiesByCountry.Values).Distinct(StringComparer.Ordinal).ToList();
            var checkedCount = await CheckPoolsAsync(identities.Where(IsPool).ToList(), problems, cancellationToken).ConfigureAwait(false)
                + await CheckPhoneNumbersAsync(identities.Where(IsPhoneNumber).ToList(), problems, cancellationToken).ConfigureAwait(false);
            data["originationIdentitiesChecked"] = checkedCount;

            var limits = await client.DescribeSpendLimitsAsync(new DescribeSpendLimitsRequest(), cancellationToken).ConfigureAwait(false);
            var limit = limits.SpendLimits?.FirstOrDefault(l => l.Name == MonthlySpendLimitName)?.EnforcedLimit;
            double? ratio = null;
            if (limit is > 0 && statistics?.GetSnapshot()[MessagingPlatform.Sms] is { } sms)
            {
                var spend = sms.ActualSpend > 0 ? sms.ActualSpend : sms.EstimatedSpend;
                ratio = (double)spend / limit.Value;
                data["monthlySpendLimit"] = limit.Value;
                data["spendThisMonth"] = spend;
            }

            if (checkedCount > 0 && problems.Count >= checkedCount)
            {
                return new HealthCheckResult(context.Registration.FailureStatus, "No configured origination identity can send: " + string.Join("; ", problems), data: data);
            }

            if (ratio >= 1)
            {
                return new HealthCheckResult(context.Registration.FailureStatus, $"SMS spend this month has reached the enforced monthly limit of {limit} USD.", data: data);
            }

            var warnings = new List<string>(problems);
            if (ratio >= DegradedSpendRatio)
            {
                warnings.Add($"SMS spend this month is at {ratio.Value.ToString("P0", CultureInfo.InvariantCulture)} of the {limit} USD monthly limit");
            }

            return warnings.Count == 0
                ? HealthCheckResult.Healthy("AWS End User Messaging SMS is reachable and configured.", data)
                : HealthCheckResult.Degraded(string.Join("; ", warnings) + ".", data: data);
        }
        catch (AwsApiException e)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, $"AWS answered {e.ErrorType}: {e.AwsMessage}", e, data);
        }
        catch (MessagingException e)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, e.Message, e, data);
        }
    }

    internal static bool IsPool(string identity) => identity.StartsWith("pool-", StringComparison.Ordinal) || identity.Contains(":pool/", StringComparison.Ordinal);

    internal static bool IsPhoneNumber(string identity) =>
        identity.StartsWith("phone-", StringComparison.Ordinal) || identity.StartsWith('+') || identity.Contains(":phone-number/", StringComparison.Ordinal);

    private async Task<int> CheckPoolsAsync(List<string> pools, List<string> problems, CancellationToken cancellationToken)
    {
        foreach (var pool in pools)
        {
            try
            {
                var result = await client.DescribePoolsAsync(new DescribePoolsRequest { PoolIds = [pool] }, cancellationToken).ConfigureAwait(false);
                var info = result.Pools?.FirstOrDefault();
                if (info is null)
                {
                    problems.Add($"pool {pool} was not found");
                }
                else if (!string.Equals(info.Status, "ACTIVE", StringComparison.Ordinal))
                {
                    problems.Add($"pool {pool} is {info.Status}");
                }
            }
            catch (AwsApiException e) when (e.ErrorType == "ResourceNotFoundException")
            {
                problems.Add($"pool {pool} was not found");
            }
        }

        return pools.Count;
    }

    private async Task<int> CheckPhoneNumbersAsync(List<string> numbers, List<string> problems, CancellationToken cancellationToken)
    {
        foreach (var number in numbers)
        {
            var shown = number.StartsWith('+') ? Nutritionist.Messaging.PhoneNumbers.PhoneNumberMasking.Mask(number) : number;
            try
            {
                var result = await client.DescribePhoneNumbersAsync(new DescribePhoneNumbersRequest { PhoneNumberIds = [number] }, cancellationToken).ConfigureAwait(false);
                var info = result.PhoneNumbers?.FirstOrDefault();
                if (info is null)
                {
                    problems.Add($"phone number {shown} was not found");
                }
                else if (!string.Equals(info.Status, "ACTIVE", StringComparison.Ordinal))
                {
                    problems.Add($"phone number {shown} is {info.Status}");
                }
            }
            catch (AwsApiException e) when (e.ErrorType == "ResourceNotFoundException")
            {
                problems.Add($"phone number {shown} was not found");
            }
        }

        return numbers.Count;
    }
}
