using System.Diagnostics;
using Amazon.SQS;
using Amazon.SQS.Model;
using Nutritionist.Messaging.Testing.Shared;

namespace Nutritionist.Messaging.Aws.Tests.Inbound.Emulator;

/// <summary>
/// A generic host (<c>Host.CreateApplicationBuilder</c>) running the pump in a child process, against the emulator, ended
/// with SIGTERM as a container runtime ends it. The probe's handler prints START and DONE per message (one second of work),
/// or waits until its work is cancelled for a body starting with "stuck"; the pump long-polls for 20 seconds.
/// </summary>
public sealed class SqsPumpShutdownTests
{
    private const string Person = "+14155552671";

    // Well under the 20-second long poll, so a poll that is waited out instead of cancelled fails the test.
    private static readonly TimeSpan Prompt = TimeSpan.FromSeconds(6);

    private AmazonSQSClient _sqs = null!;
    private string _queue = null!;

    [SetUp]
    public async Task SetUpAsync()
    {
        ProbeProcess.EnsureSignalsSupported();
        SqsEmulator.EnsureRunning();
        _sqs = SqsEmulator.CreateClient();
        _queue = await SqsEmulator.CreateQueueAsync(_sqs, visibilityTimeoutSeconds: 2);
    }

    [TearDown]
    public void TearDown() => _sqs?.Dispose();

    [Test]
    public async Task On_SIGTERM_the_long_poll_is_cancelled_the_messages_in_flight_finish_and_are_deleted_and_the_host_exits_0()
    {
        await SendAsync("first");
        await SendAsync("second");
        using var probe = await ProbeProcess.StartAsync("sqs-pump", SqsEmulator.ServiceUrl.AbsoluteUri, _queue);
        await UntilPrintedAsync(probe, "START first", "START second");

        probe.Terminate();
        var exit = await probe.WaitForExitAsync(Prompt);

        Assert.That(exit, Is.EqualTo(0), $"the host stops within {Prompt} and exits 0 (a long poll waited out takes 20 s)");
        Assert.That(probe.Lines, Does.Contain("DONE first").And.Contain("DONE second"), "the host waited for the messages in flight to finish");
        Assert.That(await RemainingBodiesAsync(), Is.Empty, "and deleted once finished");
    }

    [Test]
    public async Task On_SIGTERM_a_message_whose_work_outlasts_the_shutdown_timeout_stays_in_the_queue()
    {
        await SendAsync("stuck");
        using var probe = await ProbeProcess.StartAsync("sqs-pump", SqsEmulator.ServiceUrl.AbsoluteUri, _queue, "1000");
        await UntilPrintedAsync(probe, "START stuck");

        probe.Terminate();
        var exit = await probe.WaitForExitAsync(Prompt);

        // The host returns at its shutdown timeout; the process may end before the cancelled handler prints CANCELLED.
        Assert.That(exit, Is.EqualTo(0), $"the host stops within {Prompt} and exits 0");
        Assert.That(probe.Lines, Does.Not.Contain("DONE stuck"));
        Assert.That(await RemainingBodiesAsync(), Is.EqualTo(new[] { "stuck" }), "an unfinished message is never deleted: it comes back for redelivery");
    }

    private static async Task UntilPrintedAsync(ProbeProcess probe, params string[] lines)
    {
        var stopwatch = Stopwatch.StartNew();
        while (!lines.All(probe.Lines.Contains))
        {
            if (stopwatch.Elapsed > TimeSpan.FromSeconds(15))
            {
                Assert.Fail($"The probe did not print {string.Join(", ", lines)}; it printed: {string.Join(" | ", probe.Lines)}");
            }

            await Task.Delay(20);
        }
    }

    private Task SendAsync(string text) => _sqs.SendMessageAsync(_queue, TestSns.InboundSms(Person, text));

    private async Task<List<string>> RemainingBodiesAsync() =>
        (await SqsEmulator.RemainingMessagesAsync(_sqs, _queue)).Select(m => System.Text.Json.Nodes.JsonNode.Parse(m.Body)!["messageBody"]!.GetValue<string>()).ToList();
}
