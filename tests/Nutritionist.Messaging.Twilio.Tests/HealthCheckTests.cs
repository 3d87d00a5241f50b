using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Nutritionist.Messaging.Testing.Shared;

namespace Nutritionist.Messaging.Twilio.Tests;

public class HealthCheckTests
{
    private static string Account(string status) => $$"""
        {"auth_token":"redacted","date_created":"Thu, 30 Jul 2015 20:00:00 +0000","date_updated":"Thu, 30 Jul 2015 20:00:00 +0000",
         "friendly_name":"Nutrition coaching","owner_account_sid":"{{TestTwilio.AccountSid}}","sid":"{{TestTwilio.AccountSid}}",
         "status":"{{status}}","subresource_uris":{},"type":"Full","uri":"/2010-04-01/Accounts/{{TestTwilio.AccountSid}}.json"}
        """;

    [TestCase("active", HealthStatus.Healthy)]
    [TestCase("suspended", HealthStatus.Unhealthy)]
    public async Task The_account_status_decides_health(string status, HealthStatus expected)
    {
        var stub = new StubHttpHandler(_ => TestTwilio.Json(HttpStatusCode.OK, Account(status)));

        var report = await CheckAsync(stub);

        Assert.That(report.Status, Is.EqualTo(expected));
        Assert.That(stub.Requests.Single().Message.RequestUri!.AbsolutePath, Is.EqualTo($"/2010-04-01/Accounts/{TestTwilio.AccountSid}.json"));
        Assert.That(stub.Requests.Single().Message.Method, Is.EqualTo(HttpMethod.Get));
    }

    [Test]
    public async Task Rejected_credentials_are_unhealthy_and_the_token_is_not_in_the_report()
    {
        var stub = new StubHttpHandler(_ => TestTwilio.Error(20003, 401, "Authenticate"));

        var report = await CheckAsync(stub);

        var entry = report.Entries.Values.Single();
        Assert.That(entry.Status, Is.EqualTo(HealthStatus.Unhealthy));
        Assert.That(entry.Description, Does.Contain("20003"));
        Assert.That(entry.Description, Does.Not.Contain(TestTwilio.AuthToken));
    }

    private static async Task<HealthReport> CheckAsync(StubHttpHandler stub)
    {
        await using var services = TestTwilio.Services(stub, more: s => s.AddNutritionistMessaging().AddMessagingHealthChecks(o => o.CacheDuration = TimeSpan.Zero));
        return await services.GetRequiredService<HealthCheckService>().CheckHealthAsync(r => r.Name == "nutritionist-messaging-whatsapp");
    }
}
