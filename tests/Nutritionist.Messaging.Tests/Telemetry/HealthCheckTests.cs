using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Time.Testing;
using Nutritionist.Messaging.Tests.Fakes;

namespace Nutritionist.Messaging.Tests.Telemetry;

public class HealthCheckTests
{
    [Test]
    public async Task Healthy_degraded_and_unhealthy_providers_are_reported_per_platform()
    {
        var sms = new ProbingSmsProvider { Answer = HealthCheckResult.Degraded("Spend is at 92 % of the monthly limit") };
        var report = await RunAsync(b => b.AddSmsProvider(_ => sms).AddWhatsAppProvider(_ => new FakeWhatsAppProvider()));

        Assert.That(report.Entries["nutritionist-messaging-sms"].Status, Is.EqualTo(HealthStatus.Degraded));
        Assert.That(report.Entries["nutritionist-messaging-sms"].Description, Does.Contain("92 %"));
        Assert.That(report.Entries["nutritionist-messaging-whatsapp"].Status, Is.EqualTo(HealthStatus.Healthy));
        Assert.That(report.Status, Is.EqualTo(HealthStatus.Degraded));
    }

    [Test]
    public async Task A_missing_provider_or_a_throwing_probe_is_unhealthy()
    {
        var sms = new ProbingSmsProvider { Throw = true };
        var report = await RunAsync(b => b.AddSmsProvider(_ => sms));

        Assert.That(report.Entries["nutritionist-messaging-sms"].Status, Is.EqualTo(HealthStatus.Unhealthy));
        Assert.That(report.Entries["nutritionist-messaging-whatsapp"].Status, Is.EqualTo(HealthStatus.Unhealthy));
        Assert.That(report.Entries["nutritionist-messaging-whatsapp"].Description, Does.Contain("AddTwilioWhatsApp"));
    }

    [Test]
    public async Task Answers_are_cached_so_probes_do_not_hammer_the_provider()
    {
        var time = new FakeTimeProvider();
        var sms = new ProbingSmsProvider { Answer = HealthCheckResult.Healthy() };
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(time);
        services.AddLogging();
        services.AddNutritionistMessaging().AddSmsProvider(_ => sms).AddMessagingHealthChecks(o => o.CacheDuration = TimeSpan.FromSeconds(30));
        using var provider = services.BuildServiceProvider();
        var health = provider.GetRequiredService<HealthCheckService>();

        await health.CheckHealthAsync();
        await health.CheckHealthAsync();
        time.Advance(TimeSpan.FromSeconds(31));
        await health.CheckHealthAsync();

        Assert.That(sms.Probes, Is.EqualTo(2));
    }

    private static async Task<HealthReport> RunAsync(Action<IMessagingBuilder> configure)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        var builder = services.AddNutritionistMessaging();
        configure(builder);
        builder.AddMessagingHealthChecks();
        using var provider = services.BuildServiceProvider();
        return await provider.GetRequiredService<HealthCheckService>().CheckHealthAsync();
    }

    private sealed class ProbingSmsProvider : ISmsProvider, IHealthCheck
    {
        private int _probes;

        public string Name => "probing-sms";

        public HealthCheckResult Answer { get; init; }

        public bool Throw { get; init; }

        public int Probes => _probes;

        public Task<ProviderReceipt> SendAsync(SmsMessage message, CancellationToken cancellationToken = default) => Task.FromResult(new ProviderReceipt("x"));

        public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _probes);
            return Throw ? throw new HttpRequestException("connection refused") : Task.FromResult(Answer);
        }
    }
}
