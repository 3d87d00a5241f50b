using Amazon.SQS;
using Amazon.SQS.Model;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using NSubstitute;
using Nutritionist.Messaging.Aws.Inbound;
using Nutritionist.Messaging.Aws.Lambda;
using Nutritionist.Messaging.Aws.Tests.Inbound;

namespace Nutritionist.Messaging.Aws.Tests.Lambda;

/// <summary>How a Lambda function gets the entry points: <c>AddAwsSmsInbound()</c> without a pump.</summary>
public sealed class LambdaRegistrationTests
{
    [Test]
    public void Without_the_pump_no_queue_is_needed_and_both_entry_points_resolve_from_a_plain_service_provider()
    {
        var services = new ServiceCollection();
        services.AddNutritionistMessaging(o => o.DefaultRegion = "US").AddAwsSmsInbound(o => o.StartPump = false);
        using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });

        Assert.That(provider.GetRequiredService<SqsEventProcessor>(), Is.SameAs(provider.GetRequiredService<SqsEventProcessor>()));
        Assert.That(provider.GetRequiredService<SnsEventProcessor>(), Is.Not.Null);
        Assert.That(provider.GetRequiredService<IOptions<SqsInboundOptions>>().Value.QueueUrls, Is.Empty);
    }

    [Test]
    public async Task A_host_with_the_pump_turned_off_never_receives()
    {
        var sqs = Substitute.For<IAmazonSQS>();
        using var harness = new InboundHarness(o => o.StartPump = false, sqs);

        await harness.Pump.StartAsync(CancellationToken.None);

        // The pump's loop ends at once (it runs on the thread pool, so wait for it rather than read it right away).
        await harness.Pump.ExecuteTask!.WaitAsync(TimeSpan.FromSeconds(10));
        await sqs.DidNotReceiveWithAnyArgs().ReceiveMessageAsync(default(ReceiveMessageRequest)!, default);
        await harness.Pump.StopAsync(CancellationToken.None);
    }

    [Test]
    public void With_the_pump_on_a_missing_queue_still_fails_naming_the_switch()
    {
        using var harness = new InboundHarness();

        var error = Assert.Throws<OptionsValidationException>(() => _ = harness.Services.GetRequiredService<IOptions<SqsInboundOptions>>().Value);

        Assert.That(error!.Message, Does.Contain("NutritionistMessaging:Aws:Inbound:QueueUrls").And.Contain("StartPump"));
    }

    [TestCase("ProcessingClaimLifetime")]
    [TestCase("ProcessedMessageRetention")]
    public void Claim_lifetimes_must_be_positive(string key)
    {
        using var harness = new InboundHarness(o =>
        {
            o.StartPump = false;
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
    public void The_switch_binds_from_configuration()
    {
        using var harness = new InboundHarness(configuration: new Dictionary<string, string?>
        {
            ["NutritionistMessaging:Aws:Inbound:StartPump"] = "false",
            ["NutritionistMessaging:Aws:Inbound:ProcessedMessageRetention"] = "14.00:00:00",
        });

        var options = harness.Services.GetRequiredService<IOptions<SqsInboundOptions>>().Value;

        Assert.That(options.StartPump, Is.False);
        Assert.That(options.ProcessedMessageRetention, Is.EqualTo(TimeSpan.FromDays(14)));
        Assert.That(options.ProcessingClaimLifetime, Is.EqualTo(TimeSpan.FromMinutes(15)));
    }
}
