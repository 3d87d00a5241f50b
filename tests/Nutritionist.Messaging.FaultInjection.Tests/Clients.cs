using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Nutritionist.Messaging.Reliability;

namespace Nutritionist.Messaging.FaultInjection.Tests;

/// <summary>Real DI containers whose providers talk to fault servers over loopback.</summary>
internal static class Clients
{
    public static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(1);

    /// <summary>
    /// <paramref name="hostBefore"/> and <paramref name="hostAfter"/> stand for the host's own registrations, made before
    /// and after the library's.
    /// </summary>
    public static ServiceProvider Build(
        Uri? sms,
        Uri? whatsApp,
        Action<MessagingOptions>? configure = null,
        Action<IServiceCollection>? hostBefore = null,
        Action<IServiceCollection>? hostAfter = null)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        hostBefore?.Invoke(services);
        var builder = services.AddNutritionistMessaging(o =>
        {
            o.DefaultRegion = "US";
            o.EnforceWhatsAppSessionWindow = false;
            o.Retry.MaxAttempts = 4;
            o.Retry.BaseDelay = TimeSpan.FromMilliseconds(50);
            o.Retry.MaxDelay = TimeSpan.FromSeconds(1);
            o.Retry.TotalBudget = TimeSpan.FromSeconds(15);
            o.CircuitBreaker.Enabled = false;
            configure?.Invoke(o);
        });
        if (sms is not null)
        {
            builder.AddAwsSms(o =>
            {
                o.Region = "us-east-1";
                o.ServiceUrl = sms;
                o.AccessKeyId = TestAccounts.AwsAccessKeyId;
                o.SecretAccessKey = TestAccounts.AwsSecretAccessKey;
                o.OriginationIdentities = ["pool-fault-injection"];
                o.RequestTimeout = RequestTimeout;
            });
        }

        if (whatsApp is not null)
        {
            builder.AddTwilioWhatsApp(o =>
            {
                o.AccountSid = TestAccounts.TwilioAccountSid;
                o.AuthToken = TestAccounts.TwilioAuthToken;
                o.From = TestAccounts.TwilioFrom;
                o.ApiBaseUrl = whatsApp;
                o.RequestTimeout = RequestTimeout;
            });
        }

        hostAfter?.Invoke(services);
        return services.BuildServiceProvider();
    }

    /// <summary>A loopback address where nothing listens: connections are refused before anything is sent.</summary>
    public static Uri DeadEndpoint()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return new Uri($"http://127.0.0.1:{port}/");
    }

    public static List<OutboundMessage> Batch(MessagingPlatform platform, int count, string tag) => Enumerable.Range(0, count)
        .Select(i => new OutboundMessage($"+1201555{i:0000}", $"{tag}-{i:000}: your meal plan is ready") { Platform = platform, ClientReference = $"{tag}-{i:000}" })
        .ToList();
}
