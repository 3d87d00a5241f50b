using Microsoft.Extensions.DependencyInjection;
using Nutritionist.Messaging.Delivery;
using Nutritionist.Messaging.DynamoDB;
using Nutritionist.Messaging.Idempotency;
using Nutritionist.Messaging.Inbound;
using Nutritionist.Messaging.OptOut;
using Nutritionist.Messaging.Testing.Conformance;

namespace Nutritionist.Messaging.SharedState.Tests;

// The README's shared-state examples, compiled and run.
public class ReadmeExamplesSharedState
{
    [Test]
    public void Shared_stores_in_one_call()
    {
        var services = new ServiceCollection();
        services.AddNutritionistMessaging(o => o.DefaultRegion = "US")   // plus AddAwsSms(), AddTwilioWhatsApp()
            .UseDynamoDbStores(o => o.TableName = "coach-messaging");   // or .UseRedisStores(o => o.ConnectionString = "cache:6379")

        using var provider = services.BuildServiceProvider();
        Assert.That(provider.GetRequiredService<ISendClaimStore>(), Is.TypeOf<DynamoDbSendClaimStore>());
    }

    public static IEnumerable<StoreConformanceCase> Cases => StoreConformance.Cases;

    [TestCaseSource(nameof(Cases))]
    public Task My_stores_conform(StoreConformanceCase c) =>
        c.RunAsync((clock, _) => ValueTask.FromResult(new StoreConformanceSubject
        {
            OptOuts = new InMemoryOptOutStore(),
            Windows = new InMemoryConversationWindowStore(clock),
            Tracker = new InMemoryDeliveryTracker(clock),
            Claims = new InMemorySendClaimStore(clock),
        }));
}
