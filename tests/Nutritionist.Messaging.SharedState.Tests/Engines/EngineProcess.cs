using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Nutritionist.Messaging.SharedState.Tests.Engines;

/// <summary>
/// A database engine the tests run on loopback (dynalite, redis-server): started with a launcher that ends it when the
/// test process closes its standard input, so it never outlives a crashed run.
/// </summary>
internal sealed class EngineProcess : IDisposable
{
    private readonly Process _process;

    private EngineProcess(Process process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }

    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>Starts <paramref name="fileName"/> and waits for a line starting with <paramref name="readyLine"/>.</summary>
    public static async Task<EngineProcess> StartAsync(string fileName, IEnumerable<string> arguments, string workingDirectory, int port, string readyLine)
    {
        var start = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException(fileName + " did not start");
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var output = new StringBuilder();
        process.OutputDataReceived += (_, e) =>
        {
            lock (output)
            {
                output.AppendLine(e.Data);
            }

            if (e.Data?.Contains(readyLine, StringComparison.Ordinal) == true)
            {
                ready.TrySetResult();
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            lock (output)
            {
                output.AppendLine(e.Data);
            }
        };
        process.Exited += (_, _) => ready.TrySetException(new InvalidOperationException($"{Path.GetFileName(fileName)} exited: {output}"));
        process.EnableRaisingEvents = true;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await ready.Task.WaitAsync(TimeSpan.FromSeconds(30));
        }
        catch
        {
            Kill(process);
            process.Dispose();
            throw;
        }

        return new EngineProcess(process, port);
    }

    public static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public static string? FindOnPath(string name)
    {
        foreach (var directory in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var path = Path.Combine(directory, name);
            if (File.Exists(path))
            {
                return path;
            }
        }

        return null;
    }

    public static async Task<(int ExitCode, string Output)> RunAsync(string fileName, string[] arguments, string workingDirectory, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(fileName) { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            return (-1, $"timed out after {timeout}");
        }

        return (process.ExitCode, (await stdout) + (await stderr));
    }

    /// <summary>Stops the engine (closing its input ends it; then the process tree is killed if it lingers).</summary>
    public void Dispose()
    {
        try
        {
            _process.StandardInput.Close();
            if (!_process.WaitForExit(3000))
            {
                Kill(_process);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
        finally
        {
            _process.Dispose();
        }
    }

    private static void Kill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(5000);
        }
        catch (InvalidOperationException)
        {
        }
    }
}
