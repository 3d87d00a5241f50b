using System.Text.Json;
using Nutritionist.Messaging.Aws.Internal;
using Nutritionist.Messaging.Testing.Shared;

namespace Nutritionist.Messaging.Aws.Tests;

/// <summary>The endpoint rules against every case of pinpoint-sms-voice-v2.endpoint-tests-1.json.</summary>
public sealed class EndpointResolverTests
{
    private const string TestsFile = "aws/pinpoint-sms-voice-v2.endpoint-tests-1.json";

    public static IEnumerable<TestCaseData> Cases()
    {
        var root = ReferenceData.RootOrNull;
        if (root is null)
        {
            yield return new TestCaseData(0).SetName("Endpoint case 0 (reference data absent)");
            yield break;
        }

        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(root, TestsFile)));
        var cases = document.RootElement.GetProperty("testCases");
        for (var i = 0; i < cases.GetArrayLength(); i++)
        {
            yield return new TestCaseData(i).SetName($"Endpoint case {i}: {cases[i].GetProperty("documentation").GetString()}");
        }
    }

    [TestCaseSource(nameof(Cases))]
    public void Resolves_as_the_rule_set_does(int index)
    {
        using var document = JsonDocument.Parse(ReferenceData.ReadText(TestsFile));
        var testCase = document.RootElement.GetProperty("testCases")[index];
        var parameters = testCase.TryGetProperty("params", out var p) ? p : default;
        string? Str(string name) => parameters.ValueKind == JsonValueKind.Object && parameters.TryGetProperty(name, out var v) ? v.GetString() : null;
        bool Flag(string name) => parameters.ValueKind == JsonValueKind.Object && parameters.TryGetProperty(name, out var v) && v.GetBoolean();

        var expect = testCase.GetProperty("expect");
        if (expect.TryGetProperty("endpoint", out var endpoint))
        {
            var uri = AwsEndpointResolver.Resolve(Str("Region"), Flag("UseFIPS"), Flag("UseDualStack"), Str("Endpoint"));
            Assert.That(uri.ToString().TrimEnd('/'), Is.EqualTo(endpoint.GetProperty("url").GetString()));
        }
        else
        {
            Assert.That(
                () => AwsEndpointResolver.Resolve(Str("Region"), Flag("UseFIPS"), Flag("UseDualStack"), Str("Endpoint")),
                Throws.InvalidOperationException.With.Message.EqualTo(expect.GetProperty("error").GetString()));
        }
    }

    [TestCase("eu-west-3", false, false, "https://sms-voice.eu-west-3.amazonaws.com/")]
    [TestCase("cn-northwest-1", false, false, "https://sms-voice.cn-northwest-1.amazonaws.com.cn/")]
    [TestCase("ap-southeast-2", true, false, "https://sms-voice-fips.ap-southeast-2.amazonaws.com/")]
    [TestCase("ap-southeast-2", false, true, "https://sms-voice.ap-southeast-2.api.aws/")]
    public void Resolves_other_regions(string region, bool fips, bool dualStack, string expected) =>
        Assert.That(AwsEndpointResolver.Resolve(region, fips, dualStack, null).ToString(), Is.EqualTo(expected));

    [Test]
    [NonParallelizable]
    public void Environment_endpoint_prefers_the_service_specific_variable()
    {
        using var env = new EnvironmentScope().ClearAws();
        Assert.That(AwsEndpointResolver.EndpointFromEnvironment(), Is.Null);

        env.Set("AWS_ENDPOINT_URL", "http://127.0.0.1:4566");
        Assert.That(AwsEndpointResolver.EndpointFromEnvironment(), Is.EqualTo("http://127.0.0.1:4566"));

        env.Set("AWS_ENDPOINT_URL_PINPOINT_SMS_VOICE_V2", "http://127.0.0.1:9999");
        Assert.That(AwsEndpointResolver.EndpointFromEnvironment(), Is.EqualTo("http://127.0.0.1:9999"));

        env.Set("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true");
        Assert.That(AwsEndpointResolver.EndpointFromEnvironment(), Is.Null);
    }
}
