using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Nutritionist.Messaging.DynamoDB;
using Nutritionist.Messaging.Redis;
using Nutritionist.Messaging.Testing.Shared;

namespace Nutritionist.Messaging.SharedState.Tests;

/// <summary>UseRedisStores and UseDynamoDbStores: the three overloads bind alike, and a second call registers nothing twice.</summary>
public class RegistrationShapeTests
{
    private static IMessagingBuilder Create(IServiceCollection services, IConfiguration? root) =>
        root is null ? services.AddNutritionistMessaging() : services.AddNutritionistMessaging(root);

    [Test]
    public void UseRedisStores_binds_alike_through_every_overload_and_registers_once() =>
        new RegistrationShape<RedisStoreOptions, string>
        {
            Name = "UseRedisStores",
            DefaultSectionPath = RedisMessagingBuilderExtensions.ConfigurationSectionName,
            Key = nameof(RedisStoreOptions.KeyPrefix),
            InDefaultSection = ("a:", "a:"),
            InGivenSection = ("b:", "b:"),
            InAction = "c:",
            Get = static o => o.KeyPrefix,
            Set = static (o, v) => o.KeyPrefix = v,
            None = static b => b.UseRedisStores(),
            WithSection = static (b, s) => b.UseRedisStores(s),
            WithAction = static (b, a) => b.UseRedisStores(a),
        }.AssertShape(Create);

    [Test]
    public void UseDynamoDbStores_binds_alike_through_every_overload_and_registers_once() =>
        new RegistrationShape<DynamoDbStoreOptions, string>
        {
            Name = "UseDynamoDbStores",
            DefaultSectionPath = DynamoDbMessagingBuilderExtensions.ConfigurationSectionName,
            Key = nameof(DynamoDbStoreOptions.TableName),
            InDefaultSection = ("a", "a"),
            InGivenSection = ("b", "b"),
            InAction = "c",
            Get = static o => o.TableName,
            Set = static (o, v) => o.TableName = v,
            None = static b => b.UseDynamoDbStores(),
            WithSection = static (b, s) => b.UseDynamoDbStores(s),
            WithAction = static (b, a) => b.UseDynamoDbStores(a),
        }.AssertShape(Create);
}
