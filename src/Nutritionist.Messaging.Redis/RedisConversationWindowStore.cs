using System.Globalization;
using Nutritionist.Messaging.Inbound;
using Nutritionist.Messaging.Internal;
using StackExchange.Redis;

namespace Nutritionist.Messaging.Redis;

/// <summary>
/// WhatsApp windows in Redis: <c>{prefix}window:{E.164}</c> holds the latest inbound time (Unix milliseconds) and expires
/// when the window closes. A script keeps the latest time when messages are recorded out of order.
/// </summary>
/// <remarks>Thread-safe singleton. Reads decide by <see cref="TimeProvider"/>; key expiry only frees the memory.</remarks>
internal sealed class RedisConversationWindowStore(RedisStoreConnection connection, TimeProvider time) : IConversationWindowStore
{
    private const string KeepLatest = """
        local cur = redis.call('GET', KEYS[1])
        if cur and tonumber(cur) >= tonumber(ARGV[1]) then return 0 end
        redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
        return 1
        """;

    private static readonly TimeSpan Window = InMemoryConversationWindowStore.Window;

    public async ValueTask RecordInboundAsync(string phoneNumber, DateTimeOffset receivedAt, CancellationToken cancellationToken = default)
    {
        SharedStoreSupport.RequireE164(phoneNumber, nameof(phoneNumber));
        var remaining = receivedAt + Window - time.GetUtcNow();
        if (remaining <= TimeSpan.Zero)
        {
            return; // a message older than the window cannot open it
        }

        var db = await connection.DatabaseAsync(cancellationToken).ConfigureAwait(false);
        await db.ScriptEvaluateAsync(KeepLatest, [Key(phoneNumber)], [receivedAt.ToUnixTimeMilliseconds(), (long)Math.Ceiling(remaining.TotalMilliseconds)]).ConfigureAwait(false);
    }

    public async ValueTask<bool> IsOpenAsync(string phoneNumber, CancellationToken cancellationToken = default)
    {
        SharedStoreSupport.RequireE164(phoneNumber, nameof(phoneNumber));
        var db = await connection.DatabaseAsync(cancellationToken).ConfigureAwait(false);
        var value = await db.StringGetAsync(Key(phoneNumber)).ConfigureAwait(false);
        return value.HasValue && long.TryParse(value.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var last) &&
            time.GetUtcNow() - DateTimeOffset.FromUnixTimeMilliseconds(last) < Window;
    }

    private RedisKey Key(string phoneNumber) => connection.Prefix + "window:" + phoneNumber;
}
