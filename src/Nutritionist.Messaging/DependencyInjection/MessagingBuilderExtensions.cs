using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Nutritionist.Messaging;
using Nutritionist.Messaging.Delivery;
using Nutritionist.Messaging.Idempotency;
using Nutritionist.Messaging.Inbound;
using Nutritionist.Messaging.OptOut;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Provider and store registration on <see cref="IMessagingBuilder"/>.</summary>
public static class MessagingBuilderExtensions
{
    /// <summary>
    /// Registers the SMS provider. There is one SMS provider: a second registration replaces the first
    /// (so <c>AddAwsSms()</c> followed by <c>AddSmsProvider&lt;MyProvider&gt;()</c> sends through <c>MyProvider</c>).
    /// </summary>
    /// <typeparam name="TProvider">The provider type, created by DI as a singleton.</typeparam>
    /// <param name="builder">The builder.</param>
    /// <returns>The builder.</returns>
    public static IMessagingBuilder AddSmsProvider<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TProvider>(this IMessagingBuilder builder)
        where TProvider : class, ISmsProvider
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.RemoveAll<ISmsProvider>();
        builder.Services.AddSingleton<ISmsProvider, TProvider>();
        return builder;
    }

    /// <summary>Registers the SMS provider from a factory, replacing any earlier one.</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="factory">Creates the provider (once; it is a singleton).</param>
    /// <returns>The builder.</returns>
    public static IMessagingBuilder AddSmsProvider(this IMessagingBuilder builder, Func<IServiceProvider, ISmsProvider> factory)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(factory);
        builder.Services.RemoveAll<ISmsProvider>();
        builder.Services.AddSingleton(factory);
        return builder;
    }

    /// <summary>Registers the WhatsApp provider, replacing any earlier one.</summary>
    /// <typeparam name="TProvider">The provider type, created by DI as a singleton.</typeparam>
    /// <param name="builder">The builder.</param>
    /// <returns>The builder.</returns>
    public static IMessagingBuilder AddWhatsAppProvider<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TProvider>(this IMessagingBuilder builder)
        where TProvider : class, IWhatsAppProvider
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.RemoveAll<IWhatsAppProvider>();
        builder.Services.AddSingleton<IWhatsAppProvider, TProvider>();
        return builder;
    }

    /// <summary>Registers the WhatsApp provider from a factory, replacing any earlier one.</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="factory">Creates the provider (once; it is a singleton).</param>
    /// <returns>The builder.</returns>
    public static IMessagingBuilder AddWhatsAppProvider(this IMessagingBuilder builder, Func<IServiceProvider, IWhatsAppProvider> factory)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(factory);
        builder.Services.RemoveAll<IWhatsAppProvider>();
        builder.Services.AddSingleton(factory);
        return builder;
    }

    /// <summary>Replaces the in-memory opt-out store with a shared one (database, distributed cache).</summary>
    /// <typeparam name="TStore">The store type, created by DI as a singleton.</typeparam>
    /// <param name="builder">The builder.</param>
    /// <returns>The builder.</returns>
    public static IMessagingBuilder UseOptOutStore<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TStore>(this IMessagingBuilder builder)
        where TStore : class, IOptOutStore
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.Replace(ServiceDescriptor.Singleton<IOptOutStore, TStore>());
        return builder;
    }

    /// <summary>Replaces the in-memory delivery tracker with a shared one.</summary>
    /// <typeparam name="TTracker">The tracker type, created by DI as a singleton.</typeparam>
    /// <param name="builder">The builder.</param>
    /// <returns>The builder.</returns>
    public static IMessagingBuilder UseDeliveryTracker<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TTracker>(this IMessagingBuilder builder)
        where TTracker : class, IDeliveryTracker
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.Replace(ServiceDescriptor.Singleton<IDeliveryTracker, TTracker>());
        return builder;
    }

    /// <summary>Replaces the in-memory WhatsApp window store with a shared one.</summary>
    /// <typeparam name="TStore">The store type, created by DI as a singleton.</typeparam>
    /// <param name="builder">The builder.</param>
    /// <returns>The builder.</returns>
    public static IMessagingBuilder UseConversationWindowStore<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TStore>(this IMessagingBuilder builder)
        where TStore : class, IConversationWindowStore
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.Replace(ServiceDescriptor.Singleton<IConversationWindowStore, TStore>());
        return builder;
    }

    /// <summary>
    /// Replaces the in-memory send-claim store with a shared one, so that a <see cref="OutboundMessage.ClientReference"/>
    /// makes a send happen once across every instance that shares it.
    /// </summary>
    /// <typeparam name="TStore">The store type, created by DI as a singleton.</typeparam>
    /// <param name="builder">The builder.</param>
    /// <returns>The builder.</returns>
    public static IMessagingBuilder UseSendClaimStore<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TStore>(this IMessagingBuilder builder)
        where TStore : class, ISendClaimStore
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.Replace(ServiceDescriptor.Singleton<ISendClaimStore, TStore>());
        return builder;
    }

    /// <summary>Adds a handler for messages people send (any number may be added; each sees every message).</summary>
    /// <typeparam name="THandler">The handler type, created by DI as a singleton.</typeparam>
    /// <param name="builder">The builder.</param>
    /// <returns>The builder.</returns>
    public static IMessagingBuilder AddInboundMessageHandler<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] THandler>(this IMessagingBuilder builder)
        where THandler : class, IInboundMessageHandler
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IInboundMessageHandler, THandler>());
        return builder;
    }

    /// <summary>Adds a handler for delivery status updates (any number may be added).</summary>
    /// <typeparam name="THandler">The handler type, created by DI as a singleton.</typeparam>
    /// <param name="builder">The builder.</param>
    /// <returns>The builder.</returns>
    public static IMessagingBuilder AddDeliveryStatusHandler<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] THandler>(this IMessagingBuilder builder)
        where THandler : class, IDeliveryStatusHandler
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IDeliveryStatusHandler, THandler>());
        return builder;
    }
}
