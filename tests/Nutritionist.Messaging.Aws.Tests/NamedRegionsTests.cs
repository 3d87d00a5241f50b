using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Nutritionist.Messaging.Aws.Wire;
using Nutritionist.Messaging.Routing;
using Nutritionist.Messaging.Testing.Shared;

namespace Nutritionist.Messaging.Aws.Tests;

/// <summary>Two AWS regions (or accounts) registered by name in one container, each with its own endpoint and credentials.</summary>
[NonParallelizable]
public sealed class NamedRegionsTests
{
    private const string Us = "+14155552671";
    private const string Brazil = "+5511987654321"; // Brazil: the "eu" region serves it in these tests
    private const string OtherAccessKeyId = "AKIDOTHEREXAMPLE";
    private const string PhoneNumberId = "phone-number-id-0123456789abcdef0123456789abcdef";

    private static Action<AwsSmsOptions> Sms(string region, string accessKeyId) => o =>
    {
        o.Region = region;
        o.AccessKeyId = accessKeyId;
        o.SecretAccessKey = TestAws.SecretAccessKey;
    };

    private static Action<AwsWhatsAppOptions> WhatsApp(string region, string accessKeyId) => o =>
    {
        o.Region = region;
        o.AccessKeyId = accessKeyId;
        o.SecretAccessKey = TestAws.SecretAccessKey;
        o.OriginationPhoneNumberId = PhoneNumberId;
    };

    private static ServiceProvider Build(Action<IMessagingBuilder> register, params (string Client, StubHttpHandler Handler)[] stubs)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        register(services.AddNutritionistMessaging(o =>
        {
            o.Retry.MaxAttempts = 1;
            o.EnforceWhatsAppSessionWindow = false;
        }));
        foreach (var (client, handler) in stubs)
        {
            services.AddHttpClient(client).ConfigurePrimaryHttpMessageHandler(() => handler);
        }

        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    [Test]
    public async Task Two_sms_regions_send_to_their_own_endpoints_with_their_own_credentials()
    {
        using var env = new EnvironmentScope().ClearAws();
        var us = new StubHttpHandler(_ => TestAws.Json("""{"MessageId":"us-1"}"""));
        var eu = new StubHttpHandler(_ => TestAws.Json("""{"MessageId":"eu-1"}"""));
        using var services = Build(
            b => b
                .AddAwsSms("aws-us", Sms("us-east-1", TestAws.AccessKeyId))
                .AddAwsSms("aws-eu", Sms("eu-west-1", OtherAccessKeyId))
                .ConfigureRouting(o =>
                {
                    o.Sms.Rules.Add(new ProviderRoutingRule { Countries = ["BR"], Provider = "aws-eu" });
                    o.Sms.Default = "aws-us";
                }),
            (SmsVoiceClient.HttpClientNameFor("aws-us"), us),
            (SmsVoiceClient.HttpClientNameFor("aws-eu"), eu));
        var messaging = services.GetRequiredService<IMessagingClient>();

        var brazil = await messaging.SendAsync(new OutboundMessage(Brazil, "Hello") { Platform = MessagingPlatform.Sms });
        var america = await messaging.SendAsync(new OutboundMessage(Us, "Hello") { Platform = MessagingPlatform.Sms });

        Assert.Multiple(() =>
        {
            Assert.That((brazil.ProviderName, brazil.MessageId), Is.EqualTo(("aws-eu", "eu-1")));
            Assert.That((america.ProviderName, america.MessageId), Is.EqualTo(("aws-us", "us-1")));
            Assert.That(eu.Requests.Single().Message.RequestUri, Is.EqualTo(new Uri("https://sms-voice.eu-west-1.amazonaws.com/")));
            Assert.That(us.Requests.Single().Message.RequestUri, Is.EqualTo(new Uri("https://sms-voice.us-east-1.amazonaws.com/")));
            Assert.That(eu.Requests.Single().Header("Authorization"), Does.Contain($"Credential={OtherAccessKeyId}/").And.Contain("/eu-west-1/sms-voice/aws4_request"));
            Assert.That(us.Requests.Single().Header("Authorization"), Does.Contain($"Credential={TestAws.AccessKeyId}/").And.Contain("/us-east-1/sms-voice/aws4_request"));
        });
    }

    [Test]
    public async Task Two_whatsapp_regions_send_to_their_own_endpoints()
    {
        using var env = new EnvironmentScope().ClearAws();
        var us = new StubHttpHandler(_ => TestAws.Json("""{"messageId":"us-1"}"""));
        var eu = new StubHttpHandler(_ => TestAws.Json("""{"messageId":"eu-1"}"""));
        using var services = Build(
            b => b
                .AddAwsWhatsApp("aws-us", WhatsApp("us-east-1", TestAws.AccessKeyId))
                .AddAwsWhatsApp("aws-eu", WhatsApp("eu-west-1", OtherAccessKeyId))
                .ConfigureRouting(o =>
                {
                    o.WhatsApp.Rules.Add(new ProviderRoutingRule { Countries = ["BR"], Provider = "aws-eu" });
                    o.WhatsApp.Default = "aws-us";
                }),
            (SocialMessagingClient.HttpClientNameFor("aws-us"), us),
            (SocialMessagingClient.HttpClientNameFor("aws-eu"), eu));
        var messaging = services.GetRequiredService<IMessagingClient>();

        var brazil = await messaging.SendAsync(new OutboundMessage(Brazil, "Hello") { Platform = MessagingPlatform.WhatsApp });
        var america = await messaging.SendAsync(new OutboundMessage(Us, "Hello") { Platform = MessagingPlatform.WhatsApp });

        Assert.Multiple(() =>
        {
            Assert.That(brazil.ProviderName, Is.EqualTo("aws-eu"), brazil.Error?.Message);
            Assert.That(america.ProviderName, Is.EqualTo("aws-us"), america.Error?.Message);
            Assert.That(eu.Requests.Single().Message.RequestUri, Is.EqualTo(new Uri("https://social-messaging.eu-west-1.amazonaws.com/v1/whatsapp/send")));
            Assert.That(us.Requests.Single().Message.RequestUri, Is.EqualTo(new Uri("https://social-messaging.us-east-1.amazonaws.com/v1/whatsapp/send")));
            Assert.That(eu.Requests.Single().Header("Authorization"), Does.Contain($"Credential={OtherAccessKeyId}/").And.Contain("/eu-west-1/social-messaging/aws4_request"));
        });
    }

    [Test]
    public void A_named_region_reads_providers_section_and_phone_pool_id_feeds_only_the_unnamed_one()
    {
        using var env = new EnvironmentScope().ClearAws().Set("PHONE_POOL_ID", "pool-from-environment");
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["NutritionistMessaging:Aws:Region"] = "us-east-1",
            ["NutritionistMessaging:Providers:aws-eu:Region"] = "eu-west-1",
            ["NutritionistMessaging:Providers:aws-eu:OriginationIdentities:0"] = "pool-eu",
            ["NutritionistMessaging:Routing:Sms:Default"] = "aws-eu",
        }).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddNutritionistMessaging(configuration).AddAwsSms().AddAwsSms("aws-eu").AddAwsSms("aws-eu");
        using var provider = services.BuildServiceProvider();
        var monitor = provider.GetRequiredService<IOptionsMonitor<AwsSmsOptions>>();

        Assert.Multiple(() =>
        {
            Assert.That(monitor.Get(Options.DefaultName).OriginationIdentities, Is.EqualTo(new[] { "pool-from-environment" }));
            Assert.That(monitor.Get("aws-eu").Region, Is.EqualTo("eu-west-1"));
            Assert.That(monitor.Get("aws-eu").OriginationIdentities, Is.EqualTo(new[] { "pool-eu" }), "bound once although registered twice, and no environment pool");
            Assert.That(provider.GetRequiredService<IOptions<MessagingRoutingOptions>>().Value.Sms.Default, Is.EqualTo("aws-eu"));
        });
    }
}
