using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Nutritionist.Messaging.Redis;

/// <summary>Checks <see cref="RedisStoreOptions"/> when the host starts; each message names the setting and the bad value.</summary>
internal sealed class RedisStoreOptionsValidator(IServiceProviderIsService isService) : IValidateOptions<RedisStoreOptions>
{
    private const string Section = "NutritionistMessaging:Redis";

    public ValidateOptionsResult Validate(string? name, RedisStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.ConnectionString) && !isService.IsService(typeof(IConnectionMultiplexer)))
        {
            failures.Add($"{Section}:ConnectionString is not set and no IConnectionMultiplexer is registered: set one (for example \"localhost:6379\") or register a multiplexer.");
        }
        else if (!string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            try
            {
                _ = ConfigurationOptions.Parse(options.ConnectionString);
            }
            catch (ArgumentException e)
            {
                // The connection string may hold a password, so it is not repeated here.
                failures.Add($"{Section}:ConnectionString cannot be read: {e.Message}");
            }
        }

        if (options.KeyPrefix is null)
        {
            failures.Add($"{Section}:KeyPrefix is null; use an empty string for no prefix.");
        }

        if (options.DeliveryRetention <= TimeSpan.Zero)
        {
            failures.Add($"{Section}:DeliveryRetention is {options.DeliveryRetention}; it must be positive (default 30.00:00:00).");
        }

        if (options.Database < -1)
        {
            failures.Add($"{Section}:Database is {options.Database}; use -1 for the default database or a database number.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
