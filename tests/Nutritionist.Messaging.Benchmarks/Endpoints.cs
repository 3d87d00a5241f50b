namespace Nutritionist.Messaging.Benchmarks;

/// <summary>
/// The loopback server a benchmark talks to: the out-of-process one whose address <see cref="ServerProcess"/> published,
/// or, when the benchmark runs without it (a debugger, an in-process toolchain), one started in this process.
/// </summary>
internal static class Endpoints
{
    private static LoopbackServer? _inProcess;

    public static Uri Resolve()
    {
        if (Environment.GetEnvironmentVariable(ServerProcess.AddressVariable) is { Length: > 0 } address)
        {
            return new Uri(address);
        }

        Console.Error.WriteLine($"// {ServerProcess.AddressVariable} is not set: the loopback server runs in this process, so its allocations are counted too.");
        _inProcess ??= LoopbackServer.StartAsync().GetAwaiter().GetResult();
        return _inProcess.BaseAddress;
    }
}
