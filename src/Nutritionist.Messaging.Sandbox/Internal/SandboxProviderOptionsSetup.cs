using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Nutritionist.Messaging.Sandbox.Internal;

/// <summary>
/// Gives the providers' options the sandbox's credentials, region, sender and phone number ids where the host left them
/// unset, without the sandbox referencing the provider assemblies: registered as an open generic
/// <see cref="IPostConfigureOptions{TOptions}"/>, it acts only on the option types in <see cref="SandboxProviderOptionsFills.ByType"/>, by their
/// documented public property names.
/// </summary>
/// <remarks>
/// Reflection rather than typed code because the sandbox depends on core alone (so that hosts can ship it without every
/// provider's SDK); each rule is one line of <see cref="SandboxProviderOptionsFills.ByType"/>, and a test checks every property named there exists on the
/// real option type with the expected type, so a rename fails the build's tests, not a user's sandbox.
/// </remarks>
internal sealed class SandboxProviderOptionsSetup<TOptions>(IServiceProvider services) : IPostConfigureOptions<TOptions>
    where TOptions : class
{
    public void PostConfigure(string? name, TOptions options)
    {
        if (!SandboxProviderOptionsFills.ByType.TryGetValue(typeof(TOptions).FullName ?? string.Empty, out var fill))
        {
            return;
        }

        // Resolved here, not in the constructor: resolving SandboxOptions builds its own post-configure list, this class included.
        var sandbox = services.GetRequiredService<IOptions<SandboxOptions>>().Value;
        if (sandbox.ConfigureProviders)
        {
            fill(new Filler(options), sandbox);
        }
    }
}

/// <summary>What <see cref="SandboxProviderOptionsSetup{TOptions}"/> fills, per provider option type.</summary>
internal static class SandboxProviderOptionsFills
{
    public const string AwsSmsOptions = "Nutritionist.Messaging.Aws.AwsSmsOptions";
    public const string AwsWhatsAppOptions = "Nutritionist.Messaging.Aws.AwsWhatsAppOptions";
    public const string TwilioOptions = "Nutritionist.Messaging.Twilio.TwilioWhatsAppOptions";
    public const string MetaOptions = "Nutritionist.Messaging.Meta.MetaWhatsAppOptions";

    public static readonly IReadOnlyDictionary<string, Action<Filler, SandboxOptions>> ByType = new Dictionary<string, Action<Filler, SandboxOptions>>(StringComparer.Ordinal)
    {
        [AwsSmsOptions] = static (o, sandbox) =>
        {
            AwsCredentials(o, sandbox);

            // The sandbox's pool, so MMS (which needs an origination identity) works with nothing configured.
            if (o.Get("OriginationIdentities") is List<string> { Count: 0 } identities)
            {
                identities.Add(SandboxState.PoolId);
            }
        },
        [AwsWhatsAppOptions] = static (o, sandbox) =>
        {
            AwsCredentials(o, sandbox);
            o.SetIfEmpty("OriginationPhoneNumberId", sandbox.AwsWhatsAppPhoneNumberId);
        },
        [TwilioOptions] = static (o, sandbox) =>
        {
            o.SetIfEmpty("AccountSid", sandbox.TwilioAccountSid);
            if (o.IsEmpty("AuthToken") && o.IsEmpty("ApiKeySid"))
            {
                o.Set("AuthToken", sandbox.TwilioAuthToken);
            }

            if (o.IsEmpty("From") && o.IsEmpty("MessagingServiceSid"))
            {
                o.Set("From", sandbox.WhatsAppFrom);
            }
        },
        [MetaOptions] = static (o, sandbox) =>
        {
            o.SetIfEmpty("AccessToken", sandbox.MetaAccessToken);
            o.SetIfEmpty("PhoneNumberId", sandbox.MetaPhoneNumberId);
        },
    };

    /// <summary>The string properties each rule reads or writes, for the test that checks them against the real types.</summary>
    public static readonly IReadOnlyDictionary<string, string[]> StringProperties = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        [AwsSmsOptions] = ["AccessKeyId", "SecretAccessKey", "SessionToken", "Region"],
        [AwsWhatsAppOptions] = ["AccessKeyId", "SecretAccessKey", "SessionToken", "Region", "OriginationPhoneNumberId"],
        [TwilioOptions] = ["AccountSid", "AuthToken", "ApiKeySid", "From", "MessagingServiceSid"],
        [MetaOptions] = ["AccessToken", "PhoneNumberId"],
    };

    private static void AwsCredentials(Filler o, SandboxOptions sandbox)
    {
        if (o.IsEmpty("AccessKeyId"))
        {
            o.Set("AccessKeyId", sandbox.AwsAccessKeyId);
            o.Set("SecretAccessKey", sandbox.AwsSecretAccessKey);
            o.Set("SessionToken", null);
        }

        o.SetIfEmpty("Region", sandbox.AwsRegion);
    }
}

/// <summary>Reads and writes an options object's public properties by name.</summary>
internal readonly struct Filler(object options)
{
    public object? Get(string name) => Property(name)?.GetValue(options);

    public bool IsEmpty(string name) => Get(name) is not string { Length: > 0 };

    public void Set(string name, string? value)
    {
        if (Property(name) is { CanWrite: true, PropertyType: var type } property && type == typeof(string))
        {
            property.SetValue(options, value);
        }
    }

    public void SetIfEmpty(string name, string value)
    {
        if (IsEmpty(name))
        {
            Set(name, value);
        }
    }

    private PropertyInfo? Property(string name) => options.GetType().GetProperty(name, BindingFlags.Public | BindingFlags.Instance);
}
