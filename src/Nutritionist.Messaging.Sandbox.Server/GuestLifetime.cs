using Microsoft.Extensions.Hosting;

namespace Nutritionist.Messaging.Sandbox;

/// <summary>
/// The <see cref="SandboxServer"/>'s host lifetime: it registers nothing. The web builder's default, <c>ConsoleLifetime</c>,
/// handles SIGINT, SIGQUIT and SIGTERM for the whole process (cancelling the signal's default action so only the sandbox
/// stops) and holds <see cref="AppDomain.ProcessExit"/>; the server is a guest in someone else's process, so the signals
/// stay the application's, and the server stops when it is disposed.
/// </summary>
internal sealed class GuestLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
