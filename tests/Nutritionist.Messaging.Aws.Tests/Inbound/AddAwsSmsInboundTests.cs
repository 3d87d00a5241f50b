using Amazon.Runtime;
using Amazon.SQS;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Nutritionist.Messaging.Aws.Inbound;

namespace Nutritionist.Messaging.Aws.Tests.Inbound;

public sealed class AddAwsSmsInboundTests
{
    private const string Queue = "https://sqs.us-east-1.amazonaws.com/123456789012/sms-inbound";

    [Test]
    public void Defaults_are_documented_values()
    {
        var options = new SqsInboundOptions();
        var pump = new SqsPumpOptions();

        Assert.That(options.MaxConcurrency, Is.EqualTo(10));
        Assert.That(options.RequireSnsSignature, Is.True);
        Assert.That(pump.WaitTimeSeconds, Is.EqualTo(20));
        Assert.That(pump.MaxNumberOfMessages, Is.EqualTo(10));
        Assert.That(pump.VisibilityTimeout, Is.Null);
        Assert.That(pump.QueueUrls, Is.Empty);
    }

    [Test]
    public void Options_bind_from_the_nutritionist_messaging_section()
    {
        using var harness = new InboundHarness(
            configuration: new Dictionary<string, string?>
            {
                ["NutritionistMessaging:Aws:Inbound:QueueUrls:0"] = Queue,
                ["NutritionistMessaging:Aws:Inbound:QueueUrls:1"] = Queue + "-events",
                ["NutritionistMessaging:Aws:Inbound:MaxConcurrency"] = "3",
                ["NutritionistMessaging:Aws:Inbound:WaitTimeSeconds"] = "5",
                ["NutritionistMessaging:Aws:Inbound:VisibilityTimeout"] = "00:00:45",
                ["NutritionistMessaging:Aws:Inbound:RequireSnsSignature"] = "false",
                ["NutritionistMessaging:Aws:Inbound:ServiceUrl"] = "http://localhost:4566",
                ["NutritionistMessaging:Aws:Inbound:Region"] = "eu-west-1",
            },
            pump: _ => { });

        var options = harness.Services.GetRequiredService<IOptions<SqsInboundOptions>>().Value;
        var pump = harness.Services.GetRequiredService<IOptions<SqsPumpOptions>>().Value;

        Assert.That(pump.QueueUrls, Is.EqualTo(new[] { Queue, Queue + "-events" }));
        Assert.That(options.MaxConcurrency, Is.EqualTo(3));
        Assert.That(pump.WaitTimeSeconds, Is.EqualTo(5));
        Assert.That(pump.VisibilityTimeout, Is.EqualTo(TimeSpan.FromSeconds(45)));
        Assert.That(options.RequireSnsSignature, Is.False);
        Assert.That(pump.ServiceUrl, Is.EqualTo(new Uri("http://localhost:4566")));
        Assert.That(pump.Region, Is.EqualTo("eu-west-1"));
    }

    [Test]
    public void Adding_twice_with_configuration_does_not_bind_the_queue_list_twice()
    {
        using var harness = new InboundHarness(
            configuration: new Dictionary<string, string?> { ["NutritionistMessaging:Aws:Inbound:QueueUrls:0"] = Queue },
            build: b => b.AddAwsSmsInboundPump().AddAwsSmsInbound(),
            pump: _ => { });

        Assert.That(harness.Services.GetRequiredService<IOptions<SqsPumpOptions>>().Value.QueueUrls, Is.EqualTo(new[] { Queue }));
    }

    [TestCase("MaxConcurrency", "0")]
    [TestCase("WaitTimeSeconds", "21")]
    [TestCase("MaxNumberOfMessages", "11")]
    [TestCase("VisibilityTimeout", "00:00:01.5000000")]
    [TestCase("QueueUrls", "")]
    [TestCase("SecretAccessKey", "")]
    [TestCase("ServiceUrl", "ftp://localhost/")]
    public void Invalid_settings_fail_naming_the_configuration_key(string key, string badValue)
    {
        using var harness = new InboundHarness(
            o =>
            {
                if (key == "MaxConcurrency")
                {
                    o.MaxConcurrency = int.Parse(badValue, System.Globalization.CultureInfo.InvariantCulture);
                }
            },
            pump: o =>
            {
                if (key != "QueueUrls")
                {
                    o.QueueUrls.Add(Queue);
                }

                switch (key)
                {
                    case "WaitTimeSeconds": o.WaitTimeSeconds = int.Parse(badValue, System.Globalization.CultureInfo.InvariantCulture); break;
                    case "MaxNumberOfMessages": o.MaxNumberOfMessages = int.Parse(badValue, System.Globalization.CultureInfo.InvariantCulture); break;
                    case "VisibilityTimeout": o.VisibilityTimeout = TimeSpan.Parse(badValue, System.Globalization.CultureInfo.InvariantCulture); break;
                    case "SecretAccessKey": o.AccessKeyId = "AKIDEXAMPLE"; break;
                    case "ServiceUrl": o.ServiceUrl = new Uri(badValue); break;
                }
            });

        var error = Assert.Throws<OptionsValidationException>(() =>
        {
            _ = harness.Services.GetRequiredService<IOptions<SqsInboundOptions>>().Value;
            _ = harness.Services.GetRequiredService<IOptions<SqsPumpOptions>>().Value;
        });

        Assert.That(error!.Message, Does.Contain("NutritionistMessaging:Aws:Inbound:" + key));
        if (badValue.Length > 0)
        {
            Assert.That(error.Message, Does.Contain(badValue));
        }
    }

    [Test]
    public void Duplicate_queue_urls_are_refused()
    {
        using var harness = new InboundHarness(pump: o => o.QueueUrls.AddRange([Queue, Queue]));
        var error = Assert.Throws<OptionsValidationException>(() => _ = harness.Services.GetRequiredService<IOptions<SqsPumpOptions>>().Value);
        Assert.That(error!.Message, Does.Contain("NutritionistMessaging:Aws:Inbound:QueueUrls").And.Contain("more than once"));
    }

    [Test]
    public void Adding_twice_registers_one_pump_and_a_keyed_sqs_client_that_leaves_the_hosts_own_alone()
    {
        var services = new ServiceCollection();
        var hostsOwn = NSubstitute.Substitute.For<IAmazonSQS>();
        services.AddSingleton(hostsOwn);
        services.AddLogging();
        var builder = services.AddNutritionistMessaging(o => o.DefaultRegion = "US");
        builder.AddAwsSmsInboundPump(o => o.QueueUrls.Add(Queue)).AddAwsSmsInboundPump(o => o.ServiceUrl = new Uri("http://127.0.0.1:4566"));
        using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });

        Assert.That(provider.GetServices<IHostedService>().OfType<SqsMessagePump>().Count(), Is.EqualTo(1));
        Assert.That(provider.GetRequiredService<IAmazonSQS>(), Is.SameAs(hostsOwn));
        var pumpClient = provider.GetRequiredKeyedService<IAmazonSQS>(SqsMessagePump.SqsClientKey);
        Assert.That(pumpClient, Is.Not.SameAs(hostsOwn));
        Assert.That(pumpClient.Config.ServiceURL, Does.StartWith("http://127.0.0.1:4566"));
        Assert.That(pumpClient.Config.AuthenticationRegion, Is.EqualTo("us-east-1"));
    }

    [Test]
    public void Credentials_are_explicit_keys_then_dummy_keys_for_a_loopback_emulator_then_the_sdk_chain()
    {
        var explicitKeys = SqsClientFactory.CredentialsFor(new SqsPumpOptions { AccessKeyId = "AKIDEXAMPLE", SecretAccessKey = "secret", ServiceUrl = new Uri("http://localhost:9324") });
        var emulator = SqsClientFactory.CredentialsFor(new SqsPumpOptions { ServiceUrl = new Uri("http://127.0.0.1:9324") });
        var remoteEndpoint = SqsClientFactory.CredentialsFor(new SqsPumpOptions { ServiceUrl = new Uri("https://vpce-1.sqs.us-east-1.vpce.amazonaws.com") });
        var aws = SqsClientFactory.CredentialsFor(new SqsPumpOptions { Region = "us-east-1" });

        Assert.That(explicitKeys!.GetCredentials().AccessKey, Is.EqualTo("AKIDEXAMPLE"));
        Assert.That(emulator, Is.TypeOf<BasicAWSCredentials>());
        Assert.That(emulator!.GetCredentials().AccessKey, Is.EqualTo("test"));
        Assert.That(remoteEndpoint, Is.Null);
        Assert.That(aws, Is.Null);
    }

    [Test]
    public void A_region_without_service_url_selects_the_regional_endpoint()
    {
        using var client = SqsClientFactory.Create(new SqsPumpOptions { Region = "eu-west-1", AccessKeyId = "a", SecretAccessKey = "b" });
        Assert.That(client.Config.RegionEndpoint?.SystemName, Is.EqualTo("eu-west-1"));
    }
}
