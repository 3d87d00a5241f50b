using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Options;
using Nutritionist.Messaging.Reliability;
using Nutritionist.Messaging.Routing;
using Nutritionist.Messaging.Telemetry;
using Nutritionist.Messaging.Tests.Fakes;
using System.Diagnostics.Metrics;

namespace Nutritionist.Messaging.Tests.Routing;

[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public class NamedProviderRoutingTests
{
    private const string Us = "+12015550123";
    private const string Brazil = "+5511987654321";

    private readonly FakeWhatsAppProvider _meta = new() { Name = "meta-own-name" };
    private readonly FakeWhatsAppProvider _twilio = new() { Name = "twilio-own-name" };

    private MessagingHarness Harness(Action<MessagingRoutingOptions>? routing = null, Action<MessagingOptions>? configure = null, bool unnamedWhatsApp = false) =>
        new(configure, whatsApp: unnamedWhatsApp, build: b =>
        {
            b.AddWhatsAppProvider("meta", _ => _meta).AddWhatsAppProvider("twilio", _ => _twilio);
            if (routing is not null)
            {
                b.ConfigureRouting(routing);
            }
        });

    private static MessagingException Unavailable(bool mayHaveBeenSent = false) =>
        new(MessagingErrorCode.ProviderUnavailable, "down", "503", 503, isTransient: true) { MayHaveBeenSent = mayHaveBeenSent };

    private static OutboundMessage WhatsApp(string to, string? tenant = null) => new(to, "Hi")
    {
        Platform = MessagingPlatform.WhatsApp,
        Properties = tenant is null ? new Dictionary<string, string>() : new Dictionary<string, string> { ["tenant"] = tenant },
    };

    [Test]
    public async Task A_country_rule_sends_brazil_through_meta_and_the_rest_through_the_default()
    {
        using var harness = Harness(o =>
        {
            o.WhatsApp.Rules.Add(new ProviderRoutingRule { Countries = ["BR"], Provider = "meta" });
            o.WhatsApp.Default = "twilio";
        });

        var brazil = await harness.Client.SendAsync(WhatsApp(Brazil));
        var us = await harness.Client.SendAsync(WhatsApp(Us));

        Assert.Multiple(() =>
        {
            Assert.That(brazil.ProviderName, Is.EqualTo("meta"), "a named provider reports its registration name");
            Assert.That(us.ProviderName, Is.EqualTo("twilio"));
            Assert.That(_meta.Sent.Single().To, Is.EqualTo(Brazil));
            Assert.That(_twilio.Sent.Single().To, Is.EqualTo(Us));
        });
    }

    [Test]
    public async Task A_property_rule_picks_the_provider_from_the_message_properties()
    {
        using var harness = Harness(o =>
        {
            o.WhatsApp.Rules.Add(new ProviderRoutingRule { Properties = new Dictionary<string, string> { ["tenant"] = "acme" }, Provider = "meta" });
            o.WhatsApp.Default = "twilio";
        });

        var acme = await harness.Client.SendAsync(WhatsApp(Us, "acme"));
        var other = await harness.Client.SendAsync(WhatsApp(Us, "globex"));

        Assert.That((acme.ProviderName, other.ProviderName), Is.EqualTo(("meta", "twilio")));
    }

    [Test]
    public async Task Without_routing_the_unnamed_provider_keeps_sending_under_its_own_name()
    {
        using var harness = Harness(unnamedWhatsApp: true);

        var result = await harness.Client.SendAsync(WhatsApp(Us));

        Assert.That(result.ProviderName, Is.EqualTo("fake-whatsapp"));
        Assert.That(harness.WhatsApp.Calls + _meta.Calls + _twilio.Calls, Is.EqualTo(1));
        Assert.That(harness.WhatsApp.Calls, Is.EqualTo(1));
    }

    [TestCase(MessagingErrorCode.ProviderUnavailable)]
    [TestCase(MessagingErrorCode.NotConfigured)]
    public async Task A_provider_that_certainly_did_not_send_fails_over_to_the_next_one(MessagingErrorCode code)
    {
        using var harness = Harness(o =>
        {
            o.WhatsApp.Default = "meta";
            o.WhatsApp.Failover.Add("twilio");
        });
        using var failovers = new MetricCollector<long>(harness.Services.GetRequiredService<IMeterFactory>(), MessagingTelemetry.MeterName, MessagingTelemetry.Instruments.Failovers);

        // NotConfigured: the provider has nothing set up for this recipient's country.
        _meta.OnSend = (_, _) => throw new MessagingException(code, "not for this one", "X", null, isTransient: false);

        var result = await harness.Client.SendAsync(WhatsApp(Brazil));

        Assert.Multiple(() =>
        {
            Assert.That(result.Status, Is.EqualTo(SendStatus.Accepted));
            Assert.That(result.ProviderName, Is.EqualTo("twilio"));
            Assert.That((_meta.Calls, _twilio.Calls), Is.EqualTo((1, 1)));
            var measurement = failovers.GetMeasurementSnapshot().Single();
            Assert.That(measurement.Tags[MessagingTelemetryTags.Provider], Is.EqualTo("meta"));
            Assert.That(measurement.Tags[MessagingTelemetryTags.FailoverTo], Is.EqualTo("twilio"));
            Assert.That(harness.Logs.GetSnapshot().Any(r => r.Id.Id == 1204 && !r.Message.Contains(Brazil, StringComparison.Ordinal)), Is.True, "the failover is logged, number masked");
        });
    }

    [TestCase(true, MessagingErrorCode.ProviderUnavailable)]
    [TestCase(false, MessagingErrorCode.Throttled)]
    [TestCase(false, MessagingErrorCode.InvalidRecipient)]
    [TestCase(false, MessagingErrorCode.AuthenticationFailed)]
    public async Task No_failover_after_an_ambiguous_failure_or_one_that_is_not_the_providers_availability(bool mayHaveBeenSent, MessagingErrorCode code)
    {
        using var harness = Harness(o =>
        {
            o.WhatsApp.Default = "meta";
            o.WhatsApp.Failover.Add("twilio");
        });
        _meta.OnSend = (_, _) => throw new MessagingException(code, "no", "X", 500, isTransient: false) { MayHaveBeenSent = mayHaveBeenSent };

        var result = await harness.Client.SendAsync(WhatsApp(Us));

        Assert.That(result.ProviderName, Is.EqualTo("meta"));
        Assert.That(result.Status, mayHaveBeenSent ? Is.EqualTo(SendStatus.Unknown) : Is.Not.EqualTo(SendStatus.Accepted));
        Assert.That(_twilio.Calls, Is.Zero, "a message that may have reached the person, or that no provider could send, is not sent twice");
    }

    [Test]
    public async Task Each_named_provider_has_its_own_circuit_breaker_and_an_open_circuit_fails_over()
    {
        using var harness = Harness(
            o =>
            {
                o.WhatsApp.Rules.Add(new ProviderRoutingRule { Countries = ["BR"], Provider = "meta" });
                o.WhatsApp.Default = "twilio";
            },
            o =>
            {
                o.CircuitBreaker.MinimumThroughput = 2;
                o.CircuitBreaker.FailureRatio = 0.5;
            });
        _meta.OnSend = (_, _) => throw Unavailable();

        for (var i = 0; i < 3; i++)
        {
            await harness.Client.SendAsync(WhatsApp(Brazil));
        }

        var metaAfterBreak = _meta.Calls;
        var brazil = await harness.Client.SendAsync(WhatsApp(Brazil));
        var us = await harness.Client.SendAsync(WhatsApp(Us));

        Assert.Multiple(() =>
        {
            Assert.That(brazil.Error?.ProviderCode, Is.EqualTo("CircuitOpen"), "meta's circuit is open");
            Assert.That(_meta.Calls, Is.EqualTo(metaAfterBreak), "an open circuit does not call the provider");
            Assert.That(us.Status, Is.EqualTo(SendStatus.Accepted), "breaking meta leaves twilio's circuit closed");
            Assert.That(us.ProviderName, Is.EqualTo("twilio"));
        });

        using var failingOver = Harness(
            o =>
            {
                o.WhatsApp.Default = "meta";
                o.WhatsApp.Failover.Add("twilio");
            },
            o =>
            {
                o.CircuitBreaker.MinimumThroughput = 2;
                o.CircuitBreaker.FailureRatio = 0.5;
            });
        var results = new List<SendResult>();
        for (var i = 0; i < 6; i++)
        {
            results.Add(await failingOver.Client.SendAsync(WhatsApp(Us)));
        }

        Assert.That(results.Select(r => r.ProviderName), Is.All.EqualTo("twilio"));
        Assert.That(_meta.Calls, Is.LessThan(metaAfterBreak + 6), "once meta's circuit opens, messages go straight to twilio");
    }

    [Test]
    public async Task Channel_fallback_comes_after_every_provider_of_the_platform_failed()
    {
        using var harness = Harness(
            o =>
            {
                o.WhatsApp.Default = "meta";
                o.WhatsApp.Failover.Add("twilio");
            },
            o => o.Fallback = ChannelFallback.WhatsAppToSms);
        _meta.OnSend = (_, _) => throw Unavailable();
        _twilio.OnSend = (_, _) => throw Unavailable();

        var result = await harness.Client.SendAsync(WhatsApp(Us));

        Assert.Multiple(() =>
        {
            Assert.That(result.Platform, Is.EqualTo(MessagingPlatform.Sms));
            Assert.That(result.FallbackFrom, Is.EqualTo(MessagingPlatform.WhatsApp));
            Assert.That((_meta.Calls, _twilio.Calls, harness.Sms.Calls), Is.EqualTo((1, 1, 1)));
        });
    }

    [Test]
    public async Task Routing_binds_from_json_configuration()
    {
        const string Json = """
            {
              "NutritionistMessaging": {
                "DefaultRegion": "US",
                "EnforceWhatsAppSessionWindow": false,
                "Retry": { "MaxAttempts": 1 },
                "Routing": {
                  "WhatsApp": {
                    "Rules": [
                      { "Countries": [ "BR", "MX" ], "Provider": "meta" },
                      { "Properties": { "tenant": "acme" }, "Provider": "meta" },
                      { "Weights": { "meta": 1, "twilio": 1000000 } }
                    ],
                    "Default": "twilio",
                    "Failover": [ "twilio" ]
                  }
                }
              }
            }
            """;
        var configuration = new ConfigurationBuilder().AddJsonStream(new MemoryStream(Encoding.UTF8.GetBytes(Json))).Build();
        var services = new ServiceCollection();
        services.AddNutritionistMessaging(configuration).AddWhatsAppProvider("meta", _ => _meta).AddWhatsAppProvider("twilio", _ => _twilio);
        using var provider = services.BuildServiceProvider();
        var client = provider.GetRequiredService<IMessagingClient>();
        _meta.OnSend = (_, _) => throw Unavailable();

        var brazil = await client.SendAsync(WhatsApp(Brazil));
        var acme = await client.SendAsync(WhatsApp(Us, "acme"));
        var options = provider.GetRequiredService<IOptions<MessagingRoutingOptions>>().Value.WhatsApp;

        Assert.Multiple(() =>
        {
            Assert.That(options.Rules[2].Weights["twilio"], Is.EqualTo(1_000_000));
            Assert.That(brazil.ProviderName, Is.EqualTo("twilio"), "meta was chosen by country, failed, and twilio took over");
            Assert.That(acme.ProviderName, Is.EqualTo("twilio"));
            Assert.That(_meta.Sent.Select(m => m.To), Is.EqualTo(new[] { Brazil, Us }));
        });
    }

    [Test]
    public void Routing_errors_fail_at_start_with_the_key_and_the_bad_value()
    {
        using var harness = Harness(o =>
        {
            o.WhatsApp.Default = "metta";
            o.WhatsApp.Failover.Add("aws");
            o.WhatsApp.Rules.Add(new ProviderRoutingRule { Countries = ["BR"] });
            o.WhatsApp.Rules.Add(new ProviderRoutingRule { Weights = new Dictionary<string, int> { ["meta"] = 0, ["twilio"] = 1_000_001 } });
            o.WhatsApp.Rules.Add(new ProviderRoutingRule { Countries = ["Brazil"], Provider = "meta" });
            o.WhatsApp.Rules.Add(new ProviderRoutingRule { Provider = "meta" });
        });

        var e = Assert.Throws<OptionsValidationException>(() => _ = harness.Services.GetRequiredService<IOptions<MessagingRoutingOptions>>().Value)!;

        Assert.That(e.Failures, Is.EquivalentTo(new[]
        {
            "NutritionistMessaging:Routing:WhatsApp:Default names the provider \"metta\", which is not registered; the WhatsApp providers are: meta, twilio.",
            "NutritionistMessaging:Routing:WhatsApp:Failover:0 names the provider \"aws\", which is not registered; the WhatsApp providers are: meta, twilio.",
            "NutritionistMessaging:Routing:WhatsApp:Rules:0 is empty: set Provider or Weights.",
            "NutritionistMessaging:Routing:WhatsApp:Rules:1:Weights:meta must be a positive integer up to 1000000; got 0.",
            "NutritionistMessaging:Routing:WhatsApp:Rules:1:Weights:twilio must be a positive integer up to 1000000; got 1000001.",
            "NutritionistMessaging:Routing:WhatsApp:Rules:2:Countries:0 must be an ISO 3166-1 alpha-2 region such as \"BR\"; got \"Brazil\".",
            "NutritionistMessaging:Routing:WhatsApp:Rules:3 sends everything to \"meta\" (it has no Countries or Properties), so the rules after it never apply; use Default for that.",
        }));
    }

    [Test]
    public void Several_named_providers_need_a_default()
    {
        using var harness = Harness();

        var e = Assert.Throws<OptionsValidationException>(() => _ = harness.Services.GetRequiredService<IOptions<MessagingRoutingOptions>>().Value)!;

        Assert.That(e.Failures.Single(), Does.StartWith("NutritionistMessaging:Routing:WhatsApp:Default must be set: several WhatsApp providers are registered by name (meta, twilio)"));
    }

    [TestCase("")]
    [TestCase("twilio:eu")]
    [TestCase("a b")]
    public void A_provider_name_that_cannot_appear_in_keys_and_metrics_is_refused(string name)
    {
        var builder = new ServiceCollection().AddNutritionistMessaging();

        Assert.Throws(Is.InstanceOf<ArgumentException>(), () => builder.AddWhatsAppProvider(name, _ => new FakeWhatsAppProvider()));
    }

    [Test]
    public async Task Each_named_provider_has_its_own_health_check_entry()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddNutritionistMessaging()
            .AddWhatsAppProvider("meta", _ => _meta)
            .AddMessagingHealthChecks()
            .AddWhatsAppProvider("twilio", _ => _twilio)
            .ConfigureRouting(o => o.WhatsApp.Default = "twilio");
        using var provider = services.BuildServiceProvider();

        var report = await provider.GetRequiredService<HealthCheckService>().CheckHealthAsync();

        Assert.That(report.Entries.Keys, Is.SupersetOf(new[] { "nutritionist-messaging-whatsapp-meta", "nutritionist-messaging-whatsapp-twilio", "nutritionist-messaging-whatsapp" }));
        Assert.That(report.Entries["nutritionist-messaging-whatsapp"].Status, Is.EqualTo(HealthStatus.Healthy));
    }
}
