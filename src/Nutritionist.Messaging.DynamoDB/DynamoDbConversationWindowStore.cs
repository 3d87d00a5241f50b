using Amazon.DynamoDBv2.Model;
using Nutritionist.Messaging.Inbound;
using Nutritionist.Messaging.Internal;

namespace Nutritionist.Messaging.DynamoDB;

/// <summary>
/// WhatsApp windows in DynamoDB: <c>window#{E.164}</c> holds the latest inbound time (<c>lastInbound</c>, Unix ms) and a TTL
/// at the window's end. A conditional write keeps the latest time when messages are recorded out of order.
/// </summary>
/// <remarks>Thread-safe singleton. Reads decide by <see cref="TimeProvider"/>; TTL deletion only tidies up.</remarks>
internal sealed class DynamoDbConversationWindowStore(DynamoDbStoreContext context, TimeProvider time) : IConversationWindowStore
{
    private const string LastInbound = "lastInbound";
    private static readonly TimeSpan Window = InMemoryConversationWindowStore.Window;

    public async ValueTask RecordInboundAsync(string phoneNumber, DateTimeOffset receivedAt, CancellationToken cancellationToken = default)
    {
        SharedStoreSupport.RequireE164(phoneNumber, nameof(phoneNumber));
        if (receivedAt + Window <= time.GetUtcNow())
        {
            return; // a message older than the window cannot open it
        }

        var client = await context.ClientAsync(cancellationToken).ConfigureAwait(false);
        var item = context.KeyOf(Key(phoneNumber));
        item[LastInbound] = DynamoDbStoreContext.Number(receivedAt.ToUnixTimeMilliseconds());
        item[context.TimeToLive] = DynamoDbStoreContext.Seconds(receivedAt + Window);
        try
        {
            await client.PutItemAsync(new PutItemRequest
            {
                TableName = context.Table,
                Item = item,
                ConditionExpression = "attribute_not_exists(#pk) OR #last < :last",
                ExpressionAttributeNames = new() { ["#pk"] = context.PartitionKey, ["#last"] = LastInbound },
                ExpressionAttributeValues = new() { [":last"] = item[LastInbound] },
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (ConditionalCheckFailedException)
        {
            // A later message is recorded already.
        }
    }

    public async ValueTask<bool> IsOpenAsync(string phoneNumber, CancellationToken cancellationToken = default)
    {
        SharedStoreSupport.RequireE164(phoneNumber, nameof(phoneNumber));
        var client = await context.ClientAsync(cancellationToken).ConfigureAwait(false);
        var response = await client.GetItemAsync(new GetItemRequest
        {
            TableName = context.Table,
            Key = context.KeyOf(Key(phoneNumber)),
            ConsistentRead = true,
        }, cancellationToken).ConfigureAwait(false);
        return DynamoDbStoreContext.ReadNumber(response.Item, LastInbound) is { } last &&
            time.GetUtcNow() - DateTimeOffset.FromUnixTimeMilliseconds(last) < Window;
    }

    private static string Key(string phoneNumber) => "window#" + phoneNumber;
}
