using System.Globalization;
using Nutritionist.Messaging.Delivery;
using Nutritionist.Messaging.Internal;
using StackExchange.Redis;

namespace Nutritionist.Messaging.Redis;

/// <summary>
/// Delivery records in Redis: one hash per message (<c>{prefix}delivery:{message id}</c>) kept for
/// <see cref="RedisStoreOptions.DeliveryRetention"/> after its last change. Each write is one Lua script, so the status
/// rules (<see cref="DeliveryStatusExtensions.CanAdvanceTo"/>) are applied atomically in Redis, never by a
/// read-modify-write in this process.
/// </summary>
/// <remarks>
/// Thread-safe singleton. <see cref="GetStatistics"/> counts what this instance did (see
/// <see cref="InstanceDeliveryStatistics"/>), not the whole keyspace.
/// </remarks>
internal sealed class RedisDeliveryTracker(RedisStoreConnection connection, TimeProvider time) : IDeliveryTracker
{
    // ARGV: 1 platform, 2 recipient, 3 reference, 4 now (ms), 5 retention (ms). Returns 1 when the record was created.
    private const string AcceptScript = """
        local created = redis.call('HSETNX', KEYS[1], 'status', 'Queued')
        redis.call('HSETNX', KEYS[1], 'platform', ARGV[1])
        if ARGV[2] ~= '' then redis.call('HSETNX', KEYS[1], 'recipient', ARGV[2]) end
        if ARGV[3] ~= '' then redis.call('HSETNX', KEYS[1], 'reference', ARGV[3]) end
        redis.call('HSET', KEYS[1], 'acceptedAt', ARGV[4])
        redis.call('HSETNX', KEYS[1], 'updatedAt', ARGV[4])
        redis.call('PEXPIRE', KEYS[1], ARGV[5])
        return created
        """;

    // ARGV: 1 status, 2 timestamp (ms), 3 platform, 4 recipient, 5 reference, 6 error code, 7 price, 8 currency,
    // 9 retention (ms), 10 "1" when the status is final, 11… the recorded statuses this update may replace. Returns 1
    // when the status changed. A final status brings its own error code (or none): an intermediate one's must not outlive it.
    private const string ApplyScript = """
        local cur = redis.call('HGET', KEYS[1], 'status')
        local applies = not cur
        if cur then
          for i = 11, #ARGV do
            if ARGV[i] == cur then applies = true break end
          end
        end
        if applies then
          redis.call('HSET', KEYS[1], 'status', ARGV[1], 'updatedAt', ARGV[2])
          if ARGV[6] ~= '' then redis.call('HSET', KEYS[1], 'errorCode', ARGV[6])
          elseif ARGV[10] == '1' then redis.call('HDEL', KEYS[1], 'errorCode') end
        end
        redis.call('HSETNX', KEYS[1], 'platform', ARGV[3])
        if ARGV[4] ~= '' then redis.call('HSETNX', KEYS[1], 'recipient', ARGV[4]) end
        if ARGV[5] ~= '' then redis.call('HSETNX', KEYS[1], 'reference', ARGV[5]) end
        if ARGV[7] ~= '' then
          redis.call('HSET', KEYS[1], 'price', ARGV[7])
          if ARGV[8] ~= '' then redis.call('HSET', KEYS[1], 'currency', ARGV[8]) else redis.call('HDEL', KEYS[1], 'currency') end
        end
        redis.call('PEXPIRE', KEYS[1], ARGV[9])
        if applies then return 1 end
        return 0
        """;

    private readonly InstanceDeliveryStatistics _statistics = new();

    public async ValueTask RecordAcceptedAsync(SendResult result, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (!result.IsSuccess)
        {
            throw new ArgumentException("Only accepted results are tracked.", nameof(result));
        }

        var db = await connection.DatabaseAsync(cancellationToken).ConfigureAwait(false);
        Counted(result, await AcceptAsync(db, result).ConfigureAwait(false));
    }

    /// <summary>
    /// The acceptance script once per message, all issued at once, so the multiplexer pipelines them: one write and one
    /// read for the chunk instead of a round trip per message, and cluster-safe (each script touches one key, where one
    /// script over all keys would cross slots). Not an IBatch: with the server gone, an IBatch's operations were seen
    /// never to complete, where these fail after the multiplexer's timeout (and the router logs it).
    /// </summary>
    public async ValueTask RecordAcceptedManyAsync(IReadOnlyList<SendResult> results, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(results);
        foreach (var result in results)
        {
            ArgumentNullException.ThrowIfNull(result, nameof(results));
            if (!result.IsSuccess)
            {
                throw new ArgumentException("Only accepted results are tracked.", nameof(results));
            }
        }

        if (results.Count == 0)
        {
            return;
        }

        var db = await connection.DatabaseAsync(cancellationToken).ConfigureAwait(false);
        var writes = new Task<long>[results.Count];
        for (var i = 0; i < writes.Length; i++)
        {
            writes[i] = AcceptAsync(db, results[i]);
        }

        var created = await Task.WhenAll(writes).WaitAsync(cancellationToken).ConfigureAwait(false);
        for (var i = 0; i < created.Length; i++)
        {
            Counted(results[i], created[i]);
        }
    }

    public async ValueTask<bool> ApplyAsync(DeliveryStatusUpdate update, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(update);
        var timestamp = update.Timestamp == default ? time.GetUtcNow() : update.Timestamp;
        var replaceable = SharedStoreSupport.StatusesReplaceableBy(update.Status);
        var args = new RedisValue[10 + replaceable.Count];
        args[0] = update.Status.ToString();
        args[1] = timestamp.ToUnixTimeMilliseconds();
        args[2] = update.Platform.ToString();
        args[3] = update.Recipient ?? string.Empty;
        args[4] = update.ClientReference ?? string.Empty;
        args[5] = update.ErrorCode ?? string.Empty;
        args[6] = update.Price?.ToString(CultureInfo.InvariantCulture) ?? string.Empty;
        args[7] = update.PriceCurrency ?? string.Empty;
        args[8] = Retention;
        args[9] = update.Status.IsTerminal() ? "1" : "0";
        for (var i = 0; i < replaceable.Count; i++)
        {
            args[10 + i] = replaceable[i].ToString();
        }

        var db = await connection.DatabaseAsync(cancellationToken).ConfigureAwait(false);
        var applied = (long)await db.ScriptEvaluateAsync(ApplyScript, [Key(update.MessageId)], args).ConfigureAwait(false) == 1;
        if (applied)
        {
            _statistics.Count(update.Platform, update.Status);
        }

        return applied;
    }

    public async ValueTask<DeliveryRecord?> GetAsync(string messageId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(messageId);
        var db = await connection.DatabaseAsync(cancellationToken).ConfigureAwait(false);
        var fields = await db.HashGetAllAsync(Key(messageId)).ConfigureAwait(false);
        if (fields.Length == 0)
        {
            return null;
        }

        var map = fields.ToDictionary(f => f.Name.ToString(), f => f.Value.ToString(), StringComparer.Ordinal);
        return new DeliveryRecord(
            messageId,
            Enum.TryParse<MessagingPlatform>(map.GetValueOrDefault("platform"), out var platform) ? platform : MessagingPlatform.Sms,
            Enum.TryParse<DeliveryStatus>(map.GetValueOrDefault("status"), out var status) ? status : DeliveryStatus.Unknown,
            map.GetValueOrDefault("recipient"),
            map.GetValueOrDefault("reference"),
            Time(map.GetValueOrDefault("acceptedAt")),
            Time(map.GetValueOrDefault("updatedAt")) ?? default,
            map.GetValueOrDefault("errorCode"),
            decimal.TryParse(map.GetValueOrDefault("price"), NumberStyles.Number, CultureInfo.InvariantCulture, out var price) ? price : null,
            map.GetValueOrDefault("currency"));
    }

    public DeliveryStatistics GetStatistics() => _statistics.Snapshot();

    /// <summary>The acceptance script for one message: 1 when it created the record.</summary>
    private async Task<long> AcceptAsync(IDatabaseAsync db, SendResult result) =>
        (long)await db.ScriptEvaluateAsync(AcceptScript, [Key(result.MessageId!)],
        [
            result.Platform.ToString(),
            result.Recipient ?? string.Empty,
            result.ClientReference ?? string.Empty,
            time.GetUtcNow().ToUnixTimeMilliseconds(),
            Retention,
        ]).ConfigureAwait(false);

    private void Counted(SendResult result, long created)
    {
        if (created == 1)
        {
            _statistics.Count(result.Platform, DeliveryStatus.Queued);
        }
    }

    private long Retention => (long)connection.DeliveryRetention.TotalMilliseconds;

    private RedisKey Key(string messageId) => connection.Prefix + "delivery:" + messageId;

    private static DateTimeOffset? Time(string? unixMilliseconds) =>
        long.TryParse(unixMilliseconds, NumberStyles.None, CultureInfo.InvariantCulture, out var ms) ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null;
}
