using Nutritionist.Messaging.Internal;
using Nutritionist.Messaging.OptOut;
using StackExchange.Redis;

namespace Nutritionist.Messaging.Redis;

/// <summary>
/// Opt-outs in Redis: one key per number and platform (<c>{prefix}optout:{platform}:{E.164}</c>), never expiring. An
/// opt-out for all platforms sets each platform's key in one <c>MSET</c>, like the in-memory store.
/// </summary>
/// <remarks>Thread-safe singleton.</remarks>
internal sealed class RedisOptOutStore(RedisStoreConnection connection) : IOptOutStore
{
    private static readonly MessagingPlatform[] AllPlatforms = Enum.GetValues<MessagingPlatform>();

    public async ValueTask<bool> IsOptedOutAsync(string phoneNumber, MessagingPlatform platform, CancellationToken cancellationToken = default)
    {
        SharedStoreSupport.RequireE164(phoneNumber, nameof(phoneNumber));
        var db = await connection.DatabaseAsync(cancellationToken).ConfigureAwait(false);
        return await db.KeyExistsAsync(Key(phoneNumber, platform)).ConfigureAwait(false);
    }

    public async ValueTask<IReadOnlySet<string>> GetOptedOutAsync(IReadOnlyCollection<string> phoneNumbers, MessagingPlatform platform, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(phoneNumbers);
        var numbers = phoneNumbers.Distinct(StringComparer.Ordinal).ToArray();
        foreach (var number in numbers)
        {
            SharedStoreSupport.RequireE164(number, nameof(phoneNumbers));
        }

        var optedOut = new HashSet<string>(StringComparer.Ordinal);
        if (numbers.Length == 0)
        {
            return optedOut;
        }

        // One EXISTS per key, all issued at once (the multiplexer pipelines them into one write), rather than MGET: the keys
        // hash to different slots, which MGET refuses on a cluster. Not an IBatch: with the server gone, an IBatch's
        // operations were seen never to complete (a bulk send hung), where these fail after the multiplexer's timeout.
        var db = await connection.DatabaseAsync(cancellationToken).ConfigureAwait(false);
        var lookups = Array.ConvertAll(numbers, n => db.KeyExistsAsync(Key(n, platform)));
        var exists = await Task.WhenAll(lookups).WaitAsync(cancellationToken).ConfigureAwait(false);
        for (var i = 0; i < numbers.Length; i++)
        {
            if (exists[i])
            {
                optedOut.Add(numbers[i]);
            }
        }

        return optedOut;
    }

    public async ValueTask OptOutAsync(string phoneNumber, MessagingPlatform? platform = null, CancellationToken cancellationToken = default)
    {
        SharedStoreSupport.RequireE164(phoneNumber, nameof(phoneNumber));
        var db = await connection.DatabaseAsync(cancellationToken).ConfigureAwait(false);
        var pairs = Platforms(platform).Select(p => new KeyValuePair<RedisKey, RedisValue>(Key(phoneNumber, p), 1)).ToArray();
        await db.StringSetAsync(pairs).ConfigureAwait(false);
    }

    public async ValueTask OptInAsync(string phoneNumber, MessagingPlatform? platform = null, CancellationToken cancellationToken = default)
    {
        SharedStoreSupport.RequireE164(phoneNumber, nameof(phoneNumber));
        var db = await connection.DatabaseAsync(cancellationToken).ConfigureAwait(false);
        await db.KeyDeleteAsync([.. Platforms(platform).Select(p => Key(phoneNumber, p))]).ConfigureAwait(false);
    }

    private RedisKey Key(string phoneNumber, MessagingPlatform platform) =>
        $"{connection.Prefix}optout:{(platform == MessagingPlatform.Sms ? "sms" : "whatsapp")}:{phoneNumber}";

    private static MessagingPlatform[] Platforms(MessagingPlatform? platform) => platform is { } p ? [p] : AllPlatforms;
}
