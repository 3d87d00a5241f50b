using Amazon.DynamoDBv2.Model;
using Nutritionist.Messaging.Internal;
using Nutritionist.Messaging.OptOut;

namespace Nutritionist.Messaging.DynamoDB;

/// <summary>
/// Opt-outs in DynamoDB: one item per number and platform (<c>optout#{platform}#{E.164}</c>), never expiring. Reads are
/// strongly consistent, so a STOP taken in by one instance is seen by the next send anywhere. An opt-out for all
/// platforms writes each platform's item, like the in-memory store. A batch lookup reads up to 100 items per
/// <c>BatchGetItem</c> (also strongly consistent) and asks again for the keys DynamoDB left unprocessed.
/// </summary>
/// <remarks>Thread-safe singleton.</remarks>
internal sealed class DynamoDbOptOutStore(DynamoDbStoreContext context, TimeProvider time) : IOptOutStore
{
    // BatchGetItem's limit per request.
    private const int BatchSize = 100;

    // Rounds of re-asking for unprocessed keys (throttling) before the lookup fails, closed.
    private const int UnprocessedRetries = 5;

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

    public async ValueTask<IReadOnlySet<string>> GetOptedOutAsync(IReadOnlyCollection<string> phoneNumbers, MessagingPlatform platform, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(phoneNumbers);

        // Distinct: BatchGetItem refuses a request that names one key twice.
        var byKey = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var number in phoneNumbers)
        {
            SharedStoreSupport.RequireE164(number, nameof(phoneNumbers));
            byKey[Key(number, platform)] = number;
        }

        var optedOut = new HashSet<string>(StringComparer.Ordinal);
        if (byKey.Count == 0)
        {
            return optedOut;
        }

        var client = await context.ClientAsync(cancellationToken).ConfigureAwait(false);
        foreach (var chunk in byKey.Keys.Chunk(BatchSize))
        {
            var pending = new KeysAndAttributes
            {
                Keys = [.. chunk.Select(context.KeyOf)],
                ConsistentRead = true,
                ProjectionExpression = "#pk",
                ExpressionAttributeNames = new() { ["#pk"] = context.PartitionKey },
            };
            for (var round = 0; ; round++)
            {
                var response = await client.BatchGetItemAsync(new BatchGetItemRequest { RequestItems = new() { [context.Table] = pending } }, cancellationToken).ConfigureAwait(false);
                if (response.Responses?.GetValueOrDefault(context.Table) is { } items)
                {
                    foreach (var item in items)
                    {
                        if (DynamoDbStoreContext.ReadText(item, context.PartitionKey) is { } key && byKey.TryGetValue(key, out var number))
                        {
                            optedOut.Add(number);
                        }
                    }
                }

                if (response.UnprocessedKeys?.GetValueOrDefault(context.Table) is not { Keys.Count: > 0 } unprocessed)
                {
                    break;
                }

                if (round == UnprocessedRetries)
                {
                    // Never answer "not opted out" for a number that was not read.
                    throw new ProvisionedThroughputExceededException(
                        $"DynamoDB left {unprocessed.Keys.Count} opt-out keys of table {context.Table} unprocessed after {UnprocessedRetries + 1} BatchGetItem requests.");
                }

                pending = unprocessed;
                await Task.Delay(TimeSpan.FromMilliseconds(50 << round), time, cancellationToken).ConfigureAwait(false);
            }
        }

        return optedOut;
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
