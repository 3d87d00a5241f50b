using Amazon.DynamoDBv2.Model;
using Nutritionist.Messaging.Internal;
using Nutritionist.Messaging.OptOut;

namespace Nutritionist.Messaging.DynamoDB;

/// <summary>
/// Opt-outs in DynamoDB: one item per number and platform (<c>optout#{platform}#{E.164}</c>), never expiring. Reads are
/// strongly consistent, so a STOP taken in by one instance is seen by the next send anywhere. An opt-out for all
/// platforms writes each platform's item, like the in-memory store.
/// </summary>
/// <remarks>Thread-safe singleton.</remarks>
internal sealed class DynamoDbOptOutStore(DynamoDbStoreContext context) : IOptOutStore
{
    private static readonly MessagingPlatform[] AllPlatforms = Enum.GetValues<MessagingPlatform>();

    public async ValueTask<bool> IsOptedOutAsync(string phoneNumber, MessagingPlatform platform, CancellationToken cancellationToken = default)
    {
        SharedStoreSupport.RequireE164(phoneNumber, nameof(phoneNumber));
        var client = await context.ClientAsync(cancellationToken).ConfigureAwait(false);
        var response = await client.GetItemAsync(new GetItemRequest
        {
            TableName = context.Table,
            Key = context.KeyOf(Key(phoneNumber, platform)),
            ConsistentRead = true,
            ProjectionExpression = "#pk",
            ExpressionAttributeNames = new() { ["#pk"] = context.PartitionKey },
        }, cancellationToken).ConfigureAwait(false);
        return response.Item is { Count: > 0 };
    }

    public async ValueTask OptOutAsync(string phoneNumber, MessagingPlatform? platform = null, CancellationToken cancellationToken = default)
    {
        SharedStoreSupport.RequireE164(phoneNumber, nameof(phoneNumber));
        var client = await context.ClientAsync(cancellationToken).ConfigureAwait(false);
        foreach (var p in Platforms(platform))
        {
            var item = context.KeyOf(Key(phoneNumber, p));
            item["kind"] = DynamoDbStoreContext.Text("optout");
            await client.PutItemAsync(new PutItemRequest { TableName = context.Table, Item = item }, cancellationToken).ConfigureAwait(false);
        }
    }

    public async ValueTask OptInAsync(string phoneNumber, MessagingPlatform? platform = null, CancellationToken cancellationToken = default)
    {
        SharedStoreSupport.RequireE164(phoneNumber, nameof(phoneNumber));
        var client = await context.ClientAsync(cancellationToken).ConfigureAwait(false);
        foreach (var p in Platforms(platform))
        {
            await client.DeleteItemAsync(new DeleteItemRequest { TableName = context.Table, Key = context.KeyOf(Key(phoneNumber, p)) }, cancellationToken).ConfigureAwait(false);
        }
    }

    private static string Key(string phoneNumber, MessagingPlatform platform) =>
        $"optout#{(platform == MessagingPlatform.Sms ? "sms" : "whatsapp")}#{phoneNumber}";

    private static MessagingPlatform[] Platforms(MessagingPlatform? platform) => platform is { } p ? [p] : AllPlatforms;
}
