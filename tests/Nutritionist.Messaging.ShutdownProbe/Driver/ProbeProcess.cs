using System.Diagnostics;
using System.Reflection;

namespace Nutritionist.Messaging.Testing.Shared;

/// <summary>
/// Runs the shutdown probe (<c>Nutritionist.Messaging.ShutdownProbe</c>, from its own output folder, which
/// <c>ShutdownProbe.targets</c> stamps into the test assembly) as a child process, waits for its <c>READY</c> line and sends it SIGTERM the way a container runtime
/// or systemd does (<see cref="Process.Kill()"/> would send SIGKILL), or talks to it line by line (<see cref="WriteLineAsync"/>,
/// <see cref="ReadLineAsync"/>).
/// </summary>
internal sealed class ProbeProcess : IDisposable
{
    private readonly Process _process;
    private readonly List<string> _lines = [];
    private int _read;
    private bool _ended;
    private TaskCompletionSource? _nextLine;

    private ProbeProcess(Process process) => _process = process;

    /// <summary>The first line the probe printed, starting with <c>READY</c>.</summary>
    public string ReadyLine { get; private set; } = string.Empty;

    /// <summary>What the probe printed on standard output so far, line by line.</summary>
    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (_lines)
            {
                return [.. _lines];
            }
        }
    }

    /// <summary>Skips the calling test where there are no POSIX signals.</summary>
    public static void EnsureSignalsSupported()
    {
        if (OperatingSystem.IsWindows())
        {
            Assert.Ignore("SIGTERM is a POSIX signal; the shutdown probe tests run on Linux and macOS.");
        }
    }

    /// <summary>Starts the probe with the given arguments and waits (up to 30 s) until it prints its READY line.</summary>
    public static async Task<ProbeProcess> StartAsync(params string[] arguments)
    {
        var probe = typeof(ProbeProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "ShutdownProbe").Value
            ?? throw new InvalidOperationException("The test assembly does not say where the shutdown probe is.");
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(probe);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var result = new ProbeProcess(Process.Start(start) ?? throw new InvalidOperationException("The shutdown probe did not start."));
        var ready = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        result._process.OutputDataReceived += (_, e) =>
        {
            TaskCompletionSource? waiting;
            lock (result._lines)
            {
                if (e.Data is null)
                {
                    result._ended = true;
                }
                else
                {
                    result._lines.Add(e.Data);
                }

                (waiting, result._nextLine) = (result._nextLine, null);
            }

            waiting?.TrySetResult();
            if (e.Data is null)
            {
                ready.TrySetException(new InvalidOperationException("The shutdown probe ended before it was ready: " + string.Join('\n', result.Lines)));
                return;
            }

            if (e.Data.StartsWith("READY", StringComparison.Ordinal))
            {
                ready.TrySetResult(e.Data);
            }
        };
        result._process.ErrorDataReceived += (_, e) => TestContext.Progress.WriteLine("probe: " + e.Data);
        result._process.BeginOutputReadLine();
        result._process.BeginErrorReadLine();
        try
        {
            result.ReadyLine = await ready.Task.WaitAsync(TimeSpan.FromSeconds(30));
        }
        catch
        {
            result.Dispose();
            throw;
        }

        return result;
    }

    /// <summary>Writes one line to the probe's standard input.</summary>
    /// <param name="line">The line, without its end.</param>
    /// <returns>A task that completes when the line is written and flushed.</returns>
    public async Task WriteLineAsync(string line)
    {
        await _process.StandardInput.WriteLineAsync(line);
        await _process.StandardInput.FlushAsync();
    }

    /// <summary>
    /// The next output line (after the ones already returned) that starts with <paramref name="prefix"/>; fails with
    /// everything the probe printed when no such line comes within <paramref name="timeout"/> or the probe ends first.
    /// </summary>
    /// <param name="prefix">How the line starts.</param>
    /// <param name="timeout">How long to wait.</param>
    /// <returns>The line.</returns>
    public async Task<string> ReadLineAsync(string prefix, TimeSpan timeout)
    {
        using var expiry = new CancellationTokenSource(timeout);
        while (true)
        {
            Task next;
            lock (_lines)
            {
                for (; _read < _lines.Count; _read++)
                {
                    if (_lines[_read].StartsWith(prefix, StringComparison.Ordinal))
                    {
                        return _lines[_read++];
                    }
                }

                if (_ended)
                {
                    throw new InvalidOperationException($"The probe ended without printing a line starting with \"{prefix}\". It printed:\n{string.Join('\n', _lines)}");
                }

                next = (_nextLine ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;
            }

            try
            {
                await next.WaitAsync(expiry.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"The probe printed no line starting with \"{prefix}\" within {timeout}. It printed:\n{string.Join('\n', Lines)}");
            }
        }
    }

    /// <summary>Sends SIGTERM through the system's <c>kill</c> command.</summary>
    public void Terminate()
    {
        using var kill = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { "-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) }, UseShellExecute = false })
            ?? throw new InvalidOperationException("kill did not start.");
        kill.WaitForExit();
        Assert.That(kill.ExitCode, Is.Zero, "kill -TERM failed");
    }

    /// <summary>Waits until the probe has exited and its output is read; its exit code, or <see langword="null"/> if it still runs after <paramref name="timeout"/>.</summary>
    public async Task<int?> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            return null;
        }

        return _process.ExitCode;
    }

    /// <summary>Kills the probe (SIGKILL) if it is still running.</summary>
    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        _process.Dispose();
    }
}
