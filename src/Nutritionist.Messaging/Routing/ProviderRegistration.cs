namespace Nutritionist.Messaging.Routing;

/// <summary>
/// Marks a named provider in the service collection: the provider itself is a keyed singleton
/// (<see cref="ISmsProvider"/> or <see cref="IWhatsAppProvider"/>, key <see cref="Name"/>).
/// </summary>
internal sealed record ProviderRegistration(MessagingPlatform Platform, string Name);
