using Microsoft.Extensions.Options;
using Nutritionist.Messaging.DynamoDB;
using Nutritionist.Messaging.Redis;
using Nutritionist.Messaging.SharedState.Tests.Engines;

// No namespace: a set-up fixture here covers the whole assembly.

/// <summary>
/// Starts one Redis and one dynalite for the run (tests that stop an engine start their own). A missing engine skips the
/// tests that need it with one line, except under <c>CI=true</c>, where it fails them.
/// </summary>
[SetUpFixture]
public sealed class SharedEngines
{
    public const string TableName = "nutritionist-messaging-tests";

    private static EngineProcess? _redis;
    private static EngineProcess? _dynalite;
    private static string? _redisProblem;
    private static string? _dynaliteProblem;
    private static RedisStoreConnection? _redisConnection;
    private static DynamoDbStoreContext? _dynamoContext;

    public static string RedisConnectionString => Nutritionist.Messaging.SharedState.Tests.Engines.Redis.ConnectionString(RequireRedis());

    public static Uri DynaliteUrl => Dynalite.ServiceUrl(RequireDynalite());

    /// <summary>The one connection the conformance runs share.</summary>
    internal static RedisStoreConnection RedisConnection =>
        _redisConnection ??= new RedisStoreConnection(Options.Create(RedisOptions()), EmptyServices.Instance);

    internal static DynamoDbStoreContext DynamoContext =>
        _dynamoContext ??= new DynamoDbStoreContext(DynamoOptions(), client: null, logger: null);

    internal static RedisStoreOptions RedisOptions(string? prefix = null) => new()
    {
        ConnectionString = RedisConnectionString,
        KeyPrefix = prefix ?? "test-" + Guid.NewGuid().ToString("N")[..8] + ":",
    };

    internal static DynamoDbStoreOptions DynamoOptions() => new() { ServiceUrl = DynaliteUrl, TableName = TableName, CreateTableIfMissing = true };

    internal static EngineProcess RequireRedis() => _redis ?? throw Skip(_redisProblem ?? "Redis was not started.");

    internal static EngineProcess RequireDynalite() => _dynalite ?? throw Skip(_dynaliteProblem ?? "dynalite was not started.");

    /// <summary>Skips the test (or fails it under CI) because an engine is missing.</summary>
    public static Exception Skip(string reason)
    {
        if (EngineProcess.IsCi)
        {
            Assert.Fail(reason + " Under CI=true every engine must be available (.ci/run installs redis-server; Node.js runs dynalite).");
        }

        Assert.Ignore(reason);
        return new InvalidOperationException(reason); // not reached
    }

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        var redis = StartRedisAsync();
        var dynalite = StartDynaliteAsync();
        await Task.WhenAll(redis, dynalite);
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        if (_redisConnection is not null)
        {
            await _redisConnection.DisposeAsync();
        }

        _dynamoContext?.Dispose();
        _redis?.Dispose();
        _dynalite?.Dispose();
    }

    private static async Task StartRedisAsync()
    {
        if ((_redisProblem = Nutritionist.Messaging.SharedState.Tests.Engines.Redis.MissingReason) is not null)
        {
            return;
        }

        try
        {
            _redis = await Nutritionist.Messaging.SharedState.Tests.Engines.Redis.StartAsync();
        }
        catch (InvalidOperationException e)
        {
            _redisProblem = "redis-server did not start: " + e.Message;
        }
    }

    private static async Task StartDynaliteAsync()
    {
        if ((_dynaliteProblem = Dynalite.MissingReason) is not null)
        {
            return;
        }

        try
        {
            _dynalite = await Dynalite.StartAsync();
        }
        catch (Exception e) when (e is InvalidOperationException or TimeoutException)
        {
            _dynaliteProblem = "dynalite did not start: " + e.Message;
        }
    }

    private sealed class EmptyServices : IServiceProvider
    {
        public static readonly EmptyServices Instance = new();

        public object? GetService(Type serviceType) => null;
    }
}
