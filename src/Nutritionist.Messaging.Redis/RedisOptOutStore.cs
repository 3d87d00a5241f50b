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
