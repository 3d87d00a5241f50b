using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Nutritionist.Messaging.Internal;

internal sealed class MessagingBuilder(IServiceCollection services, IConfiguration? configuration) : IMessagingBuilder
{
    public IServiceCollection Services { get; } = services;

    public IConfiguration? Configuration { get; } = configuration;
}
