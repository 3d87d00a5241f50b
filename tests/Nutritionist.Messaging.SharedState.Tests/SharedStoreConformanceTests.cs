using Nutritionist.Messaging.DynamoDB;
using Nutritionist.Messaging.Redis;
using Nutritionist.Messaging.Testing.Conformance;

namespace Nutritionist.Messaging.SharedState.Tests;

// The store conformance kit (Nutritionist.Messaging.Testing) against the Redis and DynamoDB stores on real engines.
public class SharedStoreConformanceTests
{
    public static IEnumerable<StoreConformanceCase> Cases => StoreConformance.Cases;

    [TestCaseSource(nameof(Cases))]
    public Task Redis_stores_conform(StoreConformanceCase conformanceCase)
    {
        var connection = SharedEngines.RedisConnection;
        return conformanceCase.RunAsync((clock, _) => ValueTask.FromResult(new StoreConformanceSubject
        {
            OptOuts = new RedisOptOutStore(connection),
            Windows = new RedisConversationWindowStore(connection, clock),
            Tracker = new RedisDeliveryTracker(connection, clock),
            Claims = new RedisSendClaimStore(connection, clock),
        }));
    }

    [TestCaseSource(nameof(Cases))]
    public Task DynamoDb_stores_conform(StoreConformanceCase conformanceCase)
    {
        var context = SharedEngines.DynamoContext;
        return conformanceCase.RunAsync((clock, _) => ValueTask.FromResult(new StoreConformanceSubject
        {
            OptOuts = new DynamoDbOptOutStore(context, TimeProvider.System),
            Windows = new DynamoDbConversationWindowStore(context, clock),
            Tracker = new DynamoDbDeliveryTracker(context, clock),
            Claims = new DynamoDbSendClaimStore(context, clock),
        }));
    }
}
