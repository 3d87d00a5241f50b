namespace Nutritionist.Messaging.DynamoDB;

/// <summary>Settings of the DynamoDB stores, bound from <c>NutritionistMessaging:DynamoDB</c>.</summary>
/// <remarks>
/// Credentials, region and endpoint are found the way the SMS provider finds them, so one AWS configuration serves both:
/// <see cref="AccessKeyId"/>/<see cref="SecretAccessKey"/>, else the shared profile <see cref="ProfileName"/>, else the AWS
/// SDK's default chain (environment, profile, SSO, web identity, container and instance roles). The endpoint is
/// <see cref="ServiceUrl"/>, else <c>AWS_ENDPOINT_URL_DYNAMODB</c> / <c>AWS_ENDPOINT_URL</c> (honoured by the SDK), else
/// the region's DynamoDB endpoint. An <c>IAmazonDynamoDB</c> registered in DI is used instead of all of these.
/// </remarks>
/// <example>
/// <code>
/// "NutritionistMessaging": { "DynamoDB": { "TableName": "coach-messaging", "Region": "eu-west-1" } }
/// </code>
/// </example>
public sealed class DynamoDbStoreOptions
{
    /// <summary>The default of <see cref="TableName"/>.</summary>
    public const string DefaultTableName = "nutritionist-messaging";

    /// <summary>The default of <see cref="PartitionKeyAttribute"/>.</summary>
    public const string DefaultPartitionKeyAttribute = "pk";

    /// <summary>The default of <see cref="TimeToLiveAttribute"/>.</summary>
    public const string DefaultTimeToLiveAttribute = "expiresAt";

    /// <summary>The default of <see cref="DeliveryRetention"/>: 30 days.</summary>
    public static readonly TimeSpan DefaultDeliveryRetention = TimeSpan.FromDays(30);

    /// <summary>The table holding every item (opt-outs, windows, delivery records, send claims). Default <c>nutritionist-messaging</c>.</summary>
    public string TableName { get; set; } = DefaultTableName;

    /// <summary>The table's partition key attribute (type S, no sort key). Default <c>pk</c>.</summary>
    public string PartitionKeyAttribute { get; set; } = DefaultPartitionKeyAttribute;

    /// <summary>
    /// The attribute holding each item's expiry in Unix seconds; turn on the table's TTL on it so DynamoDB deletes ended
    /// items. Reads check it themselves, since TTL deletion can lag by days. Default <c>expiresAt</c>.
    /// </summary>
    public string TimeToLiveAttribute { get; set; } = DefaultTimeToLiveAttribute;

    /// <summary>How long a delivery record is kept after its last change. Default: 30 days.</summary>
    public TimeSpan DeliveryRetention { get; set; } = DefaultDeliveryRetention;

    /// <summary>
    /// Whether to create the table (on-demand capacity, TTL on) on first use when it does not exist. For development and
    /// tests; production tables come from the application's infrastructure code. Default <see langword="false"/>.
    /// </summary>
    public bool CreateTableIfMissing { get; set; }

    /// <summary>The AWS region (<c>us-east-1</c>). When <see langword="null"/>, the SDK's resolution is used (<c>AWS_REGION</c>, the profile, instance metadata).</summary>
    public string? Region { get; set; }

    /// <summary>An endpoint that replaces the region's DynamoDB endpoint (a VPC endpoint, a local emulator).</summary>
    public Uri? ServiceUrl { get; set; }

    /// <summary>An access key id. Set it together with <see cref="SecretAccessKey"/>; leave both unset to use the SDK's credential chain.</summary>
    public string? AccessKeyId { get; set; }

    /// <summary>The secret key of <see cref="AccessKeyId"/>. Never logged.</summary>
    public string? SecretAccessKey { get; set; }

    /// <summary>The session token of temporary <see cref="AccessKeyId"/> credentials. Never logged.</summary>
    public string? SessionToken { get; set; }

    /// <summary>A profile in the shared credentials and config files (<c>~/.aws/credentials</c>, <c>~/.aws/config</c>).</summary>
    public string? ProfileName { get; set; }
}
