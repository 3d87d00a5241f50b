using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Nutritionist.Messaging.Aws.Internal;

namespace Nutritionist.Messaging.Aws.Tests;

/// <summary>Binding, environment fallbacks and start-up validation of <see cref="AwsSmsOptions"/>.</summary>
[NonParallelizable]
public sealed class OptionsTests
{
    public static IEnumerable<TestCaseData> BadOptions()
    {
        TestCaseData Case(string name, Action<AwsSmsOptions> configure, string expected) => new TestCaseData(configure, expected).SetName(name);

        yield return Case("MaxPrice pattern", o => o.MaxPrice = "1.234567", "NutritionistMessaging:Aws:MaxPrice must match [0-9]{0,2}\\.[0-9]{1,5} (US dollars per message part, such as \"0.05\"); got \"1.234567\".");
        yield return Case("MaxPrice without a dot", o => o.MaxPrice = "5", "NutritionistMessaging:Aws:MaxPrice must match");
        yield return Case("TimeToLive too short", o => o.TimeToLive = TimeSpan.FromSeconds(4), "NutritionistMessaging:Aws:TimeToLive must be a whole number of seconds from 5 to 259200 (72 hours); got \"00:00:04\".");
        yield return Case("TimeToLive too long", o => o.TimeToLive = TimeSpan.FromHours(73), "got \"3.01:00:00\"");
        yield return Case("MessageType", o => o.MessageType = "MARKETING", "NutritionistMessaging:Aws:MessageType must be TRANSACTIONAL or PROMOTIONAL; got \"MARKETING\".");
        yield return Case("SecretAccessKey missing", o => o.AccessKeyId = "AKIDEXAMPLE", "NutritionistMessaging:Aws:SecretAccessKey is required when NutritionistMessaging:Aws:AccessKeyId is set");
        yield return Case("AccessKeyId missing", o => o.SecretAccessKey = "secret", "NutritionistMessaging:Aws:AccessKeyId is required when NutritionistMessaging:Aws:SecretAccessKey is set.");
        yield return Case("Region", o => o.Region = "US East", "NutritionistMessaging:Aws:Region must be an AWS region name such as \"us-east-1\"; got \"US East\".");
        yield return Case("FIPS with ServiceUrl", o => { o.ServiceUrl = new Uri("https://example.com"); o.UseFips = true; }, "FIPS and custom endpoint are not supported");
        yield return Case("DualStack with ServiceUrl", o => { o.ServiceUrl = new Uri("https://example.com"); o.UseDualStack = true; }, "Dualstack and custom endpoint are not supported");
        yield return Case("ServiceUrl scheme", o => o.ServiceUrl = new Uri("ftp://example.com"), "NutritionistMessaging:Aws:ServiceUrl must be an absolute http or https URL; got \"ftp://example.com/\".");
        yield return Case("Origination identity", o => o.OriginationIdentities = ["pool id with spaces"], "NutritionistMessaging:Aws:OriginationIdentities:0 must be a pool id or ARN");
        yield return Case("Country key", o => o.OriginationIdentitiesByCountry["United Kingdom"] = "Sender", "NutritionistMessaging:Aws:OriginationIdentitiesByCountry keys must be ISO 3166-1 alpha-2 region codes such as \"GB\"; got \"United Kingdom\".");
        yield return Case("Configuration set", o => o.ConfigurationSetName = "bad name!", "NutritionistMessaging:Aws:ConfigurationSetName must be 1–256 characters");
        yield return Case("Negative cool-down", o => o.FailoverCooldown = TimeSpan.FromSeconds(-1), "NutritionistMessaging:Aws:FailoverCooldown must not be negative");
        yield return Case("Profile and keys", o => { o.ProfileName = "p"; o.AccessKeyId = "AKID"; o.SecretAccessKey = "s"; }, "NutritionistMessaging:Aws:ProfileName (\"p\") cannot be combined with NutritionistMessaging:Aws:AccessKeyId");
    }

    [TestCaseSource(nameof(BadOptions))]
    public void Invalid_options_fail_with_the_key_and_the_value(Action<AwsSmsOptions> configure, string expected)
    {
        using var env = new EnvironmentScope().ClearAws();
        using var services = Build(configure);

        var e = Assert.Throws<OptionsValidationException>(() => _ = services.GetRequiredService<IOptions<AwsSmsOptions>>().Value);
        Assert.That(e!.Message, Does.Contain(expected));
    }

    [Test]
    public void Validation_messages_never_contain_the_secret()
    {
        var result = new AwsSmsOptionsValidator().Validate(null, new AwsSmsOptions { SecretAccessKey = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", SessionToken = "tok-secret" });
        Assert.That(result.Failed, Is.True);
        Assert.That(result.FailureMessage, Does.Not.Contain("wJalrXUtnFEMI").And.Not.Contain("tok-secret"));
    }

    [Test]
    public void Valid_options_pass()
    {
        var result = new AwsSmsOptionsValidator().Validate(null, new AwsSmsOptions
        {
            Region = "us-east-1",
            AccessKeyId = "AKIDEXAMPLE",
            SecretAccessKey = "secret",
            OriginationIdentities = ["pool-0123", "+12065550100", "arn:aws:sms-voice:us-east-1:111122223333:pool/pool-0123", "NutriCoach"],
            OriginationIdentitiesByCountry = new() { ["GB"] = "NutriCoach" },
            ConfigurationSetName = "nutrition-events",
            MessageType = "PROMOTIONAL",
            MaxPrice = ".05",
            TimeToLive = TimeSpan.FromHours(72),
        });
        Assert.That(result.Succeeded, Is.True, result.FailureMessage);
    }

    [Test]
    public void Configuration_section_binds_then_the_delegate_applies()
    {
        using var env = new EnvironmentScope().ClearAws();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["NutritionistMessaging:Aws:Region"] = "eu-west-1",
            ["NutritionistMessaging:Aws:OriginationIdentities:0"] = "pool-first",
            ["NutritionistMessaging:Aws:OriginationIdentities:1"] = "+447700900100",
            ["NutritionistMessaging:Aws:OriginationIdentitiesByCountry:GB"] = "NutriCoach",
            ["NutritionistMessaging:Aws:MessageType"] = "PROMOTIONAL",
            ["NutritionistMessaging:Aws:MaxPrice"] = "0.05",
            ["NutritionistMessaging:Aws:TimeToLive"] = "00:10:00",
            ["NutritionistMessaging:Aws:DryRun"] = "true",
            ["NutritionistMessaging:Aws:FailoverCooldown"] = "00:01:00",
            ["NutritionistMessaging:Aws:ServiceUrl"] = "https://vpce-0123.sms-voice.us-east-1.vpce.amazonaws.com",
            ["NutritionistMessaging:Aws:UseDualStack"] = "false",
        }).Build();
        var services = new ServiceCollection();
        services.AddNutritionistMessaging(configuration).AddAwsSms(o => o.ConfigurationSetName = "from-code");
        using var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<AwsSmsOptions>>().Value;
        Assert.Multiple(() =>
        {
            Assert.That(options.Region, Is.EqualTo("eu-west-1"));
            Assert.That(options.OriginationIdentities, Is.EqualTo(new[] { "pool-first", "+447700900100" }));
            Assert.That(options.OriginationIdentitiesByCountry["gb"], Is.EqualTo("NutriCoach"), "country keys are case-insensitive");
            Assert.That(options.MessageType, Is.EqualTo("PROMOTIONAL"));
            Assert.That(options.MaxPrice, Is.EqualTo("0.05"));
            Assert.That(options.TimeToLive, Is.EqualTo(TimeSpan.FromMinutes(10)));
            Assert.That(options.DryRun, Is.True);
            Assert.That(options.ServiceUrl, Is.EqualTo(new Uri("https://vpce-0123.sms-voice.us-east-1.vpce.amazonaws.com")));
            Assert.That(options.UseDualStack, Is.False);
            Assert.That(options.FailoverCooldown, Is.EqualTo(TimeSpan.FromMinutes(1)));
            Assert.That(options.ConfigurationSetName, Is.EqualTo("from-code"));
        });
    }

    [Test]
    public void Seed_environment_variables_fill_unset_settings()
    {
        using var env = new EnvironmentScope().ClearAws().Set("PHONE_POOL_ID", "pool-from-env").Set("SMS_CONFIG_SET", "config-from-env");

        using var unset = Build(_ => { });
        var fromEnv = unset.GetRequiredService<IOptions<AwsSmsOptions>>().Value;
        Assert.That(fromEnv.OriginationIdentities, Is.EqualTo(new[] { "pool-from-env" }));
        Assert.That(fromEnv.ConfigurationSetName, Is.EqualTo("config-from-env"));

        using var set = Build(o => { o.OriginationIdentities = ["pool-from-code"]; o.ConfigurationSetName = "config-from-code"; });
        var fromCode = set.GetRequiredService<IOptions<AwsSmsOptions>>().Value;
        Assert.That(fromCode.OriginationIdentities, Is.EqualTo(new[] { "pool-from-code" }));
        Assert.That(fromCode.ConfigurationSetName, Is.EqualTo("config-from-code"));
    }

    [Test]
    public void Defaults_are_documented_values()
    {
        var options = new AwsSmsOptions();
        Assert.Multiple(() =>
        {
            Assert.That(options.MessageType, Is.EqualTo("TRANSACTIONAL"));
            Assert.That(options.FailoverCooldown, Is.EqualTo(TimeSpan.FromMinutes(5)));
            Assert.That(options.OriginationIdentities, Is.Empty);
            Assert.That(options.DryRun, Is.False);
            Assert.That(options.TimeToLive, Is.Null);
        });
    }

    private static ServiceProvider Build(Action<AwsSmsOptions> configure)
    {
        var services = new ServiceCollection();
        services.AddNutritionistMessaging().AddAwsSms(configure);
        return services.BuildServiceProvider();
    }
}
