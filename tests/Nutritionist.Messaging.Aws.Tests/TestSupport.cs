using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Nutritionist.Messaging.Aws.Internal;
using Nutritionist.Messaging.Aws.Wire;
using Nutritionist.Messaging.Testing.Shared;

namespace Nutritionist.Messaging.Aws.Tests;

/// <summary>Hands out clients over one handler (tests may create HttpClients; library code may not).</summary>
internal sealed class StubHttpClientFactory(HttpMessageHandler handler) : IHttpClientFactory
{
    public List<string> Names { get; } = [];

    public HttpClient CreateClient(string name)
    {
        Names.Add(name);
        return new HttpClient(handler, disposeHandler: false);
    }
}

/// <summary>A fixed endpoint, region and credentials.</summary>
internal sealed class FixedConnection(Uri endpoint, string region, AwsCredentialsSnapshot credentials) : IAwsConnection
{
    public int Calls { get; private set; }

    public ValueTask<AwsRequestContext> GetAsync(CancellationToken cancellationToken)
    {
        Calls++;
        return ValueTask.FromResult(new AwsRequestContext(endpoint, region, credentials));
    }
}

internal static class TestAws
{
    public const string AccessKeyId = "AKIDEXAMPLE";
    public const string SecretAccessKey = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    public static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 36, 0, TimeSpan.Zero);
    public static readonly Uri Endpoint = new("https://sms-voice.us-east-1.amazonaws.com");

    public static AwsCredentialsSnapshot Credentials(string? token = null) => new(AccessKeyId, SecretAccessKey, token);

    public static (SmsVoiceClient Client, StubHttpHandler Handler, FakeTimeProvider Time) Client(
        Func<RecordedRequest, HttpResponseMessage>? respond = null, string? token = null, Uri? endpoint = null)
    {
        var handler = new StubHttpHandler(respond);
        var time = new FakeTimeProvider(Now);
        var client = new SmsVoiceClient(
            new StubHttpClientFactory(handler),
            new FixedConnection(endpoint ?? Endpoint, "us-east-1", Credentials(token)),
            time,
            NullLogger<SmsVoiceClient>.Instance);
        return (client, handler, time);
    }

    public static HttpResponseMessage Json(string json, HttpStatusCode status = HttpStatusCode.OK) =>
        new(status) { Content = new StringContent(json, Encoding.UTF8, "application/x-amz-json-1.0") };

    public static HttpResponseMessage Error(HttpStatusCode status, string type, string message, string? reason = null, string extra = "")
    {
        var reasonJson = reason is null ? string.Empty : $",\"Reason\":\"{reason}\"";
        return Json($"{{\"__type\":\"com.amazonaws.pinpointsmsvoicev2#{type}\",\"Message\":\"{message}\"{reasonJson}{extra}}}", status);
    }

    public static AwsSmsProvider Provider(SmsVoiceClient client, AwsSmsOptions options, TimeProvider time, Microsoft.Extensions.Logging.ILogger<AwsSmsProvider>? logger = null) =>
        new(client, Options.Create(options), time, logger ?? NullLogger<AwsSmsProvider>.Instance);

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>Sets environment variables for one test and restores them afterwards.</summary>
internal sealed class EnvironmentScope : IDisposable
{
    private readonly Dictionary<string, string?> _saved = new(StringComparer.Ordinal);

    public EnvironmentScope Set(string name, string? value)
    {
        if (!_saved.ContainsKey(name))
        {
            _saved[name] = Environment.GetEnvironmentVariable(name);
        }

        Environment.SetEnvironmentVariable(name, value);
        return this;
    }

    /// <summary>Clears every variable the AWS SDK or this provider reads, so the machine's own settings cannot leak in.</summary>
    public EnvironmentScope ClearAws()
    {
        foreach (var name in new[]
        {
            "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_REGION",
            "AWS_DEFAULT_REGION", "AWS_SHARED_CREDENTIALS_FILE", "AWS_CONFIG_FILE", "AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_PINPOINT_SMS_VOICE_V2",
            "AWS_USE_FIPS_ENDPOINT", "AWS_USE_DUALSTACK_ENDPOINT", "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "AWS_WEB_IDENTITY_TOKEN_FILE",
            "AWS_ROLE_ARN", "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "AWS_CONTAINER_CREDENTIALS_FULL_URI", "AWS_EC2_METADATA_DISABLED",
            "PHONE_POOL_ID", "SMS_CONFIG_SET",
        })
        {
            Set(name, null);
        }

        // Never wait for instance metadata on a build machine.
        return Set("AWS_EC2_METADATA_DISABLED", "true");
    }

    public void Dispose()
    {
        foreach (var (name, value) in _saved)
        {
            Environment.SetEnvironmentVariable(name, value);
        }

        Amazon.Runtime.FallbackRegionFactory.Reset();
    }
}
