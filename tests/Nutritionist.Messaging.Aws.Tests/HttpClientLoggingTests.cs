using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Nutritionist.Messaging.Aws.Wire;
using Nutritionist.Messaging.Testing.Shared;

namespace Nutritionist.Messaging.Aws.Tests;

/// <summary>
/// The provider's named client drops IHttpClientFactory's per-request log lines (the provider logs its own calls), and a
/// host that wants them back can add them.
/// </summary>
[NonParallelizable]
public sealed class HttpClientLoggingTests
{
    private const string FactoryCategory = "System.Net.Http.HttpClient." + SmsVoiceClient.HttpClientName;

    [TestCase(false, TestName = "No IHttpClientFactory request log lines by default")]
    [TestCase(true, TestName = "AddDefaultLogger() on the named client brings them back")]
    public async Task Factory_request_logging(bool addDefaultLogger)
    {
        using var env = new EnvironmentScope().ClearAws();
        var handler = new StubHttpHandler(_ => TestAws.Json("""{"MessageId":"m-1"}"""));
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Trace).AddFakeLogging());
        services.AddNutritionistMessaging().AddAwsSms(o =>
        {
            o.Region = "us-east-1";
            o.AccessKeyId = TestAws.AccessKeyId;
            o.SecretAccessKey = TestAws.SecretAccessKey;
        });
        var client = services.AddHttpClient(SmsVoiceClient.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => handler);
        if (addDefaultLogger)
        {
            client.AddDefaultLogger();
        }

        await using var provider = services.BuildServiceProvider();
        var result = await provider.GetRequiredService<IMessagingClient>().SendAsync(MessagingPlatform.Sms, "+14155552671", "Your meal plan is ready!");

        var records = provider.GetRequiredService<FakeLogCollector>().GetSnapshot();
        var factoryLines = records.Count(r => r.Category?.StartsWith(FactoryCategory, StringComparison.Ordinal) == true);
        Assert.Multiple(() =>
        {
            Assert.That(result.IsSuccess, Is.True);
            Assert.That(records.Any(r => r.Id.Id == 2001), Is.True, "the provider's own Debug line for the call");
            Assert.That(factoryLines, addDefaultLogger ? Is.GreaterThan(0) : Is.Zero);
        });
    }
}
