using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Nutritionist.Messaging.Aws.Wire;
using Nutritionist.Messaging.Delivery;
using Nutritionist.Messaging.Inbound;
using Nutritionist.Messaging.Testing.Shared;

namespace Nutritionist.Messaging.Aws.Tests;

[NonParallelizable]
public sealed class HealthCheckTests
{
    private const string Pool = "pool-0123456789abcdef0123456789abcdef";
    private const string Number = "+18445550100";

    [Test]
    public async Task Active_identities_and_spend_well_under_the_limit_are_healthy()
    {
        using var env = new EnvironmentScope().ClearAws();
        var handler = Aws(poolStatus: "ACTIVE", numberStatus: "ACTIVE", limit: 100);

        var report = await CheckAsync(handler);

        Assert.That(report.Status, Is.EqualTo(HealthStatus.Healthy), Describe(report));
        Assert.That(handler.Requests.Select(r => r.Header("X-Amz-Target")), Is.SupersetOf(new[]
        {
            "PinpointSMSVoiceV2.DescribePools", "PinpointSMSVoiceV2.DescribePhoneNumbers", "PinpointSMSVoiceV2.DescribeSpendLimits",
        }));
        Assert.That(handler.Requests.Single(r => r.Header("X-Amz-Target") == "PinpointSMSVoiceV2.DescribePools").BodyText, Does.Contain(Pool));
    }

    [Test]
    public async Task An_inactive_identity_is_degraded_and_no_usable_identity_is_unhealthy()
    {
        using var env = new EnvironmentScope().ClearAws();

        var oneDown = await CheckAsync(Aws(poolStatus: "DELETED", numberStatus: "ACTIVE", limit: 100));
        var allDown = await CheckAsync(Aws(poolStatus: null, numberStatus: "PENDING", limit: 100));

        Assert.That(oneDown.Status, Is.EqualTo(HealthStatus.Degraded));
        Assert.That(Describe(oneDown), Does.Contain(Pool).And.Contain("DELETED"));
        Assert.That(allDown.Status, Is.EqualTo(HealthStatus.Unhealthy));
        Assert.That(Describe(allDown), Does.Contain("not found").And.Not.Contain("8445550100"));
    }

    [Test]
    public async Task Spend_near_or_over_the_monthly_limit_is_reported()
    {
        using var env = new EnvironmentScope().ClearAws();

        var near = await CheckAsync(Aws("ACTIVE", "ACTIVE", limit: 1), spent: 0.95m);
        var over = await CheckAsync(Aws("ACTIVE", "ACTIVE", limit: 1), spent: 1.2m);

        Assert.That(near.Status, Is.EqualTo(HealthStatus.Degraded));
        Assert.That(Describe(near), Does.Contain("monthly limit"));
        Assert.That(over.Status, Is.EqualTo(HealthStatus.Unhealthy));
    }

    [Test]
    public async Task Rejected_credentials_are_unhealthy()
    {
        using var env = new EnvironmentScope().ClearAws();
        var handler = new StubHttpHandler(_ => TestAws.Error(HttpStatusCode.Forbidden, "UnrecognizedClientException", "The security token included in the request is invalid."));

        var report = await CheckAsync(handler);

        Assert.That(report.Status, Is.EqualTo(HealthStatus.Unhealthy));
        Assert.That(Describe(report), Does.Contain("UnrecognizedClientException").Or.Contain("security token"));
    }

    private static string Describe(HealthReport report) => report.Entries.Values.Single().Description ?? string.Empty;

    private static StubHttpHandler Aws(string? poolStatus, string numberStatus, long limit) => new(request => request.Header("X-Amz-Target") switch
    {
        "PinpointSMSVoiceV2.DescribePools" => poolStatus is null
            ? TestAws.Error(HttpStatusCode.BadRequest, "ResourceNotFoundException", "Pool not found", extra: ",\"ResourceType\":\"pool\",\"ResourceId\":\"" + Pool + "\"")
            : TestAws.Json($$"""{"Pools":[{"PoolArn":"arn:aws:sms-voice:us-east-1:123456789012:pool/{{Pool}}","PoolId":"{{Pool}}","Status":"{{poolStatus}}","MessageType":"TRANSACTIONAL","TwoWayEnabled":false,"SelfManagedOptOutsEnabled":false,"OptOutListName":"Default","SharedRoutesEnabled":false,"DeletionProtectionEnabled":false,"CreatedTimestamp":1.7e9}]}"""),
        "PinpointSMSVoiceV2.DescribePhoneNumbers" => TestAws.Json($$"""{"PhoneNumbers":[{"PhoneNumberArn":"arn:aws:sms-voice:us-east-1:123456789012:phone-number/phone-1","PhoneNumberId":"phone-1","PhoneNumber":"{{Number}}","Status":"{{numberStatus}}","IsoCountryCode":"US","MessageType":"TRANSACTIONAL","NumberCapabilities":["SMS"],"NumberType":"TOLL_FREE","MonthlyLeasingPrice":"2.00","TwoWayEnabled":false,"SelfManagedOptOutsEnabled":false,"OptOutListName":"Default","DeletionProtectionEnabled":false,"CreatedTimestamp":1.7e9}]}"""),
        "PinpointSMSVoiceV2.DescribeSpendLimits" => TestAws.Json($$"""{"SpendLimits":[{"Name":"TEXT_MESSAGE_MONTHLY_SPEND_LIMIT","EnforcedLimit":{{limit}},"MaxLimit":{{limit}},"Overridden":false},{"Name":"VOICE_MESSAGE_MONTHLY_SPEND_LIMIT","EnforcedLimit":1,"MaxLimit":1,"Overridden":false}]}"""),
        _ => TestAws.Json("{}"),
    });

    private static async Task<HealthReport> CheckAsync(StubHttpHandler handler, decimal spent = 0m)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddNutritionistMessaging(o => o.DefaultRegion = "US").AddAwsSms(o =>
        {
            o.Region = "us-east-1";
            o.AccessKeyId = TestAws.AccessKeyId;
            o.SecretAccessKey = TestAws.SecretAccessKey;
            o.OriginationIdentities = [Pool, Number];
        }).AddMessagingHealthChecks(o => o.CacheDuration = TimeSpan.Zero);
        services.AddHttpClient(SmsVoiceClient.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => handler);
        await using var provider = services.BuildServiceProvider();
        if (spent > 0)
        {
            // Spend comes from this process's statistics: an actual price reported by a delivery event.
            await provider.GetRequiredService<IInboundPipeline>().ProcessDeliveryStatusAsync(
                new DeliveryStatusUpdate("m-1", MessagingPlatform.Sms, DeliveryStatus.Delivered) { Price = spent, PriceCurrency = "USD" });
        }

        return await provider.GetRequiredService<HealthCheckService>().CheckHealthAsync(r => r.Name == "nutritionist-messaging-sms");
    }
}
