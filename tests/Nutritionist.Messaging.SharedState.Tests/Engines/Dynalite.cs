using Nutritionist.Messaging.Testing.Shared;

namespace Nutritionist.Messaging.SharedState.Tests.Engines;

/// <summary>
/// The DynamoDB emulator (<c>dynalite</c> 4.0.0 from npm, pinned in <c>dynalite/package.json</c> and its lock file), in
/// memory on a free loopback port. It has no TTL and no transactions; conditional writes work.
/// </summary>
internal static class Dynalite
{
    private const string Folder = "tests/Nutritionist.Messaging.SharedState.Tests/dynalite";

    // Exits when the test process closes stdin (so it never outlives a crashed run).
    private const string Launcher = """
        const dynalite = require("dynalite");
        const port = Number(process.argv[1]);
        const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
        server.listen(port, "127.0.0.1", error => {
          if (error) { console.error(error); process.exit(1); }
          console.log("READY " + port);
          process.stdin.on("end", () => { server.close(); process.exit(0); });
          process.stdin.resume();
        });
        """;

    private static readonly SemaphoreSlim Install = new(1, 1);

    public static string? MissingReason =>
        EngineProcess.FindOnPath("node") is null || EngineProcess.FindOnPath("npm") is null
            ? "Node.js (node and npm) is not on PATH, so the DynamoDB store tests cannot run against dynalite. Install Node.js 18 or later."
            : null;

    public static async Task<EngineProcess> StartAsync()
    {
        var folder = Path.Combine(ReferenceData.RepositoryRoot, Folder);
        await Install.WaitAsync();
        try
        {
            if (!File.Exists(Path.Combine(folder, "node_modules", "dynalite", "package.json")))
            {
                var (exitCode, output) = await EngineProcess.RunAsync(EngineProcess.FindOnPath("npm")!, ["ci", "--no-audit", "--no-fund"], folder, TimeSpan.FromMinutes(3));
                if (exitCode != 0)
                {
                    throw new InvalidOperationException($"'npm ci' in {folder} failed with exit code {exitCode}: {output}");
                }
            }
        }
        finally
        {
            Install.Release();
        }

        var port = EngineProcess.FreeLoopbackPort();
        return await EngineProcess.StartAsync(EngineProcess.FindOnPath("node")!, ["-e", Launcher, port.ToString(System.Globalization.CultureInfo.InvariantCulture)], folder, port, "READY");
    }

    public static Uri ServiceUrl(EngineProcess engine) => new($"http://127.0.0.1:{engine.Port}/");
}
