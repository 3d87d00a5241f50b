using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Nutritionist.Messaging.Inbound;
using Nutritionist.Messaging.Sandbox;
using Nutritionist.Messaging.Testing.Shared;

namespace Nutritionist.Messaging.SharedState.Tests;

// Host A in this process, host B in another OS process (the probe's fleet-host mode), sharing one Redis or one
// DynamoDB and sending SMS through one loopback sandbox server, which counts every provider request either makes.
[TestFixture(Engine.Redis)]
[TestFixture(Engine.DynamoDb)]
public class CrossProcessFleetTests(Engine engine)
{
    private const string Number = "+12015550123";
    private static readonly TimeSpan Answer = TimeSpan.FromSeconds(60);

    [SetUp]
    public void RequireEngine()
    {
        _ = engine == Engine.Redis ? SharedEngines.RequireRedis() : SharedEngines.RequireDynalite();
    }

    [Test]
    public async Task A_stop_taken_in_here_stops_the_send_of_a_host_in_another_process()
    {
        await using var sandbox = await SandboxServer.StartAsync();
        var scope = FleetHost.NewScope(engine);
        await using var a = StartHostA(scope, sandbox);
        using var b = await StartHostBAsync(scope, sandbox);

        await a.Inbound.ProcessMessageAsync(new InboundMessage(MessagingPlatform.Sms, Number, "STOP") { ReceivedAt = DateTimeOffset.UtcNow });
        await b.WriteLineAsync($"SEND 1 {Number} - Your plan is ready");
        var result = await b.ReadLineAsync("RESULT 1 ", Answer);

        Assert.Multiple(() =>
        {
            Assert.That(result, Does.StartWith("RESULT 1 Rejected OptedOut "), "host B's send");
            Assert.That(sandbox.State.Messages, Is.Empty, "no provider request");
        });
    }

    [Test]
    public async Task The_same_reference_sent_at_once_from_two_processes_reaches_the_provider_once()
    {
        await using var sandbox = await SandboxServer.StartAsync();

        // Each provider request takes a while, so the other host's send meets the first one in flight whichever claims first.
        sandbox.State.Faults.Aws.Latency = TimeSpan.FromMilliseconds(300);
        var scope = FleetHost.NewScope(engine);
        await using var a = StartHostA(scope, sandbox);
        using var b = await StartHostBAsync(scope, sandbox);

        const int Rounds = 4;
        var winners = new List<string>();
        for (var round = 0; round < Rounds; round++)
        {
            var reference = "plan-" + round.ToString(CultureInfo.InvariantCulture);
            await b.WriteLineAsync($"SEND {round} {Number} {reference} Your plan is ready");
            var here = await a.Client.SendAsync(new OutboundMessage(Number, "Your plan is ready") { Platform = MessagingPlatform.Sms, ClientReference = reference });
            var there = (await b.ReadLineAsync($"RESULT {round} ", Answer)).Split(' ');

            // RESULT id status errorCode replay|first messageId
            var outcome = $"round {round}: here {here.Status} {here.Error?.Code} (replay {here.IsReplay}), there {string.Join(' ', there[2..])}";
            var firstHere = here.Status == SendStatus.Accepted && !here.IsReplay;
            var firstThere = there[2] == nameof(SendStatus.Accepted) && there[4] == "first";
            Assert.That(firstHere ^ firstThere, Is.True, "exactly one host sent it: " + outcome);
            winners.Add(firstHere ? "here" : "there");
            Assert.That(new[] { here.Status.ToString(), there[2] }, Is.All.AnyOf(nameof(SendStatus.Accepted), nameof(SendStatus.Unknown)), outcome);
        }

        Assert.That(sandbox.State.Messages.Select(m => m.Context.GetValueOrDefault("ClientReference")), Is.EquivalentTo(Enumerable.Range(0, Rounds).Select(r => "plan-" + r.ToString(CultureInfo.InvariantCulture))),
            "one provider request per reference");
        TestContext.Out.WriteLine("first sender per round: " + string.Join(", ", winners));
    }

    private FleetHost StartHostA(string scope, SandboxServer sandbox) =>
        FleetHost.Start(engine, scope, provider: null, build: b => b.AddAwsSms(o =>
        {
            o.ServiceUrl = sandbox.BaseAddress;
            o.Region = SandboxOptions.DefaultAwsRegion;
            o.AccessKeyId = SandboxOptions.DefaultAwsAccessKeyId;
            o.SecretAccessKey = SandboxOptions.DefaultAwsSecretAccessKey;
        }));

    /// <summary>Host B: the probe's fleet-host mode on the same engine and scope; killed when disposed.</summary>
    private Task<ProbeProcess> StartHostBAsync(string scope, SandboxServer sandbox) => engine == Engine.Redis
        ? ProbeProcess.StartAsync("fleet-host", "redis", SharedEngines.RedisConnectionString, scope, sandbox.BaseAddress.AbsoluteUri)
        : ProbeProcess.StartAsync("fleet-host", "dynamodb", SharedEngines.DynaliteUrl.AbsoluteUri, scope, sandbox.BaseAddress.AbsoluteUri);
}
