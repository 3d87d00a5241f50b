using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Nutritionist.Messaging.Routing;
using Nutritionist.Messaging.Testing.Shared;
using Nutritionist.Messaging.Twilio.Internal;

namespace Nutritionist.Messaging.Twilio.Tests;

/// <summary>Two Twilio accounts registered by name in one container, routed and failed over by the router.</summary>
public class NamedAccountsTests
{
    private const string Brazil = "+5511987654321";

    private static void Other(TwilioWhatsAppOptions o)
    {
        o.AccountSid = TestTwilio.OtherAccountSid;
        o.AuthToken = TestTwilio.OtherAuthToken;
        o.From = "whatsapp:+15005550006";
    }

    private static ServiceProvider Services(
        Action<IMessagingBuilder> register,
        Action<MessagingRoutingOptions> routing,
        IConfiguration? configuration = null,
        Dictionary<string, string>? environment = null,
        params (string Name, HttpMessageHandler Handler)[] stubs)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        var builder = configuration is null
            ? services.AddNutritionistMessaging(o =>
            {
                o.Retry.MaxAttempts = 1;
                o.EnforceWhatsAppSessionWindow = false;
            })
            : services.AddNutritionistMessaging(configuration);
        register(builder);
        builder.ConfigureRouting(routing);
        services.Replace(ServiceDescriptor.Singleton<TwilioEnvironment>(new TestTwilio.FakeEnvironment(environment)));
        foreach (var (name, handler) in stubs)
        {
            services.AddHttpClient(name.Length == 0 ? TwilioHttp.ClientName : TwilioHttp.ClientNameFor(name)).ConfigurePrimaryHttpMessageHandler(() => handler);
        }

        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    private static OutboundMessage WhatsApp(string to, string? tenant = null) => new(to, "Your plan") { Platform = MessagingPlatform.WhatsApp, Properties = tenant is null ? new Dictionary<string, string>() : new Dictionary<string, string> { ["tenant"] = tenant } };

    [Test]
    public async Task Two_named_accounts_in_one_container_send_with_their_own_credentials()
    {
        var first = new StubHttpHandler(_ => TestTwilio.Created());
        var second = new StubHttpHandler(_ => TestTwilio.Created());
        await using var services = Services(
            b => b.AddTwilioWhatsApp("twilio", TestTwilio.Valid).AddTwilioWhatsApp("twilio-acme", Other),
            o =>
            {
                o.WhatsApp.Rules.Add(new ProviderRoutingRule { Properties = new Dictionary<string, string> { ["tenant"] = "acme" }, Provider = "twilio-acme" });
                o.WhatsApp.Default = "twilio";
            },
            stubs: [("twilio", first), ("twilio-acme", second)]);
        var client = services.GetRequiredService<IMessagingClient>();

        var results = await Task.WhenAll(Enumerable.Range(0, 10).Select(i => client.SendAsync(WhatsApp(TestTwilio.Recipient, i % 2 == 0 ? "acme" : null))));

        Assert.Multiple(() =>
        {
            Assert.That(results.Select(r => r.ProviderName), Is.EqualTo(Enumerable.Range(0, 10).Select(i => i % 2 == 0 ? "twilio-acme" : "twilio")));
            Assert.That(first.Requests, Has.Count.EqualTo(5));
            Assert.That(second.Requests, Has.Count.EqualTo(5));
            Assert.That(first.Requests.Select(r => r.Header("Authorization")), Is.All.EqualTo(TestTwilio.BasicAuth(TestTwilio.AccountSid, TestTwilio.AuthToken)));
            Assert.That(second.Requests.Select(r => r.Header("Authorization")), Is.All.EqualTo(TestTwilio.BasicAuth(TestTwilio.OtherAccountSid, TestTwilio.OtherAuthToken)));
            Assert.That(second.Requests.Select(r => r.Message.RequestUri!.AbsolutePath), Is.All.EqualTo($"/2010-04-01/Accounts/{TestTwilio.OtherAccountSid}/Messages.json"));
        });
    }

    [Test]
    public async Task The_unnamed_registration_keeps_its_section_and_name_beside_a_named_one_read_from_providers()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["NutritionistMessaging:Retry:MaxAttempts"] = "1",
            ["NutritionistMessaging:EnforceWhatsAppSessionWindow"] = "false",
            ["NutritionistMessaging:Twilio:AccountSid"] = TestTwilio.AccountSid,
            ["NutritionistMessaging:Twilio:AuthToken"] = TestTwilio.AuthToken,
            ["NutritionistMessaging:Twilio:From"] = TestTwilio.From,
            ["NutritionistMessaging:Providers:twilio-br:AccountSid"] = TestTwilio.OtherAccountSid,
            ["NutritionistMessaging:Providers:twilio-br:AuthToken"] = TestTwilio.OtherAuthToken,
            ["NutritionistMessaging:Providers:twilio-br:From"] = "whatsapp:+15005550006",
            ["NutritionistMessaging:Routing:WhatsApp:Rules:0:Countries:0"] = "BR",
            ["NutritionistMessaging:Routing:WhatsApp:Rules:0:Provider"] = "twilio-br",
        }).Build();
        var unnamed = new StubHttpHandler(_ => TestTwilio.Created());
        var named = new StubHttpHandler(_ => TestTwilio.Created());
        await using var services = Services(b => b.AddTwilioWhatsApp().AddTwilioWhatsApp("twilio-br"), _ => { }, configuration, stubs: [("", unnamed), ("twilio-br", named)]);
        var client = services.GetRequiredService<IMessagingClient>();

        var brazil = await client.SendAsync(WhatsApp(Brazil));
        var us = await client.SendAsync(WhatsApp(TestTwilio.Recipient));

        Assert.Multiple(() =>
        {
            Assert.That(brazil.ProviderName, Is.EqualTo("twilio-br"));
            Assert.That(us.ProviderName, Is.EqualTo(TwilioWhatsAppProvider.ProviderName), "messages no rule matches go to the unnamed registration, under its own name");
            Assert.That(unnamed.Requests.Single().Header("Authorization"), Is.EqualTo(TestTwilio.BasicAuth(TestTwilio.AccountSid, TestTwilio.AuthToken)));
            Assert.That(named.Requests.Single().Header("Authorization"), Is.EqualTo(TestTwilio.BasicAuth(TestTwilio.OtherAccountSid, TestTwilio.OtherAuthToken)));
            Assert.That(services.GetRequiredService<IOptionsMonitor<TwilioWhatsAppOptions>>().Get(Options.DefaultName).AccountSid, Is.EqualTo(TestTwilio.AccountSid));
            Assert.That(services.GetRequiredService<IWhatsAppProvider>().Name, Is.EqualTo(TwilioWhatsAppProvider.ProviderName), "the unnamed registration is unchanged");
        });
    }

    [Test]
    public void Environment_variables_feed_only_the_unnamed_account()
    {
        var environment = new Dictionary<string, string>
        {
            [TwilioEnvironment.AccountSidVariable] = TestTwilio.AccountSid,
            [TwilioEnvironment.AuthTokenVariable] = TestTwilio.AuthToken,
            [TwilioEnvironment.WhatsAppNumberVariable] = "+14155238886",
        };
        using var services = Services(b => b.AddTwilioWhatsApp().AddTwilioWhatsApp("twilio-2", o => o.From = "whatsapp:+15005550006"), o => o.WhatsApp.Default = "twilio-2", environment: environment);
        var monitor = services.GetRequiredService<IOptionsMonitor<TwilioWhatsAppOptions>>();

        Assert.That(monitor.Get(Options.DefaultName).AccountSid, Is.EqualTo(TestTwilio.AccountSid));
        var e = Assert.Throws<OptionsValidationException>(() => monitor.Get("twilio-2"))!;
        Assert.That(e.OptionsName, Is.EqualTo("twilio-2"));
    }

    [Test]
    public async Task A_refused_connection_or_a_country_the_account_cannot_serve_fails_over_to_the_next_account()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var closedPort = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var refusing = new StubHttpHandler(_ => TestTwilio.Error(21606, 400, "The 'From' phone number is not a valid message-capable Twilio phone number for this destination."));
        var backup = new StubHttpHandler(_ => TestTwilio.Created());
        await using var services = Services(
            b => b
                .AddTwilioWhatsApp("down", o => { TestTwilio.Valid(o); o.ApiBaseUrl = new Uri($"http://127.0.0.1:{closedPort}"); })
                .AddTwilioWhatsApp("no-brazil", TestTwilio.Valid)
                .AddTwilioWhatsApp("backup", Other),
            o =>
            {
                o.WhatsApp.Rules.Add(new ProviderRoutingRule { Countries = ["BR"], Provider = "no-brazil" });
                o.WhatsApp.Default = "down";
                o.WhatsApp.Failover.Add("backup");
            },
            stubs: [("no-brazil", refusing), ("backup", backup)]);
        var client = services.GetRequiredService<IMessagingClient>();

        var afterRefusedConnection = await client.SendAsync(WhatsApp(TestTwilio.Recipient));
        var afterCountryRefusal = await client.SendAsync(WhatsApp(Brazil));

        Assert.Multiple(() =>
        {
            Assert.That((afterRefusedConnection.Status, afterRefusedConnection.ProviderName), Is.EqualTo((SendStatus.Accepted, "backup")));
            Assert.That((afterCountryRefusal.Status, afterCountryRefusal.ProviderName), Is.EqualTo((SendStatus.Accepted, "backup")));
            Assert.That(refusing.Requests, Has.Count.EqualTo(1));
            Assert.That(backup.Requests, Has.Count.EqualTo(2));
        });
    }

    [Test]
    public async Task No_failover_when_the_connection_is_cut_after_the_request_was_sent()
    {
        // A loopback server that reads the whole request, then closes without answering: Twilio may have queued the message.
        using var server = new TcpListener(IPAddress.Loopback, 0);
        server.Start();
        var port = ((IPEndPoint)server.LocalEndpoint).Port;
        var received = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var serve = Task.Run(async () =>
        {
            using var socket = await server.AcceptSocketAsync();
            var buffer = new byte[64 * 1024];
            var text = new StringBuilder();
            int headerEnd;
            while ((headerEnd = text.ToString().IndexOf("\r\n\r\n", StringComparison.Ordinal)) < 0 || text.Length - headerEnd - 4 < ContentLength(text.ToString()))
            {
                var read = await socket.ReceiveAsync(buffer, SocketFlags.None);
                if (read == 0)
                {
                    break;
                }

                text.Append(Encoding.ASCII.GetString(buffer, 0, read));
            }

            received.TrySetResult(text.ToString());
            socket.LingerState = new LingerOption(true, 0); // reset, not a graceful close
            socket.Close();
        });
        var backup = new StubHttpHandler(_ => TestTwilio.Created());
        await using var services = Services(
            b => b
                .AddTwilioWhatsApp("cut", o => { TestTwilio.Valid(o); o.ApiBaseUrl = new Uri($"http://127.0.0.1:{port}"); })
                .AddTwilioWhatsApp("backup", Other),
            o =>
            {
                o.WhatsApp.Default = "cut";
                o.WhatsApp.Failover.Add("backup");
            },
            stubs: [("backup", backup)]);

        var result = await services.GetRequiredService<IMessagingClient>().SendAsync(WhatsApp(TestTwilio.Recipient)).WaitAsync(TimeSpan.FromSeconds(60));
        await serve.WaitAsync(TimeSpan.FromSeconds(60));

        var request = await received.Task;
        Assert.Multiple(() =>
        {
            Assert.That(request, Does.StartWith("POST /2010-04-01/Accounts/"), "the request reached the server");
            Assert.That(result.Status, Is.EqualTo(SendStatus.Unknown));
            Assert.That(result.ProviderName, Is.EqualTo("cut"));
            Assert.That(backup.Requests, Is.Empty, "a message that may have been sent is never sent again through another account");
        });
    }

    private static int ContentLength(string head)
    {
        var match = System.Text.RegularExpressions.Regex.Match(head, @"(?im)^content-length:\s*(\d+)");
        return match.Success ? int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : 0;
    }
}
