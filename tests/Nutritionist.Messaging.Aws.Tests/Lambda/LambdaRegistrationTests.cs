using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Nutritionist.Messaging.Aws.Inbound;
using Nutritionist.Messaging.Aws.Lambda;
using Nutritionist.Messaging.Aws.Tests.Inbound;

namespace Nutritionist.Messaging.Aws.Tests.Lambda;

/// <summary>How a Lambda function gets the entry points: <c>AddAwsSmsInbound()</c>, with no pump.</summary>
public sealed class LambdaRegistrationTests
{
    [Test]
    public void No_queue_is_needed_no_pump_runs_and_both_entry_points_resolve_from_a_plain_service_provider()
    {
        var services = new ServiceCollection();
        services.AddNutritionistMessaging(o => o.DefaultRegion = "US").AddAwsSmsInbound();
        using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });

        Assert.That(provider.GetRequiredService<SqsEventProcessor>(), Is.SameAs(provider.GetRequiredService<SqsEventProcessor>()));
        Assert.That(provider.GetRequiredService<SnsEventProcessor>(), Is.Not.Null);
        Assert.That(provider.GetServices<IHostedService>(), Is.Empty, "the long-polling pump is AddAwsSmsInboundPump's (Nutritionist.Messaging.Aws.Sqs)");
        Assert.That(provider.GetRequiredService<IOptions<SqsInboundOptions>>().Value.MaxConcurrency, Is.EqualTo(SqsInboundOptions.DefaultMaxConcurrency));
    }

    [Test]
    public void With_the_pump_a_missing_queue_fails_naming_the_key_and_the_lambda_alternative()
    {
        using var harness = new InboundHarness(pump: _ => { });

        var error = Assert.Throws<OptionsValidationException>(() => _ = harness.Services.GetRequiredService<IOptions<SqsPumpOptions>>().Value);

        Assert.That(error!.Message, Does.Contain("NutritionistMessaging:Aws:Inbound:QueueUrls").And.Contain("AddAwsSmsInbound()"));
    }

    [TestCase("ProcessingClaimLifetime")]
    [TestCase("ProcessedMessageRetention")]
    public void Claim_lifetimes_must_be_positive(string key)
    {
        using var harness = new InboundHarness(o =>
        {
            if (key == "ProcessingClaimLifetime")
            {
                o.ProcessingClaimLifetime = TimeSpan.Zero;
            }
            else
            {
                o.ProcessedMessageRetention = TimeSpan.FromDays(-1);
            }
        });

        var error = Assert.Throws<OptionsValidationException>(() => _ = harness.Services.GetRequiredService<IOptions<SqsInboundOptions>>().Value);

        Assert.That(error!.Message, Does.Contain("NutritionistMessaging:Aws:Inbound:" + key));
    }

    [Test]
    public void The_processing_settings_bind_from_configuration()
    {
        using var harness = new InboundHarness(configuration: new Dictionary<string, string?>
        {
            ["NutritionistMessaging:Aws:Inbound:ProcessedMessageRetention"] = "14.00:00:00",
        });

        var options = harness.Services.GetRequiredService<IOptions<SqsInboundOptions>>().Value;

        Assert.That(options.ProcessedMessageRetention, Is.EqualTo(TimeSpan.FromDays(14)));
        Assert.That(options.ProcessingClaimLifetime, Is.EqualTo(TimeSpan.FromMinutes(15)));
    }
}
