using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Nutritionist.Messaging.Aws.Internal;

/// <summary>
/// Gives both AWS providers the registered <see cref="MessagingEmulator"/>'s credentials, region, origination pool and
/// WhatsApp phone number id where the host left them unset (every registration's, named ones included). Registered after
/// the environment defaults, so the host's own settings win over the emulator's.
/// </summary>
internal sealed class AwsEmulatorDefaults(IServiceProvider services) : IPostConfigureOptions<AwsSmsOptions>, IPostConfigureOptions<AwsWhatsAppOptions>
{
    public void PostConfigure(string? name, AwsSmsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (services.GetService<MessagingEmulator>() is not { } emulator)
        {
            return;
        }

        if (string.IsNullOrEmpty(options.AccessKeyId))
        {
            (options.AccessKeyId, options.SecretAccessKey, options.SessionToken) = (emulator.AwsAccessKeyId, emulator.AwsSecretAccessKey, null);
        }

        if (string.IsNullOrEmpty(options.Region))
        {
            options.Region = emulator.AwsRegion;
        }

        // The emulator's pool, so MMS (which needs an origination identity) works with nothing configured.
        options.OriginationIdentities ??= [];
        if (options.OriginationIdentities.Count == 0 && emulator.AwsSmsOriginationIdentity is { } pool)
        {
            options.OriginationIdentities.Add(pool);
        }
    }

    public void PostConfigure(string? name, AwsWhatsAppOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (services.GetService<MessagingEmulator>() is not { } emulator)
        {
            return;
        }

        if (string.IsNullOrEmpty(options.AccessKeyId))
        {
            (options.AccessKeyId, options.SecretAccessKey, options.SessionToken) = (emulator.AwsAccessKeyId, emulator.AwsSecretAccessKey, null);
        }

        if (string.IsNullOrEmpty(options.Region))
        {
            options.Region = emulator.AwsRegion;
        }

        if (string.IsNullOrEmpty(options.OriginationPhoneNumberId))
        {
            options.OriginationPhoneNumberId = emulator.AwsWhatsAppPhoneNumberId;
        }
    }
}
