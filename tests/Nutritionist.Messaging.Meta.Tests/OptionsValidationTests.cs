using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Nutritionist.Messaging.Meta.Internal;

namespace Nutritionist.Messaging.Meta.Tests;

/// <summary>Bad or missing settings fail at start-up with a message naming the key and the environment variable.</summary>
public class OptionsValidationTests
{
    private static ServiceProvider Build(Action<MetaWhatsAppOptions> configure, Dictionary<string, string>? environment = null)
    {
        var services = new ServiceCollection();
        services.AddNutritionistMessaging().AddMetaWhatsApp(configure);
        services.Replace(ServiceDescriptor.Singleton<MetaEnvironment>(new TestMeta.FakeEnvironment(environment)));
        return services.BuildServiceProvider();
    }

    private static string StartExpectingFailure(Action<MetaWhatsAppOptions> configure)
    {
        using var services = Build(configure);
        var e = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IStartupValidator>().Validate())!;
        return string.Join("\n", e.Failures);
    }

    [Test]
    public void A_missing_token_and_phone_number_id_name_their_keys_and_variables()
    {
        var failures = StartExpectingFailure(_ => { });

        Assert.Multiple(() =>
        {
            Assert.That(failures, Does.Contain("NutritionistMessaging:Meta:AccessToken").And.Contain("META_WHATSAPP_TOKEN"));
            Assert.That(failures, Does.Contain("NutritionistMessaging:Meta:PhoneNumberId").And.Contain("META_WHATSAPP_PHONE_NUMBER_ID"));
        });
    }

    [Test]
    public void Malformed_values_are_named_and_secrets_are_not_echoed()
    {
        var failures = StartExpectingFailure(o =>
        {
            o.AccessToken = "secret token with spaces";
            o.PhoneNumberId = "+14155238886";
            o.ApiVersion = "23";
            o.BaseUrl = new Uri("/relative", UriKind.Relative);
            o.WabaId = "waba";
            o.RequestTimeout = TimeSpan.Zero;
        });

        Assert.Multiple(() =>
        {
            Assert.That(failures, Does.Contain("PhoneNumberId").And.Contain("digits only"));
            Assert.That(failures, Does.Contain("ApiVersion is '23'"));
            Assert.That(failures, Does.Contain("BaseUrl"));
            Assert.That(failures, Does.Contain("WabaId"));
            Assert.That(failures, Does.Contain("RequestTimeout"));
            Assert.That(failures, Does.Contain("AccessToken").And.Not.Contain("secret token with spaces"));
        });
    }

    [Test]
    public void Environment_variables_fill_what_configuration_leaves_unset()
    {
        using var services = Build(_ => { }, new Dictionary<string, string>
        {
            ["META_WHATSAPP_TOKEN"] = "env-token",
            ["META_WHATSAPP_PHONE_NUMBER_ID"] = "123456",
            ["META_APP_SECRET"] = "env-secret",
            ["META_WEBHOOK_VERIFY_TOKEN"] = "env-verify",
        });
        services.GetRequiredService<IStartupValidator>().Validate();
        var options = services.GetRequiredService<IOptions<MetaWhatsAppOptions>>().Value;

        Assert.Multiple(() =>
        {
            Assert.That(options.AccessToken, Is.EqualTo("env-token"));
            Assert.That(options.PhoneNumberId, Is.EqualTo("123456"));
            Assert.That(options.AppSecret, Is.EqualTo("env-secret"));
            Assert.That(options.VerifyToken, Is.EqualTo("env-verify"));
            Assert.That(options.ApiVersion, Is.EqualTo("v23.0"));
            Assert.That(options.BaseUrl, Is.EqualTo(new Uri("https://graph.facebook.com")));
            Assert.That(services.GetRequiredService<IWhatsAppProvider>().Name, Is.EqualTo("meta"));
        });
    }
}
