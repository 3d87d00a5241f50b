using Nutritionist.Messaging.Testing.Shared;

namespace Nutritionist.Messaging.Sandbox.Tests;

/// <summary>A <see cref="SandboxServer"/> is a guest in the host's process: it leaves process signals alone and ends when disposed.</summary>
public class ShutdownTests
{
    private static readonly HttpClient Http = new();

    [Test]
    public async Task A_process_running_a_sandbox_server_ends_on_SIGTERM_exactly_like_a_plain_app()
    {
        ProbeProcess.EnsureSignalsSupported();

        // What .NET does with SIGTERM in an app that registers nothing (on Linux: ends with 143, 128 + SIGTERM).
        int? plainExit;
        using (var plain = await ProbeProcess.StartAsync("plain"))
        {
            plain.Terminate();
            plainExit = await plain.WaitForExitAsync(TimeSpan.FromSeconds(10));
        }

        Assert.That(plainExit, Is.Not.Null, "a plain app ends on SIGTERM");

        using var sandbox = await ProbeProcess.StartAsync("sandbox");
        using (var response = await Http.GetAsync(new Uri(sandbox.ReadyLine["READY ".Length..])))
        {
            Assert.That((int)response.StatusCode, Is.GreaterThanOrEqualTo(200), "the probe's sandbox server answers");
        }

        sandbox.Terminate();

        Assert.That(await sandbox.WaitForExitAsync(TimeSpan.FromSeconds(10)), Is.EqualTo(plainExit), "SIGTERM is the host's: the sandbox server must not swallow it");
    }

    [Test]
    public async Task A_disposed_server_no_longer_listens()
    {
        var server = await SandboxServer.StartAsync();
        using (var response = await Http.GetAsync(server.BaseAddress))
        {
            Assert.That((int)response.StatusCode, Is.GreaterThanOrEqualTo(200));
        }

        await server.DisposeAsync();

        Assert.That(async () => await Http.GetAsync(server.BaseAddress), Throws.InstanceOf<HttpRequestException>());
    }
}
