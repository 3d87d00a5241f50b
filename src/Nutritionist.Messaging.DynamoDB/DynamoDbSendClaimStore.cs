using Amazon.DynamoDBv2.Model;
using Nutritionist.Messaging.Idempotency;

namespace Nutritionist.Messaging.DynamoDB;

/// <summary>
/// Send claims in DynamoDB: <c>claim#{key}</c> with <c>state</c> (<c>p</c> in progress, <c>c</c> completed),
/// <c>endsAt</c> (Unix ms), the stored <c>result</c> (<see cref="SendResultSerializer"/>) and a TTL. Claiming is a
/// conditional put (the item must be absent or ended), so of any number of concurrent claims exactly one wins.
/// </summary>
/// <remarks>Thread-safe singleton. Whether a claim is live is decided by <see cref="TimeProvider"/> against <c>endsAt</c>.</remarks>
internal sealed class DynamoDbSendClaimStore(DynamoDbStoreContext context, TimeProvider time) : ISendClaimStore
{
    private const string State = "state";
    private const string EndsAt = "endsAt";
    private const string Result = "result";

    public async ValueTask<SendClaim> TryClaimAsync(string key, TimeSpan lifetime, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(lifetime, TimeSpan.Zero);
        var client = await context.ClientAsync(cancellationToken).ConfigureAwait(false);

        // A claim seen in the conditional check may be released or end before it is read; then claim again (a few times).
        for (var attempt = 0; ; attempt++)
        {
            var now = time.GetUtcNow();
            try
            {
                await client.PutItemAsync(new PutItemRequest
                {
                    TableName = context.Table,
                    Item = Item(key, completed: false, null, now + lifetime),
                    ConditionExpression = "attribute_not_exists(#pk) OR #endsAt <= :now",
                    ExpressionAttributeNames = new() { ["#pk"] = context.PartitionKey, ["#endsAt"] = EndsAt },
                    ExpressionAttributeValues = new() { [":now"] = DynamoDbStoreContext.Number(now.ToUnixTimeMilliseconds()) },
                }, cancellationToken).ConfigureAwait(false);
                return SendClaim.Acquired;
            }
            catch (ConditionalCheckFailedException)
            {
                // Held by someone: read what it is.
            }

            var existing = (await client.GetItemAsync(new GetItemRequest
            {
                TableName = context.Table,
                Key = context.KeyOf("claim#" + key),
                ConsistentRead = true,
            }, cancellationToken).ConfigureAwait(false)).Item;
            if (existing is { Count: > 0 } && DynamoDbStoreContext.ReadNumber(existing, EndsAt) is { } endsAt && endsAt > now.ToUnixTimeMilliseconds())
            {
                if (DynamoDbStoreContext.ReadText(existing, State) != "c")
                {
                    return SendClaim.InProgress;
                }

                var json = DynamoDbStoreContext.ReadText(existing, Result);
                return new SendClaim(SendClaimState.Completed, string.IsNullOrEmpty(json) ? null : SendResultSerializer.Deserialize(json));
            }

            if (attempt == 3)
            {
                // Still changing under us: someone else is working on this key.
                return SendClaim.InProgress;
            }
        }
    }

    public async ValueTask CompleteAsync(string key, SendResult? result, TimeSpan lifetime, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(lifetime, TimeSpan.Zero);
        var client = await context.ClientAsync(cancellationToken).ConfigureAwait(false);
        await client.PutItemAsync(new PutItemRequest
        {
            TableName = context.Table,
            Item = Item(key, completed: true, result, time.GetUtcNow() + lifetime),
        }, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask ReleaseAsync(string key, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        var client = await context.ClientAsync(cancellationToken).ConfigureAwait(false);
        await client.DeleteItemAsync(new DeleteItemRequest { TableName = context.Table, Key = context.KeyOf("claim#" + key) }, cancellationToken).ConfigureAwait(false);
    }

    private Dictionary<string, Amazon.DynamoDBv2.Model.AttributeValue> Item(string key, bool completed, SendResult? result, DateTimeOffset endsAt)
    {
        var item = context.KeyOf("claim#" + key);
        item[State] = DynamoDbStoreContext.Text(completed ? "c" : "p");
        item[EndsAt] = DynamoDbStoreContext.Number(endsAt.ToUnixTimeMilliseconds());
        item[context.TimeToLive] = DynamoDbStoreContext.Seconds(endsAt);
        if (result is not null)
        {
            item[Result] = DynamoDbStoreContext.Text(SendResultSerializer.Serialize(result));
        }

        return item;
    }
}
