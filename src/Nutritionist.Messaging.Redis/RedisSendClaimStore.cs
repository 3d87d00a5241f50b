using System.Globalization;
using Nutritionist.Messaging.Idempotency;
using StackExchange.Redis;

namespace Nutritionist.Messaging.Redis;

/// <summary>
/// Send claims in Redis: <c>{prefix}claim:{key}</c> holds <c>{ends at, Unix ms}|{p or c}|{result JSON}</c> with a key
/// expiry of the claim's lifetime. Claiming is one Lua script (take the key unless a live claim holds it), so of any
/// number of concurrent claims exactly one wins.
/// </summary>
/// <remarks>
/// Thread-safe singleton. Whether a claim is live is decided by <see cref="TimeProvider"/> against the stored end time;
/// the key expiry only frees the memory. Results are stored with <see cref="SendResultSerializer"/>.
/// </remarks>
internal sealed class RedisSendClaimStore(RedisStoreConnection connection, TimeProvider time) : ISendClaimStore
{
    // ARGV: 1 now (ms), 2 the new value, 3 lifetime (ms). Returns nil when acquired, else the live claim's value.
    private const string ClaimScript = """
        local cur = redis.call('GET', KEYS[1])
        if cur then
          local sep = string.find(cur, '|', 1, true)
          if sep and tonumber(string.sub(cur, 1, sep - 1)) > tonumber(ARGV[1]) then return cur end
        end
        redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
        return false
        """;

    public async ValueTask<SendClaim> TryClaimAsync(string key, TimeSpan lifetime, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(lifetime, TimeSpan.Zero);
        var now = time.GetUtcNow();
        var db = await connection.DatabaseAsync(cancellationToken).ConfigureAwait(false);
        var existing = await db.ScriptEvaluateAsync(ClaimScript, [Key(key)],
            [now.ToUnixTimeMilliseconds(), Value(now + lifetime, completed: false, null), Milliseconds(lifetime)]).ConfigureAwait(false);
        if (existing.IsNull)
        {
            return SendClaim.Acquired;
        }

        var text = existing.ToString();
        var parts = text.Split('|', 3);
        if (parts.Length < 2 || parts[1] != "c")
        {
            return SendClaim.InProgress;
        }

        return new SendClaim(SendClaimState.Completed, parts.Length == 3 && parts[2].Length > 0 ? SendResultSerializer.Deserialize(parts[2]) : null);
    }

    public async ValueTask CompleteAsync(string key, SendResult? result, TimeSpan lifetime, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(lifetime, TimeSpan.Zero);
        var db = await connection.DatabaseAsync(cancellationToken).ConfigureAwait(false);
        await db.StringSetAsync(Key(key), Value(time.GetUtcNow() + lifetime, completed: true, result), lifetime).ConfigureAwait(false);
    }

    public async ValueTask ReleaseAsync(string key, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        var db = await connection.DatabaseAsync(cancellationToken).ConfigureAwait(false);
        await db.KeyDeleteAsync(Key(key)).ConfigureAwait(false);
    }

    private static string Value(DateTimeOffset endsAt, bool completed, SendResult? result) =>
        string.Create(CultureInfo.InvariantCulture, $"{endsAt.ToUnixTimeMilliseconds()}|{(completed ? "c" : "p")}|{(result is null ? string.Empty : SendResultSerializer.Serialize(result))}");

    private static long Milliseconds(TimeSpan span) => (long)Math.Ceiling(span.TotalMilliseconds);

    private RedisKey Key(string key) => connection.Prefix + "claim:" + key;
}
