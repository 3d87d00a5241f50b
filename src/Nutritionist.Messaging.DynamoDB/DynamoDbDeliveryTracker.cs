using System.Globalization;
using System.Text;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Nutritionist.Messaging.Delivery;
using Nutritionist.Messaging.Internal;

namespace Nutritionist.Messaging.DynamoDB;

/// <summary>
/// Delivery records in DynamoDB, as two items per message: the acceptance, <c>accepted#{message id}</c>, written once
/// and unconditionally (so a bulk chunk's acceptances go in <c>BatchWriteItem</c> requests, which take no condition),
/// and the delivery status, <c>delivery#{message id}</c>, which only updates write. An update is one conditional write
/// whose condition lists the recorded statuses it may replace (<see cref="DeliveryStatusExtensions.CanAdvanceTo"/>), so
/// out-of-order updates from several instances are resolved by DynamoDB atomically, never by a read-modify-write in this
/// process. A read merges the two: the status item's status when there is one (an acceptance never replaces it, so a
/// final status is never undone), else <see cref="DeliveryStatus.Queued"/>. Both are kept for
/// <see cref="DynamoDbStoreOptions.DeliveryRetention"/> (TTL) after they were last written.
/// </summary>
/// <remarks>
/// Thread-safe singleton. <see cref="GetStatistics"/> counts what this instance did (see
/// <see cref="InstanceDeliveryStatistics"/>), not the whole table: an acceptance of a batch counts once per message id.
/// Items written by earlier versions (the acceptance on the status item) read back the same.
/// </remarks>
internal sealed class DynamoDbDeliveryTracker(DynamoDbStoreContext context, TimeProvider time) : IDeliveryTracker
{
    private readonly InstanceDeliveryStatistics _statistics = new();

    // BatchWriteItem's limit, and how often unprocessed items are sent again (50 ms, doubling) before the batch fails.
    private const int WriteBatchSize = 25;
    private const int UnprocessedRetries = 5;

    public async ValueTask RecordAcceptedAsync(SendResult result, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (!result.IsSuccess)
        {
            throw new ArgumentException("Only accepted results are tracked.", nameof(result));
        }

        var client = await context.ClientAsync(cancellationToken).ConfigureAwait(false);
        var response = await client.PutItemAsync(new PutItemRequest { TableName = context.Table, Item = Acceptance(result), ReturnValues = ReturnValue.ALL_OLD }, cancellationToken).ConfigureAwait(false);
        if (response.Attributes is not { Count: > 0 })
        {
            _statistics.Count(result.Platform, DeliveryStatus.Queued);
        }
    }

    /// <summary>
    /// The acceptances in <c>BatchWriteItem</c> requests of 25 (a repeated message id written once). Items DynamoDB leaves
    /// unprocessed (throttling) are sent again with backoff; what is still unprocessed then fails the call, naming the
    /// count, and the router logs it (a send's result never depends on its record).
    /// </summary>
    public async ValueTask RecordAcceptedManyAsync(IReadOnlyList<SendResult> results, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(results);
        var unique = new Dictionary<string, SendResult>(StringComparer.Ordinal);
        foreach (var result in results)
        {
            ArgumentNullException.ThrowIfNull(result, nameof(results));
            if (!result.IsSuccess)
            {
                throw new ArgumentException("Only accepted results are tracked.", nameof(results));
            }

            unique.TryAdd(result.MessageId, result); // BatchWriteItem refuses a key twice in one request
        }

        if (unique.Count == 0)
        {
            return;
        }

        var client = await context.ClientAsync(cancellationToken).ConfigureAwait(false);
        foreach (var chunk in unique.Values.Chunk(WriteBatchSize))
        {
            List<WriteRequest> pending = [.. chunk.Select(r => new WriteRequest(new PutRequest(Acceptance(r))))];
            for (var round = 0; ; round++)
            {
                var response = await client.BatchWriteItemAsync(new BatchWriteItemRequest { RequestItems = new() { [context.Table] = pending } }, cancellationToken).ConfigureAwait(false);
                if (response.UnprocessedItems?.GetValueOrDefault(context.Table) is not { Count: > 0 } unprocessed)
                {
                    break;
                }

                if (round == UnprocessedRetries)
                {
                    throw new ProvisionedThroughputExceededException(
                        $"DynamoDB left {unprocessed.Count} of {unique.Count} acceptance records of table {context.Table} unprocessed after {UnprocessedRetries + 1} BatchWriteItem requests; those messages were sent but are not tracked.");
                }

                pending = unprocessed;
                await Task.Delay(TimeSpan.FromMilliseconds(50 << round), time, cancellationToken).ConfigureAwait(false);
            }
        }

        foreach (var result in unique.Values)
        {
            _statistics.Count(result.Platform, DeliveryStatus.Queued);
        }
    }

    public async ValueTask<bool> ApplyAsync(DeliveryStatusUpdate update, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(update);
        var timestamp = update.Timestamp == default ? time.GetUtcNow() : update.Timestamp;
        var ttl = DynamoDbStoreContext.Seconds(time.GetUtcNow() + context.DeliveryRetention);
        var client = await context.ClientAsync(cancellationToken).ConfigureAwait(false);

        var change = new Update(context);
        change.Set("status", ":status", DynamoDbStoreContext.Text(update.Status.ToString()));
        change.Set("updatedAt", ":updatedAt", DynamoDbStoreContext.Number(timestamp.ToUnixTimeMilliseconds()));
        if (update.ErrorCode is { } errorCode)
        {
            change.Set("errorCode", ":errorCode", DynamoDbStoreContext.Text(errorCode));
        }
        else if (update.Status.IsTerminal())
        {
            // A final status brings its own error code (or none): an intermediate failure's code must not outlive it.
            change.Remove("errorCode");
        }

        AddFillIns(change, update, ttl);
        var replaceable = SharedStoreSupport.StatusesReplaceableBy(update.Status);

        // No status item yet means Queued when the message was accepted. Every status but Queued and Unknown replaces
        // Queued, so only for those two is the acceptance read: when it exists, the update must find a status it replaces.
        // (An acceptance written between that read and the write leaves the update's Queued or Unknown recorded; neither is
        // final, so no final status is undone.)
        var accepted = !replaceable.Contains(DeliveryStatus.Queued) && await AcceptanceExistsAsync(client, update.MessageId, cancellationToken).ConfigureAwait(false);
        var condition = new StringBuilder(accepted ? string.Empty : "attribute_not_exists(#pk)");
        if (replaceable.Count > 0)
        {
            change.Names["#status"] = "status";
            condition.Append(accepted ? "#status IN (" : " OR #status IN (");
            for (var i = 0; i < replaceable.Count; i++)
            {
                condition.Append(i == 0 ? ":from" : ", :from").Append(i.ToString(CultureInfo.InvariantCulture));
                change.Values[":from" + i.ToString(CultureInfo.InvariantCulture)] = DynamoDbStoreContext.Text(replaceable[i].ToString());
            }

            condition.Append(')');
        }

        if (!accepted)
        {
            change.Names["#pk"] = context.PartitionKey; // DynamoDB refuses a name the expressions do not use
        }

        try
        {
            if (condition.Length > 0)
            {
                await client.UpdateItemAsync(change.Request(Key(update.MessageId), ReturnValue.NONE, condition.ToString()), cancellationToken).ConfigureAwait(false);
                _statistics.Count(update.Platform, update.Status);
                return true;
            }
        }
        catch (ConditionalCheckFailedException)
        {
            // The recorded status stands (older or repeated update); still keep what the update adds without changing it.
        }

        var fillIn = new Update(context);
        AddFillIns(fillIn, update, ttl);
        fillIn.Names["#pk"] = context.PartitionKey;
        try
        {
            await client.UpdateItemAsync(fillIn.Request(Key(update.MessageId), ReturnValue.NONE, "attribute_exists(#pk)"), cancellationToken).ConfigureAwait(false);
        }
        catch (ConditionalCheckFailedException)
        {
            // Deleted in between (TTL); nothing to fill in.
        }

        return false;
    }

    public async ValueTask<DeliveryRecord?> GetAsync(string messageId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(messageId);
        var client = await context.ClientAsync(cancellationToken).ConfigureAwait(false);
        var now = time.GetUtcNow();
        var reads = await Task.WhenAll(ReadAsync(client, Key(messageId), cancellationToken), ReadAsync(client, AcceptanceKey(messageId), cancellationToken)).ConfigureAwait(false);
        var (item, acceptance) = (Live(reads[0], now), Live(reads[1], now));
        if (item is null && acceptance is null)
        {
            return null;
        }

        var acceptedAt = DynamoDbStoreContext.ReadNumber(acceptance, "acceptedAt") ?? DynamoDbStoreContext.ReadNumber(item, "acceptedAt");
        return new DeliveryRecord(
            messageId,
            Enum.TryParse<MessagingPlatform>(Read(item, acceptance, "platform"), out var platform) ? platform : MessagingPlatform.Sms,
            item is null ? DeliveryStatus.Queued : Enum.TryParse<DeliveryStatus>(DynamoDbStoreContext.ReadText(item, "status"), out var status) ? status : DeliveryStatus.Unknown,
            Read(item, acceptance, "recipient"),
            Read(item, acceptance, "reference"),
            acceptedAt is { } accepted ? DateTimeOffset.FromUnixTimeMilliseconds(accepted) : null,
            (DynamoDbStoreContext.ReadNumber(item, "updatedAt") ?? acceptedAt) is { } updated ? DateTimeOffset.FromUnixTimeMilliseconds(updated) : default,
            DynamoDbStoreContext.ReadText(item, "errorCode"),
            item is not null && item.TryGetValue("price", out var price) && decimal.TryParse(price.N, NumberStyles.Number, CultureInfo.InvariantCulture, out var amount) ? amount : null,
            DynamoDbStoreContext.ReadText(item, "currency"));

        Dictionary<string, AttributeValue>? Live(Dictionary<string, AttributeValue>? read, DateTimeOffset at) =>
            read is { Count: > 0 } && !context.HasEnded(read, at) ? read : null;

        static string? Read(Dictionary<string, AttributeValue>? item, Dictionary<string, AttributeValue>? acceptance, string name) =>
            DynamoDbStoreContext.ReadText(item, name) ?? DynamoDbStoreContext.ReadText(acceptance, name);
    }

    public DeliveryStatistics GetStatistics() => _statistics.Snapshot();

    /// <summary>What any update adds whether or not it changes the status: platform, recipient, reference, price, retention.</summary>
    private void AddFillIns(Update change, DeliveryStatusUpdate update, AttributeValue ttl)
    {
        change.Set("platform", "if_not_exists(#platform, :platform)", DynamoDbStoreContext.Text(update.Platform.ToString()));
        change.SetIfMissing("recipient", update.Recipient);
        change.SetIfMissing("reference", update.ClientReference);
        if (update.Price is { } price)
        {
            change.Set("price", ":price", new AttributeValue { N = price.ToString(CultureInfo.InvariantCulture) });
            if (update.PriceCurrency is { } currency)
            {
                change.Set("currency", ":currency", DynamoDbStoreContext.Text(currency));
            }
            else
            {
                change.Remove("currency");
            }
        }

        change.Set(context.TimeToLive, ":ttl", ttl, name: "#ttl");
    }

    private Dictionary<string, AttributeValue> Key(string messageId) => context.KeyOf("delivery#" + messageId);

    private Dictionary<string, AttributeValue> AcceptanceKey(string messageId) => context.KeyOf("accepted#" + messageId);

    /// <summary>The acceptance item: what only the send knew, and when.</summary>
    private Dictionary<string, AttributeValue> Acceptance(SendResult result)
    {
        var now = time.GetUtcNow();
        var item = AcceptanceKey(result.MessageId!);
        item["platform"] = DynamoDbStoreContext.Text(result.Platform.ToString());
        if (!string.IsNullOrEmpty(result.Recipient))
        {
            item["recipient"] = DynamoDbStoreContext.Text(result.Recipient);
        }

        if (!string.IsNullOrEmpty(result.ClientReference))
        {
            item["reference"] = DynamoDbStoreContext.Text(result.ClientReference);
        }

        item["acceptedAt"] = DynamoDbStoreContext.Number(now.ToUnixTimeMilliseconds());
        item[context.TimeToLive] = DynamoDbStoreContext.Seconds(now + context.DeliveryRetention);
        return item;
    }

    private async Task<bool> AcceptanceExistsAsync(IAmazonDynamoDB client, string messageId, CancellationToken cancellationToken) =>
        await ReadAsync(client, AcceptanceKey(messageId), cancellationToken).ConfigureAwait(false) is { Count: > 0 } item && !context.HasEnded(item, time.GetUtcNow());

    private async Task<Dictionary<string, AttributeValue>?> ReadAsync(IAmazonDynamoDB client, Dictionary<string, AttributeValue> key, CancellationToken cancellationToken) =>
        (await client.GetItemAsync(new GetItemRequest { TableName = context.Table, Key = key, ConsistentRead = true }, cancellationToken).ConfigureAwait(false)).Item;

    /// <summary>Builds an UpdateItem request: SET and REMOVE clauses with their attribute names and values.</summary>
    private sealed class Update(DynamoDbStoreContext context)
    {
        private readonly List<string> _sets = [];
        private readonly List<string> _removes = [];

        public Dictionary<string, string> Names { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, AttributeValue> Values { get; } = new(StringComparer.Ordinal);

        /// <summary>SET #attribute = expression, where the expression uses #attribute and :attribute.</summary>
        public void Set(string attribute, string expression, AttributeValue value, string? name = null)
        {
            var alias = name ?? "#" + attribute;
            var placeholder = ":" + (name is null ? attribute : name.TrimStart('#'));
            Names[alias] = attribute;
            Values[placeholder] = value;
            _sets.Add($"{alias} = {expression}");
        }

        public void SetIfMissing(string attribute, string? value)
        {
            if (!string.IsNullOrEmpty(value))
            {
                Set(attribute, $"if_not_exists(#{attribute}, :{attribute})", DynamoDbStoreContext.Text(value));
            }
        }

        public void Remove(string attribute)
        {
            Names["#" + attribute] = attribute;
            _removes.Add("#" + attribute);
        }

        public UpdateItemRequest Request(Dictionary<string, AttributeValue> key, ReturnValue returnValues, string? condition = null)
        {
            var expression = "SET " + string.Join(", ", _sets) + (_removes.Count > 0 ? " REMOVE " + string.Join(", ", _removes) : string.Empty);
            return new UpdateItemRequest
            {
                TableName = context.Table,
                Key = key,
                UpdateExpression = expression,
                ConditionExpression = condition,
                ExpressionAttributeNames = Names,
                ExpressionAttributeValues = Values,
                ReturnValues = returnValues,
            };
        }
    }
}
