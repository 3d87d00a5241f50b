using System.Globalization;
using System.Text;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Nutritionist.Messaging.Delivery;
using Nutritionist.Messaging.Internal;

namespace Nutritionist.Messaging.DynamoDB;

/// <summary>
/// Delivery records in DynamoDB: <c>delivery#{message id}</c>, kept for <see cref="DynamoDbStoreOptions.DeliveryRetention"/>
/// after the last change (TTL). An update is one conditional write whose condition lists the recorded statuses it may
/// replace (<see cref="DeliveryStatusExtensions.CanAdvanceTo"/>), so out-of-order updates from several instances are
/// resolved by DynamoDB atomically, never by a read-modify-write in this process.
/// </summary>
/// <remarks>
/// Thread-safe singleton. <see cref="GetStatistics"/> counts what this instance did (see
/// <see cref="InstanceDeliveryStatistics"/>), not the whole table.
/// </remarks>
internal sealed class DynamoDbDeliveryTracker(DynamoDbStoreContext context, TimeProvider time) : IDeliveryTracker
{
    private readonly InstanceDeliveryStatistics _statistics = new();

    public async ValueTask RecordAcceptedAsync(SendResult result, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (!result.IsSuccess)
        {
            throw new ArgumentException("Only accepted results are tracked.", nameof(result));
        }

        var now = time.GetUtcNow();
        var update = new Update(context);
        update.Set("status", "if_not_exists(#status, :status)", DynamoDbStoreContext.Text(nameof(DeliveryStatus.Queued)));
        update.Set("platform", "if_not_exists(#platform, :platform)", DynamoDbStoreContext.Text(result.Platform.ToString()));
        update.SetIfMissing("recipient", result.Recipient);
        update.SetIfMissing("reference", result.ClientReference);
        update.Set("acceptedAt", ":acceptedAt", DynamoDbStoreContext.Number(now.ToUnixTimeMilliseconds()));
        update.Set("updatedAt", "if_not_exists(#updatedAt, :updatedAt)", DynamoDbStoreContext.Number(now.ToUnixTimeMilliseconds()));
        update.Set(context.TimeToLive, ":ttl", DynamoDbStoreContext.Seconds(now + context.DeliveryRetention), name: "#ttl");

        var client = await context.ClientAsync(cancellationToken).ConfigureAwait(false);
        var response = await client.UpdateItemAsync(update.Request(Key(result.MessageId), ReturnValue.UPDATED_OLD), cancellationToken).ConfigureAwait(false);
        if (response.Attributes is not { } old || !old.ContainsKey("status"))
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
        var condition = new StringBuilder("attribute_not_exists(#pk)");
        var replaceable = SharedStoreSupport.StatusesReplaceableBy(update.Status);
        if (replaceable.Count > 0)
        {
            change.Names["#status"] = "status";
            condition.Append(" OR #status IN (");
            for (var i = 0; i < replaceable.Count; i++)
            {
                condition.Append(i == 0 ? ":from" : ", :from").Append(i.ToString(CultureInfo.InvariantCulture));
                change.Values[":from" + i.ToString(CultureInfo.InvariantCulture)] = DynamoDbStoreContext.Text(replaceable[i].ToString());
            }

            condition.Append(')');
        }

        change.Names["#pk"] = context.PartitionKey;
        try
        {
            await client.UpdateItemAsync(change.Request(Key(update.MessageId), ReturnValue.NONE, condition.ToString()), cancellationToken).ConfigureAwait(false);
            _statistics.Count(update.Platform, update.Status);
            return true;
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
        var item = (await client.GetItemAsync(new GetItemRequest { TableName = context.Table, Key = Key(messageId), ConsistentRead = true }, cancellationToken).ConfigureAwait(false)).Item;
        if (item is not { Count: > 0 } || context.HasEnded(item, time.GetUtcNow()))
        {
            return null;
        }

        return new DeliveryRecord(
            messageId,
            Enum.TryParse<MessagingPlatform>(DynamoDbStoreContext.ReadText(item, "platform"), out var platform) ? platform : MessagingPlatform.Sms,
            Enum.TryParse<DeliveryStatus>(DynamoDbStoreContext.ReadText(item, "status"), out var status) ? status : DeliveryStatus.Unknown,
            DynamoDbStoreContext.ReadText(item, "recipient"),
            DynamoDbStoreContext.ReadText(item, "reference"),
            DynamoDbStoreContext.ReadNumber(item, "acceptedAt") is { } accepted ? DateTimeOffset.FromUnixTimeMilliseconds(accepted) : null,
            DynamoDbStoreContext.ReadNumber(item, "updatedAt") is { } updated ? DateTimeOffset.FromUnixTimeMilliseconds(updated) : default,
            DynamoDbStoreContext.ReadText(item, "errorCode"),
            item.TryGetValue("price", out var price) && decimal.TryParse(price.N, NumberStyles.Number, CultureInfo.InvariantCulture, out var amount) ? amount : null,
            DynamoDbStoreContext.ReadText(item, "currency"));
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
