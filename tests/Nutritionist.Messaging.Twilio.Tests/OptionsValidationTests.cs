using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Nutritionist.Messaging.Testing.Shared;
using Nutritionist.Messaging.Twilio.Internal;

namespace Nutritionist.Messaging.Twilio.Tests;

public class OptionsValidationTests
{
    private static OptionsValidationException StartExpectingFailure(Action<TwilioWhatsAppOptions> configure, Dictionary<string, string>? environment = null)
    {
        var stub = new StubHttpHandler(_ => TestTwilio.Created());
        using var services = TestTwilio.Services(stub, configure, s => s.Replace(ServiceDescriptor.Singleton<TwilioEnvironment>(new TestTwilio.FakeEnvironment(environment))));

        // What the host does at start-up for AddOptionsWithValidateOnStart.
        var e = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IStartupValidator>().Validate());
        Assert.That(stub.Requests, Is.Empty);
        return e!;
    }

    [Test]
    public void Valid_options_start()
    {
        using var services = TestTwilio.Services(new StubHttpHandler());
        Assert.DoesNotThrow(() => services.GetRequiredService<IStartupValidator>().Validate());
    }

    [Test]
    public void Missing_AccountSid_names_the_key_and_the_environment_variable()
    {
        var e = StartExpectingFailure(o =>
        {
            o.AuthToken = TestTwilio.AuthToken;
            o.From = TestTwilio.From;
        });

        Assert.That(e.Message, Does.Contain("NutritionistMessaging:Twilio:AccountSid").And.Contain("TWILIO_ACCOUNT_SID"));
    }

    [Test]
    public void Malformed_AccountSid_is_refused()
    {
        var e = StartExpectingFailure(o =>
        {
            TestTwilio.Valid(o);
            o.AccountSid = "AC123";
        });

        Assert.That(e.Message, Does.Contain("NutritionistMessaging:Twilio:AccountSid").And.Contain("AC followed by 32 hexadecimal"));
    }

    [Test]
    public void No_credential_names_AuthToken_its_variable_and_the_API_key_pair()
    {
        var e = StartExpectingFailure(o =>
        {
            o.AccountSid = TestTwilio.AccountSid;
            o.From = TestTwilio.From;
        });

        Assert.That(e.Message, Does.Contain("NutritionistMessaging:Twilio:AuthToken").And.Contain("TWILIO_AUTH_TOKEN")
            .And.Contain("NutritionistMessaging:Twilio:ApiKeySid").And.Contain("NutritionistMessaging:Twilio:ApiKeySecret"));
    }

    [Test]
    public void Half_an_API_key_is_refused_without_echoing_the_secret()
    {
        var e = StartExpectingFailure(o =>
        {
            o.AccountSid = TestTwilio.AccountSid;
            o.ApiKeySecret = TestTwilio.ApiKeySecret;
            o.From = TestTwilio.From;
        });

        Assert.That(e.Message, Does.Contain("NutritionistMessaging:Twilio:ApiKeySid"));
        Assert.That(e.Message, Does.Not.Contain(TestTwilio.ApiKeySecret));
    }

    [Test]
    public void No_sender_names_From_its_variable_and_MessagingServiceSid()
    {
        var e = StartExpectingFailure(o =>
        {
            o.AccountSid = TestTwilio.AccountSid;
            o.AuthToken = TestTwilio.AuthToken;
        });

        Assert.That(e.Message, Does.Contain("NutritionistMessaging:Twilio:From").And.Contain("TWILIO_WHATSAPP_NUMBER").And.Contain("NutritionistMessaging:Twilio:MessagingServiceSid"));
    }

    [TestCase("+14155238886")]
    [TestCase("whatsapp:14155238886")]
    [TestCase("sms:+14155238886")]
    [TestCase("whatsapp:+1 415 523 8886")]
    public void From_that_is_not_whatsapp_E164_is_refused(string from)
    {
        var e = StartExpectingFailure(o =>
        {
            TestTwilio.Valid(o);
            o.From = from;
        });

        Assert.That(e.Message, Does.Contain("NutritionistMessaging:Twilio:From").And.Contain("whatsapp:"));
    }

    [Test]
    public void Malformed_MessagingServiceSid_is_refused()
    {
        var e = StartExpectingFailure(o =>
        {
            TestTwilio.Valid(o);
            o.MessagingServiceSid = "MGnothex";
        });

        Assert.That(e.Message, Does.Contain("NutritionistMessaging:Twilio:MessagingServiceSid"));
    }

    [Test]
    public void Relative_or_non_http_urls_are_refused()
    {
        var e = StartExpectingFailure(o =>
        {
            TestTwilio.Valid(o);
            o.ApiBaseUrl = new Uri("ftp://example.com");
            o.StatusCallbackUrl = new Uri("/status", UriKind.Relative);
        });

        Assert.That(e.Message, Does.Contain("NutritionistMessaging:Twilio:ApiBaseUrl").And.Contain("NutritionistMessaging:Twilio:StatusCallbackUrl"));
    }

    [Test]
    public void Environment_variables_fill_unset_values_and_a_bare_number_gets_the_whatsapp_prefix()
    {
        var stub = new StubHttpHandler(_ => TestTwilio.Created());
        using var services = TestTwilio.Services(stub, _ => { }, s => s.Replace(ServiceDescriptor.Singleton<TwilioEnvironment>(new TestTwilio.FakeEnvironment(new()
        {
            ["TWILIO_ACCOUNT_SID"] = TestTwilio.AccountSid,
            ["TWILIO_AUTH_TOKEN"] = TestTwilio.AuthToken,
            ["TWILIO_WHATSAPP_NUMBER"] = "+14155238886",
        }))));

        var options = services.GetRequiredService<IOptions<TwilioWhatsAppOptions>>().Value;

        Assert.That(options.AccountSid, Is.EqualTo(TestTwilio.AccountSid));
        Assert.That(options.AuthToken, Is.EqualTo(TestTwilio.AuthToken));
        Assert.That(options.From, Is.EqualTo("whatsapp:+14155238886"));
    }

    [Test]
    public void Configured_values_win_over_environment_variables()
    {
        var stub = new StubHttpHandler();
        using var services = TestTwilio.Services(stub, TestTwilio.Valid, s => s.Replace(ServiceDescriptor.Singleton<TwilioEnvironment>(new TestTwilio.FakeEnvironment(new()
        {
            ["TWILIO_ACCOUNT_SID"] = TestTwilio.OtherAccountSid,
            ["TWILIO_WHATSAPP_NUMBER"] = "+15550001111",
        }))));

        var options = services.GetRequiredService<IOptions<TwilioWhatsAppOptions>>().Value;

        Assert.That(options.AccountSid, Is.EqualTo(TestTwilio.AccountSid));
        Assert.That(options.From, Is.EqualTo(TestTwilio.From));
    }

    [Test]
    public void Options_bind_from_the_NutritionistMessaging_Twilio_section()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["NutritionistMessaging:Twilio:AccountSid"] = TestTwilio.AccountSid,
            ["NutritionistMessaging:Twilio:AuthToken"] = TestTwilio.AuthToken,
            ["NutritionistMessaging:Twilio:From"] = TestTwilio.From,
            ["NutritionistMessaging:Twilio:StatusCallbackUrl"] = "https://hooks.example.com/status",
            ["NutritionistMessaging:Twilio:ApiBaseUrl"] = "http://127.0.0.1:4010",
        }).Build();
        var services = new ServiceCollection();
        services.AddNutritionistMessaging(configuration).AddTwilioWhatsApp(o => o.MessagingServiceSid = TestTwilio.MessagingServiceSid);
        services.Replace(ServiceDescriptor.Singleton<TwilioEnvironment>(new TestTwilio.FakeEnvironment()));
        using var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<TwilioWhatsAppOptions>>().Value;

        Assert.That(options.AccountSid, Is.EqualTo(TestTwilio.AccountSid));
        Assert.That(options.From, Is.EqualTo(TestTwilio.From));
        Assert.That(options.StatusCallbackUrl, Is.EqualTo(new Uri("https://hooks.example.com/status")));
        Assert.That(options.ApiBaseUrl, Is.EqualTo(new Uri("http://127.0.0.1:4010")));
        Assert.That(options.MessagingServiceSid, Is.EqualTo(TestTwilio.MessagingServiceSid), "code runs after the section");
    }

    [Test]
    public void Registration_replaces_an_earlier_WhatsApp_provider()
    {
        var services = new ServiceCollection();
        services.AddNutritionistMessaging().AddWhatsAppProvider(_ => new NullProvider()).AddTwilioWhatsApp(TestTwilio.Valid);
        using var provider = services.BuildServiceProvider();

        var providers = provider.GetServices<IWhatsAppProvider>().ToList();
        Assert.That(providers, Has.Count.EqualTo(1));
        Assert.That(providers[0].Name, Is.EqualTo("twilio-whatsapp"));
    }

    [Test]
    public async Task Registering_twice_combines_the_settings_and_builds_one_pipeline()
    {
        var stub = new StubHttpHandler(_ => TestTwilio.Created());
        await using var services = TestTwilio.Services(stub, TestTwilio.Valid, s =>
            new ServiceCollectionBuilder(s).Builder.AddTwilioWhatsApp(o => o.ApiBaseUrl = new Uri("http://127.0.0.1:4010")));

        await services.GetRequiredService<IWhatsAppProvider>().SendAsync(new WhatsAppMessage(TestTwilio.Recipient, "hi"));

        var request = stub.Requests.Single();
        Assert.That(request.Message.RequestUri!.Authority, Is.EqualTo("127.0.0.1:4010"));
        Assert.That(request.Message.Headers.GetValues("X-Forwarded-Host"), Is.EqualTo(new[] { "api.twilio.com" }));
        Assert.That(TestTwilio.Form(request).Single(p => p.Key == "From").Value, Is.EqualTo(TestTwilio.From));
    }

    private sealed class ServiceCollectionBuilder(IServiceCollection services)
    {
        public IMessagingBuilder Builder { get; } = services.AddNutritionistMessaging();
    }

    private sealed class NullProvider : IWhatsAppProvider
    {
        public string Name => "null";

        public Task<ProviderReceipt> SendAsync(WhatsAppMessage message, CancellationToken cancellationToken = default) => throw new NotSupportedException();
    }
}
