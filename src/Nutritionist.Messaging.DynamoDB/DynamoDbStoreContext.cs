using System.Globalization;
using Amazon;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;
using Amazon.Runtime.CredentialManagement;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Nutritionist.Messaging.DynamoDB;

/// <summary>
/// What the four DynamoDB stores share: the client, the table and attribute names, and (with
/// <see cref="DynamoDbStoreOptions.CreateTableIfMissing"/>) the one-time table creation.
/// </summary>
/// <remarks>
/// Thread-safe singleton. The SDK client is made once and reused: it keeps its own HTTP connection pool, so there is no
/// HttpClient per call.
/// </remarks>
internal sealed partial class DynamoDbStoreContext : IDisposable
{
    /// <summary>The signing region when a <see cref="DynamoDbStoreOptions.ServiceUrl"/> is set without a region.</summary>
    public const string DefaultLocalRegion = "us-east-1";

    private readonly DynamoDbStoreOptions _options;
    private readonly bool _ownsClient;
    private IAmazonDynamoDB? _client;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Lock _clientLock = new();
    private volatile bool _tableReady;

    public DynamoDbStoreContext(IOptions<DynamoDbStoreOptions> options, IServiceProvider services)
        : this(options.Value, services.GetService<IAmazonDynamoDB>(), services.GetService<ILogger<DynamoDbStoreContext>>())
    {
    }

    internal DynamoDbStoreContext(DynamoDbStoreOptions options, IAmazonDynamoDB? client, ILogger? logger)
    {
        _options = options;
        // Made on first use, not at resolution: a missing region must fail a store call (closed), not the host's DI graph.
        _ownsClient = client is null;
        _client = client;
        _logger = logger ?? NullLogger.Instance;
        _tableReady = !options.CreateTableIfMissing;
        Table = options.TableName;
        PartitionKey = options.PartitionKeyAttribute;
        TimeToLive = options.TimeToLiveAttribute;
    }

    public string Table { get; }

    public string PartitionKey { get; }

    public string TimeToLive { get; }

    public TimeSpan DeliveryRetention => _options.DeliveryRetention;

    /// <summary>The client, once the table exists (when the stores are asked to create it).</summary>
    public async ValueTask<IAmazonDynamoDB> ClientAsync(CancellationToken cancellationToken)
    {
        var client = _client ?? CreateOwnClient();
        if (!_tableReady)
        {
            await EnsureTableAsync(client, cancellationToken).ConfigureAwait(false);
        }

        return client;
    }

    /// <summary>A Unix-seconds number attribute (the TTL attribute's format), rounded up so an item never ends early.</summary>
    public static AttributeValue Seconds(DateTimeOffset at) =>
        new() { N = ((at.ToUnixTimeMilliseconds() + 999) / 1000).ToString(CultureInfo.InvariantCulture) };

    public static AttributeValue Number(long value) => new() { N = value.ToString(CultureInfo.InvariantCulture) };

    public static AttributeValue Text(string value) => new() { S = value };

    public static long? ReadNumber(Dictionary<string, AttributeValue>? item, string name) =>
        item is not null && item.TryGetValue(name, out var value) && long.TryParse(value.N, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) ? n : null;

    public static string? ReadText(Dictionary<string, AttributeValue>? item, string name) =>
        item is not null && item.TryGetValue(name, out var value) ? value.S : null;

    /// <summary>Whether an item read back has ended by its TTL attribute (TTL deletion is lazy, so reads check).</summary>
    public bool HasEnded(Dictionary<string, AttributeValue> item, DateTimeOffset now) =>
        ReadNumber(item, TimeToLive) is { } seconds && seconds * 1000 <= now.ToUnixTimeMilliseconds();

    public Dictionary<string, AttributeValue> KeyOf(string partitionKey) => new(StringComparer.Ordinal) { [PartitionKey] = Text(partitionKey) };

    public void Dispose()
    {
        if (_ownsClient)
        {
            _client?.Dispose();
        }

        _gate.Dispose();
    }

    internal static AmazonDynamoDBClient CreateClient(DynamoDbStoreOptions options)
    {
        var config = new AmazonDynamoDBConfig();
        if (options.ServiceUrl is { } serviceUrl)
        {
            config.ServiceURL = serviceUrl.AbsoluteUri;
            config.AuthenticationRegion = options.Region ?? DefaultLocalRegion;
        }
        else if (!string.IsNullOrWhiteSpace(options.Region))
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(options.Region);
        }

        var credentials = CredentialsFor(options);
        return credentials is null ? new AmazonDynamoDBClient(config) : new AmazonDynamoDBClient(credentials, config);
    }

    /// <summary>Explicit keys, else the named profile, else dummy keys for a loopback emulator, else <see langword="null"/> (the SDK's default chain).</summary>
    internal static AWSCredentials? CredentialsFor(DynamoDbStoreOptions options)
    {
        if (!string.IsNullOrEmpty(options.AccessKeyId) && !string.IsNullOrEmpty(options.SecretAccessKey))
        {
            return string.IsNullOrEmpty(options.SessionToken)
                ? new BasicAWSCredentials(options.AccessKeyId, options.SecretAccessKey)
                : new SessionAWSCredentials(options.AccessKeyId, options.SecretAccessKey, options.SessionToken);
        }

        if (!string.IsNullOrEmpty(options.ProfileName))
        {
            return new CredentialProfileStoreChain().TryGetAWSCredentials(options.ProfileName, out var profileCredentials)
                ? profileCredentials
                : throw new MessagingException(MessagingErrorCode.NotConfigured,
                    $"The AWS profile \"{options.ProfileName}\" (NutritionistMessaging:DynamoDB:ProfileName) was not found or holds no usable credentials.");
        }

        return options.ServiceUrl is { IsAbsoluteUri: true, IsLoopback: true } ? new BasicAWSCredentials("test", "test") : null;
    }

    private IAmazonDynamoDB CreateOwnClient()
    {
        lock (_clientLock)
        {
            if (_client is { } made)
            {
                return made;
            }

            try
            {
                return _client = CreateClient(_options);
            }
            catch (AmazonClientException e)
            {
                throw new MessagingException(MessagingErrorCode.NotConfigured,
                    $"The DynamoDB stores have no endpoint: set NutritionistMessaging:DynamoDB:Region (or AWS_REGION, or a profile region) or ServiceUrl (or AWS_ENDPOINT_URL_DYNAMODB). {e.Message}",
                    e.GetType().Name, innerException: e);
            }
        }
    }

    private async Task EnsureTableAsync(IAmazonDynamoDB client, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_tableReady)
            {
                return;
            }

            try
            {
                await client.CreateTableAsync(new CreateTableRequest
                {
                    TableName = Table,
                    BillingMode = BillingMode.PAY_PER_REQUEST,
                    AttributeDefinitions = [new AttributeDefinition(PartitionKey, ScalarAttributeType.S)],
                    KeySchema = [new KeySchemaElement(PartitionKey, KeyType.HASH)],
                }, cancellationToken).ConfigureAwait(false);
                LogCreating(_logger, Table);
            }
            catch (ResourceInUseException)
            {
                // Exists already (or another instance is creating it).
            }

            // Real time on purpose: this waits for the service, not for anything the application's clock decides.
            for (var i = 0; ; i++)
            {
                var table = await client.DescribeTableAsync(Table, cancellationToken).ConfigureAwait(false);
                if (table.Table.TableStatus == TableStatus.ACTIVE)
                {
                    break;
                }

                if (i == 300)
                {
                    throw new TimeoutException($"The DynamoDB table {Table} did not become active within a minute.");
                }

                await Task.Delay(200, cancellationToken).ConfigureAwait(false);
            }

            try
            {
                await client.UpdateTimeToLiveAsync(new UpdateTimeToLiveRequest
                {
                    TableName = Table,
                    TimeToLiveSpecification = new TimeToLiveSpecification { AttributeName = TimeToLive, Enabled = true },
                }, cancellationToken).ConfigureAwait(false);
            }
            catch (AmazonDynamoDBException e) when (e.ErrorCode is "UnknownOperationException" or "ValidationException")
            {
                // Emulators without TTL (dynalite), or TTL already on: reads check expiry themselves either way.
                LogNoTimeToLive(_logger, Table, e.ErrorCode);
            }

            _tableReady = true;
        }
        finally
        {
            _gate.Release();
        }
    }

    [LoggerMessage(1400, LogLevel.Information, "Created the DynamoDB table {Table} for the messaging stores (CreateTableIfMissing)")]
    private static partial void LogCreating(ILogger logger, string table);

    [LoggerMessage(1401, LogLevel.Information, "Could not turn on TTL for the DynamoDB table {Table} ({ErrorCode}); reads still ignore ended items")]
    private static partial void LogNoTimeToLive(ILogger logger, string table, string errorCode);
}
