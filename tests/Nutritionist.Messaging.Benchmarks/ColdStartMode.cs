using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;

namespace Nutritionist.Messaging.Benchmarks;

/// <summary>
/// <c>coldstart [--runs N]</c>: process start → first SMS accepted, in fresh child processes of this program, alternating
/// between the library (container built, options validated as a host does at start-up, first <c>SendAsync</c> through
/// router, normaliser, AWS provider and SigV4) and a raw HttpClient POST of the same JSON. Three clocks per run: the
/// parent's wall time from <see cref="Process.Start()"/> to the child's report, the child's time since its
/// <see cref="Process.StartTime"/> (10 ms resolution on Linux), and the child's time since <c>Main</c> began.
/// </summary>
internal static class ColdStartMode
{
    public const string ChildCommand = "__coldstart-child";

    public static async Task<int> RunAsync(string[] args)
    {
        var runs = ThroughputMode.IntArg(args, "--runs", 7);
        using var server = ServerProcess.Start();
        Console.WriteLine($"coldstart: {runs} runs per side, alternating, loopback server {server.Address}");
        var library = new List<Sample>();
        var raw = new List<Sample>();

        // One untimed run of each first: the OS file cache, not the program, would otherwise make the first run slower.
        await RunChildAsync("library", server.Address);
        await RunChildAsync("raw", server.Address);
        for (var i = 0; i < runs; i++)
        {
            if (i % 2 == 0)
            {
                library.Add(await RunChildAsync("library", server.Address));
                raw.Add(await RunChildAsync("raw", server.Address));
            }
            else
            {
                raw.Add(await RunChildAsync("raw", server.Address));
                library.Add(await RunChildAsync("library", server.Address));
            }
        }

        Print("library", library);
        Print("raw HttpClient", raw);
        Console.WriteLine(FormattableString.Invariant(
            $"  ratio library/raw (median wall time to first accepted): {Median(library, s => s.ParentMs) / Median(raw, s => s.ParentMs):0.00}×; library adds {Median(library, s => s.MainMs) - Median(raw, s => s.MainMs):0} ms after Main"));
        return 0;
    }

    /// <summary>The child: one cold send, then a line with its clocks.</summary>
    public static async Task<int> ChildAsync(string[] args, long mainStarted)
    {
        var side = args[0];
        var server = new Uri(args[1]);
        var to = Workload.Recipients[0];
        // Where the time goes: each phase is work the first send would do anyway (the library loads libphonenumber's
        // metadata and resolves AWS credentials lazily on the first send); doing them one by one only attributes it.
        var phases = new List<string>();
        var last = mainStarted;
        void Mark(string name)
        {
            var now = Stopwatch.GetTimestamp();
            phases.Add(FormattableString.Invariant($"{name}={Stopwatch.GetElapsedTime(last, now).TotalMilliseconds:0.0}"));
            last = now;
        }

        if (side == "library")
        {
            await using var provider = LibraryHost.Build(server, runningService: false);
            Mark("container+validation");
            _ = provider.GetRequiredService<ISmsProvider>();
            Mark("resolve-aws-provider");
            _ = provider.GetRequiredService<IWhatsAppProvider>();
            Mark("resolve-twilio-provider");
            var client = provider.GetRequiredService<IMessagingClient>();
            Mark("resolve-router");
            _ = provider.GetRequiredService<Nutritionist.Messaging.PhoneNumbers.IPhoneNumberNormalizer>().Normalize(to);
            Mark("first-normalize(libphonenumber)");
            _ = await provider.GetRequiredService<Nutritionist.Messaging.Aws.Internal.IAwsConnection>().GetAsync(CancellationToken.None);
            Mark("aws-credentials+endpoint");
            await LibraryHost.SendSmsAsync(client, to);
            Mark("first-send");
        }
        else
        {
            using var client = new RawAwsClient(server);
            Mark("client");
            await client.SendAsync(to);
            Mark("first-send");
        }

        var sinceMain = Stopwatch.GetElapsedTime(mainStarted).TotalMilliseconds;
        using var self = Process.GetCurrentProcess();
        var sinceStart = (DateTime.Now - self.StartTime).TotalMilliseconds;
        // Most of a cold start is JIT: the library's assemblies (and the generic instantiations over its types) are not
        // precompiled unless the application publishes ReadyToRun.
        var jitMs = System.Runtime.JitInfo.GetCompilationTime().TotalMilliseconds;
        var jitMethods = System.Runtime.JitInfo.GetCompiledMethodCount();
        Console.WriteLine(FormattableString.Invariant($"ACCEPTED main={sinceMain:0.0} process={sinceStart:0.0} jitms={jitMs:0.0} jitmethods={jitMethods} {string.Join(' ', phases)}"));
        return 0;
    }

    private static async Task<Sample> RunChildAsync(string side, Uri server)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardOutput = true, UseShellExecute = false };
        start.ArgumentList.Add(ChildCommand);
        start.ArgumentList.Add(side);
        start.ArgumentList.Add(server.ToString());
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        string? line;
        while ((line = await process.StandardOutput.ReadLineAsync()) is not null && !line.StartsWith("ACCEPTED ", StringComparison.Ordinal))
        {
        }

        var parentMs = clock.Elapsed.TotalMilliseconds;
        await process.WaitForExitAsync();
        if (line is null)
        {
            throw new InvalidOperationException($"The {side} cold-start child exited with {process.ExitCode} without sending.");
        }

        var fields = line.Split(' ').Skip(1).Select(f => f.Split('=')).ToDictionary(f => f[0], f => double.Parse(f[1], CultureInfo.InvariantCulture));
        return new Sample(parentMs, fields["process"], fields["main"], fields["jitms"], fields["jitmethods"], fields.Where(f => f.Key is not ("process" or "main" or "jitms" or "jitmethods")).ToDictionary());
    }

    private static void Print(string name, List<Sample> samples)
    {
        Console.WriteLine(FormattableString.Invariant(
            $"  {name + ":",-16} median {Median(samples, s => s.ParentMs),6:0} ms wall (parent: Process.Start → accepted), {Median(samples, s => s.ProcessMs),6:0} ms since Process.StartTime, {Median(samples, s => s.MainMs),6:0} ms since Main  [wall min {samples.Min(s => s.ParentMs):0}, max {samples.Max(s => s.ParentMs):0}]"));
        var phases = samples[0].Phases.Keys.Select(k => FormattableString.Invariant($"{k} {Median(samples, s => s.Phases[k]):0.0} ms"));
        Console.WriteLine("      after Main (medians): " + string.Join(", ", phases));
        Console.WriteLine(FormattableString.Invariant($"      JIT by then (medians): {Median(samples, s => s.JitMethods):0} methods compiled, {Median(samples, s => s.JitMs):0.0} ms compiling"));
    }

    private static double Median(List<Sample> samples, Func<Sample, double> value)
    {
        var sorted = samples.Select(value).Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private readonly record struct Sample(double ParentMs, double ProcessMs, double MainMs, double JitMs, double JitMethods, Dictionary<string, double> Phases);
}
