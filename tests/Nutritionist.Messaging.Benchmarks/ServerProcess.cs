using System.Diagnostics;

namespace Nutritionist.Messaging.Benchmarks;

/// <summary>
/// The loopback server in a child process of this program (<c>serve</c> sub-command), so its CPU time and allocations
/// are not counted into the process being measured. Its address is published in <see cref="AddressVariable"/>, which
/// BenchmarkDotNet's child processes inherit.
/// </summary>
internal sealed class ServerProcess : IDisposable
{
    public const string AddressVariable = "NUTRITIONIST_BENCH_SERVER";

    private readonly Process _process;

    private ServerProcess(Process process, Uri address)
    {
        _process = process;
        Address = address;
    }

    public Uri Address { get; }

    /// <summary>The server process's CPU time so far (its work per message is the same for either side).</summary>
    public TimeSpan CpuTime => ProcFs.CpuTime(_process);

    /// <param name="delayMilliseconds">How long the server waits before each answer (0: at once).</param>
    /// <param name="identityRate">SMS sends per second the server allows per origination identity (0: no limit).</param>
    public static ServerProcess Start(int delayMilliseconds = 0, int identityRate = 0)
    {
        var arguments = FormattableString.Invariant($"serve --delay-ms {delayMilliseconds} --identity-rate {identityRate}");
        var start = new ProcessStartInfo(Environment.ProcessPath!, arguments)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        var process = Process.Start(start)!;
        var line = process.StandardOutput.ReadLine() ?? throw new InvalidOperationException("The loopback server process exited before listening.");
        if (!line.StartsWith("LISTENING ", StringComparison.Ordinal))
        {
            throw new InvalidOperationException("Unexpected output from the loopback server process: " + line);
        }

        var address = new Uri(line["LISTENING ".Length..]);
        Environment.SetEnvironmentVariable(AddressVariable, address.ToString());
        return new ServerProcess(process, address);
    }

    public void Dispose()
    {
        // Closing its standard input ends the server; kill it if it does not stop in time.
        _process.StandardInput.Close();
        if (!_process.WaitForExit(5000))
        {
            _process.Kill();
        }

        _process.Dispose();
    }
}
