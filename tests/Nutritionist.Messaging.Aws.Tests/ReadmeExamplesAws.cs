using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Nutritionist.Messaging.Aws.Inbound;
using Nutritionist.Messaging.Aws.Lambda;
using Nutritionist.Messaging.Inbound;
using Nutritionist.Messaging.OptOut;

namespace Nutritionist.Messaging.Aws.Tests;

// The README's AWS examples, compiled here (README blocks must appear verbatim in a ReadmeExamples*.cs file).
[NonParallelizable]
public class ReadmeExamplesAws
{
    [Test]
    public void Aws_sms_configuration()
    {
        using var env = new EnvironmentScope().ClearAws();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddNutritionistMessaging(o => o.DefaultRegion = "US")
            .AddAwsSms(o =>
            {
                o.Region = "us-east-1";
                o.OriginationIdentities = ["pool-0123456789abcdef0123456789abcdef", "+18445550100"]; // tried in order
                o.OriginationIdentitiesByCountry["GB"] = "NutriCoach";                                 // sender ID for the UK
                o.ConfigurationSetName = "meal-plans";
                o.MaxPrice = "0.05";
                o.TimeToLive = TimeSpan.FromHours(1);
            })
            .UseAwsOptOutList();
        using var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<AwsSmsOptions>>().Value;
        Assert.That(options.OriginationIdentities, Has.Count.EqualTo(2));
        Assert.That(provider.GetRequiredService<ISmsProvider>().Name, Is.EqualTo("aws-sms"));
        Assert.That(provider.GetRequiredService<IOptOutStore>(), Is.Not.InstanceOf<InMemoryOptOutStore>());
    }

    [Test]
    public void Aws_whatsapp_configuration()
    {
        using var env = new EnvironmentScope().ClearAws();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddNutritionistMessaging(o => o.DefaultRegion = "US")
            .AddAwsWhatsApp(o =>
            {
                o.Region = "us-east-1";
                o.OriginationPhoneNumberId = "phone-number-id-0123456789abcdef0123456789abcdef"; // get-linked-whatsapp-business-account
            });
        using var provider = services.BuildServiceProvider();

        Assert.That(provider.GetRequiredService<IWhatsAppProvider>().Name, Is.EqualTo("aws-whatsapp"));
        Assert.That(provider.GetRequiredService<IOptions<AwsWhatsAppOptions>>().Value.MetaApiVersion, Is.EqualTo("v23.0"));
    }

    [Test]
    public void Aws_whatsapp_by_configuration()
    {
        using var env = new EnvironmentScope().ClearAws();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["NutritionistMessaging:WhatsAppProvider"] = "aws",
            ["NutritionistMessaging:AwsWhatsApp:Region"] = "eu-west-1",
            ["NutritionistMessaging:AwsWhatsApp:OriginationPhoneNumberId"] = "phone-number-id-0123456789abcdef0123456789abcdef",
        }).Build();
        var services = new ServiceCollection();
        services.AddLogging();

        var messagingBuilder = services.AddNutritionistMessaging(configuration);
        if (string.Equals(configuration["NutritionistMessaging:WhatsAppProvider"], "aws", StringComparison.OrdinalIgnoreCase))
        {
            messagingBuilder.AddAwsWhatsApp(); // NutritionistMessaging:AwsWhatsApp:Region, OriginationPhoneNumberId
        }

        using var provider = services.BuildServiceProvider();
        Assert.That(provider.GetRequiredService<IWhatsAppProvider>().Name, Is.EqualTo("aws-whatsapp"));
        Assert.That(provider.GetRequiredService<IOptions<AwsWhatsAppOptions>>().Value.Region, Is.EqualTo("eu-west-1"));
    }

    [Test]
    public void Sqs_inbound_configuration()
    {
        using var env = new EnvironmentScope().ClearAws();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddNutritionistMessaging(o => o.DefaultRegion = "US")
            .AddAwsSms()
            .AddAwsSmsInbound(o => o.MaxConcurrency = 10) // how messages are processed (also the Lambda entry points')
            .AddAwsSmsInboundPump(o => o.QueueUrls.Add("https://sqs.us-east-1.amazonaws.com/123456789012/sms-inbound"))
            .AddInboundMessageHandler<MealPlanReplyHandler>();
        using var provider = services.BuildServiceProvider();

        Assert.That(provider.GetRequiredService<IOptions<SqsPumpOptions>>().Value.QueueUrls, Has.Count.EqualTo(1));
    }

    [Test]
    public void Lambda_entry_points()
    {
        using var env = new EnvironmentScope().ClearAws();
        var configuration = new ConfigurationBuilder().Build();
        var services = new ServiceCollection();
        services.AddNutritionistMessaging(configuration)
            .AddAwsSms()
            .AddAwsSmsInbound() // Lambda receives: no queue URL, no long-polling pump
            .AddInboundMessageHandler<MealPlanReplyHandler>();
        var provider = services.BuildServiceProvider(); // once per Lambda instance, outside the handler
        var sqs = provider.GetRequiredService<SqsEventProcessor>();
        var sns = provider.GetRequiredService<SnsEventProcessor>();

        using (provider)
        {
            Assert.That(sqs, Is.Not.Null);
            Assert.That(sns, Is.Not.Null);
        }
    }

    [Test]
    public async Task Aws_whatsapp_media_from_s3()
    {
        using var env = new EnvironmentScope().ClearAws();
        var handler = new Nutritionist.Messaging.Testing.Shared.StubHttpHandler(r => new System.Net.Http.HttpResponseMessage(System.Net.HttpStatusCode.OK)
        {
            Content = new System.Net.Http.StringContent(r.Message.RequestUri!.AbsolutePath.EndsWith("/media", StringComparison.Ordinal) ? """{"mediaId":"1203951784372851"}""" : """{"messageId":"m-1"}"""),
        });
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddNutritionistMessaging(o =>
        {
            o.DefaultRegion = "US";
            o.EnforceWhatsAppSessionWindow = false;
        })
            .AddAwsWhatsApp(o =>
            {
                o.Region = "us-east-1";
                o.OriginationPhoneNumberId = "phone-number-id-0123456789abcdef0123456789abcdef";
                o.AccessKeyId = TestAws.AccessKeyId;
                o.SecretAccessKey = TestAws.SecretAccessKey;
            });
        services.AddHttpClient(Nutritionist.Messaging.Aws.Wire.SocialMessagingClient.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => handler);
        using var provider = services.BuildServiceProvider();

        var mediaId = await provider.GetRequiredService<AwsWhatsAppMedia>().UploadFromS3Async("nutritionist-media", "plates/2026-11-25.jpg");
        var sent = await provider.GetRequiredService<IMessagingClient>().SendAsync(new OutboundMessage("+14155552671", "Today's plate")
        {
            Platform = MessagingPlatform.WhatsApp,
            MediaId = mediaId,
            MediaKind = WhatsAppMediaKind.Image,
        });

        Assert.That(sent.Status, Is.EqualTo(SendStatus.Accepted), sent.ToString());
        Assert.That(handler.Requests.Select(r => r.Message.RequestUri!.AbsolutePath), Is.EqualTo(new[] { "/v1/whatsapp/media", "/v1/whatsapp/send" }));
    }

    [Test]
    public void Aws_whatsapp_inbound_configuration()
    {
        using var env = new EnvironmentScope().ClearAws();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddNutritionistMessaging(o => o.DefaultRegion = "US")
            .AddAwsWhatsApp(o =>
            {
                o.Region = "us-east-1";
                o.OriginationPhoneNumberId = "phone-number-id-0123456789abcdef0123456789abcdef";
            })
            .AddAwsSmsInboundPump(o => o.QueueUrls.Add("https://sqs.us-east-1.amazonaws.com/123456789012/whatsapp-events"))
            .AddInboundMessageHandler<MealPlanReplyHandler>();
        using var provider = services.BuildServiceProvider();

        Assert.That(provider.GetRequiredService<IOptions<SqsPumpOptions>>().Value.QueueUrls, Is.EqualTo(new[] { "https://sqs.us-east-1.amazonaws.com/123456789012/whatsapp-events" }));
        Assert.That(provider.GetRequiredService<IWhatsAppProvider>().Name, Is.EqualTo("aws-whatsapp"));
    }

    // Compiled, not run: it would call AWS Systems Manager.
    internal static IConfiguration ParameterStoreExample()
    {
        var configuration = new ConfigurationBuilder()
            .AddEnvironmentVariables()
            .AddNutritionistParameterStore("/ai-nutritionist/", optional: true)
            .Build();
        return configuration;
    }

    private sealed class MealPlanReplyHandler : IInboundMessageHandler
    {
        public Task HandleAsync(InboundMessage message, CancellationToken cancellationToken = default) => Task.CompletedTask;
    }
}
