using Microsoft.Extensions.DependencyInjection;

namespace Nutritionist.Messaging.Routing;

/// <summary>
/// Every provider the router may send through, by platform: the unnamed one (today's single registration, named by its own
/// <c>Name</c>) and the named ones, in registration order.
/// </summary>
/// <remarks>Thread-safe: built once, then read only.</remarks>
internal sealed class MessagingProviders
{
    public MessagingProviders(IServiceProvider services, IEnumerable<ProviderRegistration> registrations)
    {
        ArgumentNullException.ThrowIfNull(services);

        // Unnamed registration replaces, so there is at most one of each; the last one wins if a host added more by hand.
        var sms = services.GetServices<ISmsProvider>().LastOrDefault();
        var whatsApp = services.GetServices<IWhatsAppProvider>().LastOrDefault();
        var named = registrations.Distinct().ToList();
        Sms = Collect(sms is null ? null : (sms.Name, sms), named, MessagingPlatform.Sms, name => services.GetRequiredKeyedService<ISmsProvider>(name));
        WhatsApp = Collect(whatsApp is null ? null : (whatsApp.Name, whatsApp), named, MessagingPlatform.WhatsApp, name => services.GetRequiredKeyedService<IWhatsAppProvider>(name));
        UnnamedSms = sms?.Name;
        UnnamedWhatsApp = whatsApp?.Name;
    }

    /// <summary>The SMS providers by name: the unnamed one first, then the named ones.</summary>
    public IReadOnlyList<(string Name, ISmsProvider Provider)> Sms { get; }

    /// <summary>The WhatsApp providers by name: the unnamed one first, then the named ones.</summary>
    public IReadOnlyList<(string Name, IWhatsAppProvider Provider)> WhatsApp { get; }

    /// <summary>The name of the unnamed SMS provider, if one is registered.</summary>
    public string? UnnamedSms { get; }

    /// <summary>The name of the unnamed WhatsApp provider, if one is registered.</summary>
    public string? UnnamedWhatsApp { get; }

    /// <summary>The names of <paramref name="platform"/>'s providers.</summary>
    public IReadOnlyList<string> NamesOf(MessagingPlatform platform) =>
        platform == MessagingPlatform.Sms ? [.. Sms.Select(static p => p.Name)] : [.. WhatsApp.Select(static p => p.Name)];

    /// <summary>The provider a platform uses when its routing names none: the unnamed one, else the first named one.</summary>
    public string? DefaultOf(MessagingPlatform platform) => (platform == MessagingPlatform.Sms ? UnnamedSms : UnnamedWhatsApp) ?? NamesOf(platform).FirstOrDefault();

    private static List<(string, TProvider)> Collect<TProvider>((string, TProvider)? unnamed, List<ProviderRegistration> named, MessagingPlatform platform, Func<string, TProvider> resolve)
    {
        var providers = new List<(string Name, TProvider Provider)>();
        if (unnamed is { } u)
        {
            providers.Add(u);
        }

        foreach (var registration in named.Where(r => r.Platform == platform))
        {
            if (providers.Any(p => p.Name == registration.Name))
            {
                throw new InvalidOperationException(
                    $"Two {platform} providers are called \"{registration.Name}\": the unnamed registration uses its provider's own name; give the named one another name.");
            }

            providers.Add((registration.Name, resolve(registration.Name)));
        }

        return providers;
    }
}
