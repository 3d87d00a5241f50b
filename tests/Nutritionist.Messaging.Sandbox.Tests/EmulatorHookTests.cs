using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Nutritionist.Messaging.Aws;
using Nutritionist.Messaging.Meta;
using Nutritionist.Messaging.Twilio;

namespace Nutritionist.Messaging.Sandbox.Tests;

/// <summary>
/// <c>UseSandbox()</c> through the typed <see cref="MessagingEmulator"/> hook: each provider fills its own unset options
/// and plugs the handler under its own clients, named registrations included, in either registration order.
/// </summary>
public class EmulatorHookTests
{
    private const string HostAccountSid = "AC11111111111111111111111111111111";

    [TestCase(true)]
    [TestCase(false)]
    public void Only_settings_the_host_left_unset_are_filled_named_registrations_included(bool sandboxFirst)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        var builder = services.AddNutritionistMessaging(o => o.DefaultRegion = "US");
        if (sandboxFirst)
        {
            builder.UseSandbox();
        }

        builder.AddTwilioWhatsApp(o => o.AccountSid = HostAccountSid)
            .AddMetaWhatsApp("meta-b")
            .AddAwsSms("aws-eu", o => o.Region = "eu-west-1")
            .AddAwsWhatsApp();
        if (!sandboxFirst)
        {
            builder.UseSandbox();
        }

        using var provider = services.BuildServiceProvider();
        var twilio = provider.GetRequiredService<IOptions<TwilioWhatsAppOptions>>().Value;
        var meta = provider.GetRequiredService<IOptionsMonitor<MetaWhatsAppOptions>>().Get("meta-b");
        var awsSms = provider.GetRequiredService<IOptionsMonitor<AwsSmsOptions>>().Get("aws-eu");
        var awsWhatsApp = provider.GetRequiredService<IOptions<AwsWhatsAppOptions>>().Value;
        Assert.Multiple(() =>
        {
            Assert.That(twilio.AccountSid, Is.EqualTo(HostAccountSid), "the host's own value wins");
            Assert.That(twilio.AuthToken, Is.EqualTo(SandboxOptions.DefaultTwilioAuthToken));
            Assert.That(twilio.From, Is.EqualTo(SandboxOptions.DefaultWhatsAppFrom));
            Assert.That(meta.AccessToken, Is.EqualTo(SandboxOptions.DefaultMetaAccessToken));
            Assert.That(meta.PhoneNumberId, Is.EqualTo(SandboxOptions.DefaultMetaPhoneNumberId));
            Assert.That(awsSms.Region, Is.EqualTo("eu-west-1"), "the host's own value wins");
            Assert.That(awsSms.AccessKeyId, Is.EqualTo(SandboxOptions.DefaultAwsAccessKeyId));
            Assert.That(awsSms.SecretAccessKey, Is.EqualTo(SandboxOptions.DefaultAwsSecretAccessKey));
            Assert.That(awsSms.OriginationIdentities, Is.EqualTo(new[] { SandboxState.PoolId }));
            Assert.That(awsWhatsApp.Region, Is.EqualTo(SandboxOptions.DefaultAwsRegion));
            Assert.That(awsWhatsApp.OriginationPhoneNumberId, Is.EqualTo(SandboxOptions.DefaultAwsWhatsAppPhoneNumberId));
        });
    }

    [Test]
    public async Task Without_ConfigureProviders_the_settings_stay_unset_but_every_provider_client_still_reaches_the_sandbox()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        static void Own(MetaWhatsAppOptions o) => (o.AccessToken, o.PhoneNumberId) = ("host-token", "100000000000001");
        services.AddNutritionistMessaging(o => o.DefaultRegion = "US")
            .AddMetaWhatsApp(Own)
            .AddMetaWhatsApp("meta-b", Own)
            .AddMetaWhatsApp("meta-unset")
            .UseSandbox(o => o.ConfigureProviders = false);
        await using var provider = services.BuildServiceProvider();

        Assert.That(
            () => provider.GetRequiredService<IOptionsMonitor<MetaWhatsAppOptions>>().Get("meta-unset"),
            Throws.TypeOf<OptionsValidationException>().With.Message.Contains("AccessToken is not set"));

        // A host that cannot resolve: only the sandbox's handler can answer it (its 404 names what it emulates).
        var factory = provider.GetRequiredService<IHttpClientFactory>();
        foreach (var name in new[] { "Nutritionist.Messaging.Meta", "Nutritionist.Messaging.Meta:meta-b" })
        {
            using var response = await factory.CreateClient(name).GetAsync(new Uri("https://sandbox.invalid/nothing"));
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound), name);
            Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("The sandbox emulates"), name);
        }
    }
}
