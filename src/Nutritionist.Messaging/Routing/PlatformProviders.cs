using Nutritionist.Messaging.PhoneNumbers;
using Nutritionist.Messaging.Reliability;

namespace Nutritionist.Messaging.Routing;

/// <summary>One platform's providers as the router sends through them: each with its own pipeline, and the route between them.</summary>
/// <remarks>Thread-safe: built once, then read only.</remarks>
internal sealed class PlatformProviders(ProviderRoute route, IReadOnlyDictionary<string, ProviderEndpoint> endpoints)
{
    public ProviderRoute Route { get; } = route;

    public IReadOnlyDictionary<string, ProviderEndpoint> Endpoints { get; } = endpoints;
}

/// <summary>One named provider: its own <see cref="SendPipeline"/> (breaker, retry, rate limiter) and how a message reaches it.</summary>
/// <param name="Name">The provider's name in results, logs and metrics.</param>
/// <param name="Send">Sends one normalised message through the provider's pipeline.</param>
internal sealed record ProviderEndpoint(string Name, Func<OutboundMessage, PhoneNumberInfo, CancellationToken, Task<SendAttempt>> Send);
