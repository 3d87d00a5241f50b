using System.Text.Json;
using Amazon.Runtime;
using Amazon.SimpleSystemsManagement;
using Microsoft.Extensions.Configuration;
using Nutritionist.Messaging.Aws.ParameterStore;

namespace Nutritionist.Messaging.Aws.Tests;

/// <summary>The Parameter Store configuration source against a stub of the SSM JSON 1.1 API on a loopback socket.</summary>
public sealed class ParameterStoreTests
{
    [Test]
    public async Task Reads_all_pages_decrypted_and_maps_the_twilio_settings()
    {
        await using var server = new LoopbackServer(request =>
        {
            using var body = JsonDocument.Parse(request.Body);
            var page2 = body.RootElement.TryGetProperty("NextToken", out var token) && token.GetString() == "page-2";
            return LoopbackServer.Response(200, page2
                ? """
                  {"Parameters":[
                    {"Name":"/ai-nutritionist/twilio/auth-token","Type":"SecureString","Value":"auth-token-value","Version":3,"LastModifiedDate":1.764028800E9,"ARN":"arn:aws:ssm:us-east-1:111122223333:parameter/ai-nutritionist/twilio/auth-token","DataType":"text"},
                    {"Name":"/ai-nutritionist/twilio/whatsapp-number","Type":"String","Value":"+14155238886","Version":1,"DataType":"text"}]}
                  """
                : """
                  {"Parameters":[
                    {"Name":"/ai-nutritionist/twilio/account-sid","Type":"String","Value":"AC0123456789abcdef0123456789abcdef","Version":1,"DataType":"text"},
                    {"Name":"/ai-nutritionist/twilio/api-key-sid","Type":"String","Value":"SK0123","Version":1,"DataType":"text"}],
                   "NextToken":"page-2"}
                  """);
        });
        using var ssm = Client(server.Url);

        var configuration = new ConfigurationBuilder().AddNutritionistParameterStore(ssm).Build();

        Assert.Multiple(() =>
        {
            Assert.That(configuration["NutritionistMessaging:Twilio:AccountSid"], Is.EqualTo("AC0123456789abcdef0123456789abcdef"));
            Assert.That(configuration["NutritionistMessaging:Twilio:AuthToken"], Is.EqualTo("auth-token-value"));
            Assert.That(configuration["NutritionistMessaging:Twilio:From"], Is.EqualTo("whatsapp:+14155238886"));
            Assert.That(configuration["NutritionistMessaging:Twilio:ApiKeySid"], Is.EqualTo("SK0123"));
        });

        Assert.That(server.Requests, Has.Count.EqualTo(2));
        foreach (var request in server.Requests)
        {
            Assert.That(request.Header("X-Amz-Target"), Is.EqualTo("AmazonSSM.GetParametersByPath"));
            Assert.That(request.Header("Content-Type"), Does.StartWith("application/x-amz-json-1.1"));
            Assert.That(request.Header("Authorization"), Does.StartWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/").And.Contain("/us-east-1/ssm/aws4_request"));
            using var body = JsonDocument.Parse(request.Body);
            Assert.That(body.RootElement.GetProperty("Path").GetString(), Is.EqualTo("/ai-nutritionist"));
            Assert.That(body.RootElement.GetProperty("Recursive").GetBoolean(), Is.True);
            Assert.That(body.RootElement.GetProperty("WithDecryption").GetBoolean(), Is.True);
        }

        using var second = JsonDocument.Parse(server.Requests[1].Body);
        Assert.That(second.RootElement.GetProperty("NextToken").GetString(), Is.EqualTo("page-2"));
    }

    [Test]
    public async Task Any_prefix_works_and_an_existing_whatsapp_prefix_is_kept()
    {
        await using var server = new LoopbackServer(_ => LoopbackServer.Response(200, """
            {"Parameters":[{"Name":"/prod/messaging/twilio/whatsapp-number","Type":"String","Value":"whatsapp:+14155238886"},
                           {"Name":"/prod/messaging/twilio/account-sid","Type":"String","Value":"AC1"}]}
            """));
        using var ssm = Client(server.Url);

        var configuration = new ConfigurationBuilder().AddNutritionistParameterStore(ssm, "prod/messaging").Build();

        Assert.That(configuration["NutritionistMessaging:Twilio:From"], Is.EqualTo("whatsapp:+14155238886"));
        Assert.That(configuration["NutritionistMessaging:Twilio:AccountSid"], Is.EqualTo("AC1"));
        using var body = JsonDocument.Parse(server.Requests.Single().Body);
        Assert.That(body.RootElement.GetProperty("Path").GetString(), Is.EqualTo("/prod/messaging"));
    }

    [Test]
    public void Unreachable_store_fails_start_up_unless_optional()
    {
        using var ssm = Client(new Uri($"http://127.0.0.1:{TestAws.FreePort()}"));

        var e = Assert.Throws<InvalidOperationException>(() => new ConfigurationBuilder().AddNutritionistParameterStore(ssm).Build());
        Assert.That(e!.Message, Does.Contain("/ai-nutritionist/").And.Contain("optional: true"));

        var optional = new ConfigurationBuilder().AddNutritionistParameterStore(ssm, optional: true).Build();
        Assert.That(optional.AsEnumerable(), Is.Empty);
    }

    [TestCase("/ai-nutritionist/", "/ai-nutritionist/twilio/account-sid", "NutritionistMessaging:Twilio:AccountSid")]
    [TestCase("/ai-nutritionist/", "/ai-nutritionist/twilio/auth-token", "NutritionistMessaging:Twilio:AuthToken")]
    [TestCase("/ai-nutritionist/", "/ai-nutritionist/twilio/whatsapp-number", "NutritionistMessaging:Twilio:From")]
    [TestCase("/ai-nutritionist/", "/ai-nutritionist/aws/configuration-set-name", "NutritionistMessaging:Aws:ConfigurationSetName")]
    [TestCase("/ai-nutritionist/", "/other/twilio/account-sid", null)]
    public void Maps_parameter_names_to_keys(string prefix, string name, string? key) =>
        Assert.That(ParameterStoreConfigurationProvider.KeyFor(ParameterStoreConfigurationProvider.NormalizePrefix(prefix), name), Is.EqualTo(key));

    private static AmazonSimpleSystemsManagementClient Client(Uri url) => new(
        new BasicAWSCredentials(TestAws.AccessKeyId, TestAws.SecretAccessKey),
        new AmazonSimpleSystemsManagementConfig { ServiceURL = url.ToString(), AuthenticationRegion = "us-east-1", MaxErrorRetry = 0, Timeout = TimeSpan.FromSeconds(10) });
}
