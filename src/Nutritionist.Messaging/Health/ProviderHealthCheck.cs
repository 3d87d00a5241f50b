using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Nutritionist.Messaging.Health;

/// <summary>
/// Reports one platform's provider: a provider that implements <see cref="IHealthCheck"/> is asked (AWS: credentials,
/// origination identities, spend against the monthly limit; Twilio: account reachable), and its answer is cached for
/// <c>cacheDuration</c> so a busy health probe does not hammer the provider.
/// </summary>
internal sealed class ProviderHealthCheck(MessagingPlatform platform, Func<object?> provider, TimeProvider time, TimeSpan cacheDuration) : IHealthCheck
{
    private readonly SemaphoreSlim _refresh = new(1, 1);
    private HealthCheckResult? _cached;
    private DateTimeOffset _cachedAt;

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (Fresh() is { } fresh)
        {
            return fresh;
        }

        await _refresh.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (Fresh() is { } refreshed)
            {
                return refreshed;
            }

            var result = await ProbeAsync(context, cancellationToken).ConfigureAwait(false);
            _cached = result;
            _cachedAt = time.GetUtcNow();
            return result;
        }
        finally
        {
            _refresh.Release();
        }
    }

    private HealthCheckResult? Fresh() => _cached is { } cached && time.GetUtcNow() - _cachedAt < cacheDuration ? cached : null;

    private async Task<HealthCheckResult> ProbeAsync(HealthCheckContext context, CancellationToken cancellationToken)
    {
        var instance = provider();
        var registration = platform == MessagingPlatform.Sms ? "AddAwsSms()" : "AddTwilioWhatsApp()";
        switch (instance)
        {
            case null:
                return new HealthCheckResult(context.Registration.FailureStatus, $"No {platform} provider is registered; call {registration}.");
            case IHealthCheck check:
                try
                {
                    return await check.CheckHealthAsync(context, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                {
                    return new HealthCheckResult(context.Registration.FailureStatus, $"The {platform} provider's health probe failed: {e.Message}", e);
                }

            default:
                return HealthCheckResult.Healthy($"The {platform} provider is registered (it has no health probe of its own).");
        }
    }
}
