namespace Nutritionist.Messaging.SharedState.Tests.Engines;

/// <summary>
/// Debian's <c>redis-server</c> on a free loopback port with a temporary directory and no persistence
/// (<c>--save "" --appendonly no</c>). <c>.ci/run</c> installs it with apt-get when it is missing.
/// </summary>
internal static class Redis
{
    // redis-server runs in the background of a shell that waits for the test process to close stdin, then stops it.
    private const string Launcher = """
        redis-server --port "$1" --bind 127.0.0.1 --save "" --appendonly no --dir "$2" --protected-mode no --loglevel notice &
        pid=$!
        cat > /dev/null
        kill "$pid" 2>/dev/null
        wait "$pid"
        """;

    public static string? MissingReason =>
        EngineProcess.FindOnPath("redis-server") is null
            ? "redis-server is not on PATH, so the Redis store tests cannot run (install it: apt-get install -y redis-server)."
            : null;

    public static async Task<EngineProcess> StartAsync()
    {
        var port = EngineProcess.FreeLoopbackPort();
        var directory = Directory.CreateTempSubdirectory("nutritionist-redis-").FullName;
        return await EngineProcess.StartAsync("/bin/sh", ["-c", Launcher, "redis-launcher", port.ToString(System.Globalization.CultureInfo.InvariantCulture), directory], directory, port, "Ready to accept connections");
    }

    /// <summary>A connection string with short timeouts, so a stopped engine fails a test in a second, not five.</summary>
    public static string ConnectionString(EngineProcess engine) =>
        $"127.0.0.1:{engine.Port},connectTimeout=2000,asyncTimeout=2000,syncTimeout=2000,abortConnect=false,connectRetry=1";
}
