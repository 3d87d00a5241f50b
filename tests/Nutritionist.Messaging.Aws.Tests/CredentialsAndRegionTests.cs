using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Nutritionist.Messaging.Aws.Internal;

namespace Nutritionist.Messaging.Aws.Tests;

/// <summary>Credentials and region through AWSSDK.Core: options, environment variables, a temporary profile file, the default chain.</summary>
/// <remarks>
/// AWSSDK.Core remembers where the shared files are once it has read them, so every test points AWS_SHARED_CREDENTIALS_FILE and
/// AWS_CONFIG_FILE at the same temporary files (created once for the fixture) and selects what it needs by profile.
/// </remarks>
[NonParallelizable]
public sealed class CredentialsAndRegionTests
{
    private string _dir = null!;

    [OneTimeSetUp]
    public void CreateProfileFiles()
    {
        _dir = Directory.CreateTempSubdirectory("nutritionist-aws-").FullName;
        File.WriteAllText(Path.Combine(_dir, "credentials"), """
            [default]
            aws_access_key_id = AKIDDEFAULTPROFILE
            aws_secret_access_key = secret-default-profile

            [nutrition]
            aws_access_key_id = AKIDNUTRITION
            aws_secret_access_key = secret-nutrition
            aws_session_token = token-nutrition

            [noregion]
            aws_access_key_id = AKIDNOREGION
            aws_secret_access_key = secret-noregion
            """);
        File.WriteAllText(Path.Combine(_dir, "config"), """
            [default]
            region = eu-west-2

            [profile nutrition]
            region = ap-southeast-2
            """);
    }

    [OneTimeTearDown]
    public void DeleteProfileFiles() => Directory.Delete(_dir, recursive: true);

    [Test]
    public async Task Environment_variables_supply_credentials_and_region()
    {
        using var env = Scope()
            .Set("AWS_ACCESS_KEY_ID", "AKIDFROMENV")
            .Set("AWS_SECRET_ACCESS_KEY", "secret-from-env")
            .Set("AWS_SESSION_TOKEN", "token-from-env")
            .Set("AWS_REGION", "ca-central-1");
        Amazon.Runtime.FallbackRegionFactory.Reset();

        var context = await Connection(new AwsSmsOptions()).GetAsync(CancellationToken.None);

        Assert.That(context.Credentials, Is.EqualTo(new AwsCredentialsSnapshot("AKIDFROMENV", "secret-from-env", "token-from-env")));
        Assert.That(context.Region, Is.EqualTo("ca-central-1"));
        Assert.That(context.Endpoint, Is.EqualTo(new Uri("https://sms-voice.ca-central-1.amazonaws.com/")));
    }

    [Test]
    public async Task Credentials_are_asked_for_on_every_request()
    {
        using var env = Scope()
            .Set("AWS_ACCESS_KEY_ID", "AKIDFROMENV")
            .Set("AWS_SECRET_ACCESS_KEY", "secret-from-env")
            .Set("AWS_SESSION_TOKEN", "token-1")
            .Set("AWS_REGION", "us-east-1");
        var connection = Connection(new AwsSmsOptions());

        var first = await connection.GetAsync(CancellationToken.None);
        env.Set("AWS_SESSION_TOKEN", "token-2");
        var second = await connection.GetAsync(CancellationToken.None);

        Assert.That(first.Credentials.SessionToken, Is.EqualTo("token-1"));
        Assert.That(second.Credentials.SessionToken, Is.EqualTo("token-2"), "rotated credentials are picked up without a restart");
    }

    [Test]
    public async Task Named_profile_from_a_temporary_file_supplies_credentials_and_region()
    {
        using var env = Scope();

        var context = await Connection(new AwsSmsOptions { ProfileName = "nutrition" }).GetAsync(CancellationToken.None);

        Assert.That(context.Credentials, Is.EqualTo(new AwsCredentialsSnapshot("AKIDNUTRITION", "secret-nutrition", "token-nutrition")));
        Assert.That(context.Region, Is.EqualTo("ap-southeast-2"));
        Assert.That(context.Endpoint.Host, Is.EqualTo("sms-voice.ap-southeast-2.amazonaws.com"));
    }

    [Test]
    public async Task Default_chain_reads_the_default_profile_and_its_region()
    {
        using var env = Scope();
        Amazon.Runtime.FallbackRegionFactory.Reset();

        var context = await Connection(new AwsSmsOptions()).GetAsync(CancellationToken.None);

        Assert.That(context.Credentials.AccessKeyId, Is.EqualTo("AKIDDEFAULTPROFILE"));
        Assert.That(context.Credentials.SessionToken, Is.Null);
        Assert.That(context.Region, Is.EqualTo("eu-west-2"));
    }

    [Test]
    public async Task Explicit_keys_and_region_in_options_win()
    {
        using var env = Scope()
            .Set("AWS_ACCESS_KEY_ID", "AKIDFROMENV")
            .Set("AWS_SECRET_ACCESS_KEY", "secret-from-env")
            .Set("AWS_REGION", "us-west-2");

        var context = await Connection(new AwsSmsOptions { AccessKeyId = "AKIDOPTIONS", SecretAccessKey = "secret-options", Region = "cn-north-1", UseFips = true }).GetAsync(CancellationToken.None);

        Assert.That(context.Credentials, Is.EqualTo(new AwsCredentialsSnapshot("AKIDOPTIONS", "secret-options", null)));
        Assert.That(context.Endpoint, Is.EqualTo(new Uri("https://sms-voice-fips.cn-north-1.amazonaws.com.cn/")));
    }

    [Test]
    public async Task Endpoint_environment_variable_overrides_the_regional_endpoint()
    {
        using var env = Scope()
            .Set("AWS_ENDPOINT_URL_PINPOINT_SMS_VOICE_V2", "http://127.0.0.1:4566")
            .Set("AWS_ENDPOINT_URL", "http://127.0.0.1:1111");

        var context = await Connection(new AwsSmsOptions { AccessKeyId = "AKID", SecretAccessKey = "s", Region = "us-east-1" }).GetAsync(CancellationToken.None);
        Assert.That(context.Endpoint, Is.EqualTo(new Uri("http://127.0.0.1:4566/")));

        // ServiceUrl in options beats the environment.
        env.Set("AWS_PROFILE", "noregion");
        Amazon.Runtime.FallbackRegionFactory.Reset();
        var fromOptions = await Connection(new AwsSmsOptions { AccessKeyId = "AKID", SecretAccessKey = "s", ServiceUrl = new Uri("http://localhost:9000") }).GetAsync(CancellationToken.None);
        Assert.That(fromOptions.Endpoint, Is.EqualTo(new Uri("http://localhost:9000/")));
        Assert.That(fromOptions.Region, Is.EqualTo("us-east-1"), "a custom endpoint without a region signs for us-east-1");
    }

    [Test]
    public async Task Fips_and_dual_stack_can_come_from_the_environment()
    {
        using var env = Scope().Set("AWS_USE_FIPS_ENDPOINT", "true").Set("AWS_USE_DUALSTACK_ENDPOINT", "true");

        var context = await Connection(new AwsSmsOptions { AccessKeyId = "AKID", SecretAccessKey = "s", Region = "us-east-1" }).GetAsync(CancellationToken.None);

        Assert.That(context.Endpoint, Is.EqualTo(new Uri("https://sms-voice-fips.us-east-1.api.aws/")));
    }

    [Test]
    public void Missing_profile_is_not_configured()
    {
        using var env = Scope();

        var e = Assert.ThrowsAsync<MessagingException>(async () => await Connection(new AwsSmsOptions { ProfileName = "nope" }).GetAsync(CancellationToken.None));
        Assert.That(e!.Code, Is.EqualTo(MessagingErrorCode.NotConfigured));
        Assert.That(e.Message, Does.Contain("\"nope\"").And.Contain("NutritionistMessaging:Aws:ProfileName"));
    }

    [Test]
    public void Missing_region_is_not_configured_and_names_the_settings()
    {
        using var env = Scope().Set("AWS_PROFILE", "noregion");
        Amazon.Runtime.FallbackRegionFactory.Reset();

        var e = Assert.ThrowsAsync<MessagingException>(async () => await Connection(new AwsSmsOptions { AccessKeyId = "AKID", SecretAccessKey = "s" }).GetAsync(CancellationToken.None));
        Assert.That(e!.Code, Is.EqualTo(MessagingErrorCode.NotConfigured));
        Assert.That(e.Message, Does.Contain("Missing Region").And.Contain("NutritionistMessaging:Aws:Region").And.Contain("AWS_REGION"));
    }

    [Test]
    public async Task Temporary_credentials_are_reused_while_valid_and_refreshed_before_they_expire()
    {
        using var env = Scope();
        var options = Options.Create(new AwsSmsOptions { Region = "us-east-1" });

        var longLived = new RotatingCredentials(TimeSpan.FromHours(1));
        var connection = new AwsConnection(options, NullLogger<AwsConnection>.Instance, longLived);
        var first = await connection.GetAsync(CancellationToken.None);
        var second = await connection.GetAsync(CancellationToken.None);
        Assert.That(second.Credentials.SessionToken, Is.EqualTo(first.Credentials.SessionToken).And.EqualTo("token-1"));
        Assert.That(longLived.Generated, Is.EqualTo(1));

        // Credentials that expire within the SDK's refresh window are replaced on the next request, before they lapse.
        var nearExpiry = new RotatingCredentials(TimeSpan.FromSeconds(30));
        connection = new AwsConnection(options, NullLogger<AwsConnection>.Instance, nearExpiry);
        var third = await connection.GetAsync(CancellationToken.None);
        var fourth = await connection.GetAsync(CancellationToken.None);
        Assert.That(third.Credentials.SessionToken, Is.EqualTo("token-1"));
        Assert.That(fourth.Credentials.SessionToken, Is.EqualTo("token-2"));
    }

    private sealed class RotatingCredentials(TimeSpan lifetime) : Amazon.Runtime.RefreshingAWSCredentials
    {
        public int Generated { get; private set; }

        protected override CredentialsRefreshState GenerateNewCredentials()
        {
            Generated++;
            return new CredentialsRefreshState(
                new Amazon.Runtime.ImmutableCredentials("ASIATEMPORARY", "temporary-secret", "token-" + Generated),
                DateTime.UtcNow + lifetime);
        }

        protected override Task<CredentialsRefreshState> GenerateNewCredentialsAsync() => Task.FromResult(GenerateNewCredentials());
    }

    private EnvironmentScope Scope() => new EnvironmentScope().ClearAws()
        .Set("AWS_SHARED_CREDENTIALS_FILE", Path.Combine(_dir, "credentials"))
        .Set("AWS_CONFIG_FILE", Path.Combine(_dir, "config"));

    private static AwsConnection Connection(AwsSmsOptions options) => new(Options.Create(options), NullLogger<AwsConnection>.Instance);
}
