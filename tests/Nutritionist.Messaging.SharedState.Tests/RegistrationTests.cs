using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Nutritionist.Messaging.Delivery;
using Nutritionist.Messaging.DynamoDB;
using Nutritionist.Messaging.Idempotency;
using Nutritionist.Messaging.Inbound;
using Nutritionist.Messaging.OptOut;
using Nutritionist.Messaging.Redis;

namespace Nutritionist.Messaging.SharedState.Tests;

// UseDynamoDbStores / UseRedisStores: the registration shape, options validated at start, and the README's example.
public class RegistrationTests
{
    [Test]
    public void The_readme_example_registers_all_four_dynamodb_stores()
    {
        var services = new ServiceCollection();
        services.AddNutritionistMessaging(o => o.DefaultRegion = "US")
            .UseDynamoDbStores(o => o.TableName = "coach-messaging");
        using var provider = services.BuildServiceProvider();

        Assert.Multiple(() =>
        {
            Assert.That(provider.GetRequiredService<IOptOutStore>(), Is.TypeOf<DynamoDbOptOutStore>());
            Assert.That(provider.GetRequiredService<IConversationWindowStore>(), Is.TypeOf<DynamoDbConversationWindowStore>());
            Assert.That(provider.GetRequiredService<IDeliveryTracker>(), Is.TypeOf<DynamoDbDeliveryTracker>());
            Assert.That(provider.GetRequiredService<ISendClaimStore>(), Is.TypeOf<DynamoDbSendClaimStore>());
            Assert.That(provider.GetRequiredService<IOptions<DynamoDbStoreOptions>>().Value.TableName, Is.EqualTo("coach-messaging"));
        });
    }

    [Test]
    public void Redis_stores_replace_earlier_ones_and_read_their_configuration_section()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["NutritionistMessaging:Redis:ConnectionString"] = "cache.internal:6379",
            ["NutritionistMessaging:Redis:KeyPrefix"] = "coach:",
            ["NutritionistMessaging:Redis:DeliveryRetention"] = "7.00:00:00",
        }).Build();
        var services = new ServiceCollection();
        services.AddNutritionistMessaging(configuration).UseOptOutStore<InMemoryOptOutStore>().UseRedisStores();
        using var provider = services.BuildServiceProvider();
        var options = provider.GetRequiredService<IOptions<RedisStoreOptions>>().Value;

        Assert.Multiple(() =>
        {
            Assert.That(provider.GetRequiredService<IOptOutStore>(), Is.TypeOf<RedisOptOutStore>());
            Assert.That(provider.GetRequiredService<ISendClaimStore>(), Is.TypeOf<RedisSendClaimStore>());
            Assert.That(options.KeyPrefix, Is.EqualTo("coach:"));
            Assert.That(options.DeliveryRetention, Is.EqualTo(TimeSpan.FromDays(7)));
        });
    }

    [Test]
    public void Redis_without_a_connection_fails_at_start_naming_the_setting()
    {
        var services = new ServiceCollection();
        services.AddNutritionistMessaging().UseRedisStores(o => o.KeyPrefix = "x:");
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => _ = provider.GetRequiredService<IOptions<RedisStoreOptions>>().Value);
        Assert.That(error!.Message, Does.Contain("NutritionistMessaging:Redis:ConnectionString"));
    }

    [Test]
    public void Dynamodb_options_are_checked_at_start_with_the_bad_values_named()
    {
        var services = new ServiceCollection();
        services.AddNutritionistMessaging().UseDynamoDbStores(o =>
        {
            o.TableName = "a b";
            o.DeliveryRetention = TimeSpan.Zero;
            o.AccessKeyId = "AKIDEXAMPLE";
        });
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => _ = provider.GetRequiredService<IOptions<DynamoDbStoreOptions>>().Value);
        Assert.Multiple(() =>
        {
            Assert.That(error!.Message, Does.Contain("NutritionistMessaging:DynamoDB:TableName is 'a b'"));
            Assert.That(error.Message, Does.Contain("DeliveryRetention"));
            Assert.That(error.Message, Does.Contain("SecretAccessKey"));
        });
    }

    [Test]
    public void Shared_stores_refuse_unnormalised_numbers_as_keys()
    {
        var store = new RedisOptOutStore(new RedisStoreConnection(Options.Create(new RedisStoreOptions { ConnectionString = "127.0.0.1:1" }), new ServiceCollection().BuildServiceProvider()));

        Assert.That(async () => await store.OptOutAsync("(415) 555-2671"), Throws.ArgumentException.With.Message.Contains("E.164"));
    }
}
