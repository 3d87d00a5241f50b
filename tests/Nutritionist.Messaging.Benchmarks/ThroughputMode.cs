using System.Diagnostics;
using System.Globalization;
using System.Runtime;
using Microsoft.Extensions.DependencyInjection;

namespace Nutritionist.Messaging.Benchmarks;

/// <summary>
/// <c>throughput --messages N --concurrency C [--rounds R] [--platform sms|whatsapp] [--warmup-seconds S] [--max-warmup-seconds M] [--server-delay-ms D] [--allocations-by-type] [--variant no-tracker|no-breaker|no-retry|no-resilience|bare] [--side library|baseline] [--baseline raw|signed|sdk]</c>: sends N messages through the
/// library and N through the baseline, C in flight at a time. Baselines: <c>raw</c> (SMS default: an unsigned raw
/// HttpClient POST), <c>signed</c> (the raw POST signed by hand: SigV4 for SMS, Basic authentication for WhatsApp — the
/// physical limit of issue 15), <c>sdk</c> (WhatsApp default: the Twilio SDK; for SMS the AWS SDK's JSON-protocol call,
/// <see cref="AwsSdkClient"/>). <c>--rate-test</c> runs the rate scenario instead (<see cref="RateTestMode"/>). Sends go
/// alternating in R rounds (the side that goes first alternates too, so drift on a busy machine hits both), and prints
/// messages per second, the ratio, allocated bytes and the sending process's CPU time per send (GC.GetTotalAllocatedBytes deltas; the loopback server
/// runs in its own process, so only the sender's allocations count).
/// </summary>
internal static class ThroughputMode
{
    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Contains("--rate-test"))
        {
            return await RateTestMode.RunAsync(args);
        }

        AppDomain.CurrentDomain.FirstChanceException += static (_, _) => Interlocked.Increment(ref s_firstChanceExceptions);
        var messages = IntArg(args, "--messages", 2000);
        var concurrency = IntArg(args, "--concurrency", 64);
        var rounds = IntArg(args, "--rounds", 5);
        var platform = StringArg(args, "--platform") ?? "sms";
        var whatsApp = platform.Equals("whatsapp", StringComparison.OrdinalIgnoreCase);

        // A delay stands in for a real provider's round trip: with it the sender is no longer CPU-bound, as in production.
        var delay = IntArg(args, "--server-delay-ms", 0);
        using var server = ServerProcess.Start(delay);
        s_server = server;
        var variant = StringArg(args, "--variant");
        await using var provider = LibraryHost.Build(server.Address, LibraryHost.Variant(variant));
        if (variant is not null)
        {
            Console.WriteLine($"VARIANT {variant}: the library is NOT as shipped in this run (a profiling aid).");
        }

        var library = provider.GetRequiredService<IMessagingClient>();
        var baseline = StringArg(args, "--baseline") ?? (whatsApp ? "sdk" : "raw");
        if (baseline is not ("raw" or "signed" or "sdk"))
        {
            throw new ArgumentException($"Unknown baseline '{baseline}': raw, signed, sdk.");
        }

        HandSigV4.CheckAgainstVector();
        using var raw = new RawAwsClient(server.Address) { Sign = baseline == "signed" };
        using var awsSdk = new AwsSdkClient(server.Address);
        using var rawTwilio = new RawTwilioClient(server.Address);
        using var twilioSdk = new TwilioSdkClient(server.Address);
        Func<string, Task> librarySend = whatsApp ? to => LibraryHost.SendWhatsAppAsync(library, to) : to => LibraryHost.SendSmsAsync(library, to);
        Func<string, Task> baselineSend;
        string baselineName;
        switch (whatsApp, baseline)
        {
            case (true, "sdk"):
                (baselineSend, baselineName) = (to => twilioSdk.SendAsync(to), "Twilio SDK");
                break;
            case (true, _):
                // Twilio has no unsigned form: a raw POST always carries Basic authentication.
                (baselineSend, baselineName) = (to => rawTwilio.SendAsync(to), "raw Basic-auth POST");
                break;
            case (false, "sdk"):
                Console.WriteLine(await SendCheck.AwsSdkRequestAsync());
                await SendCheck.SameSdkSizeAsync(server.Address, awsSdk);
                (baselineSend, baselineName) = (_ => awsSdk.SendAsync(), "AWS SDK (SQS)");
                break;
            default:
                (baselineSend, baselineName) = (to => raw.SendAsync(to), baseline == "signed" ? "signed raw POST" : "raw HttpClient");
                break;
        }

        Console.WriteLine($"BASELINE {baseline}: {baselineName}");

        // Profiling aid (perf, dotnet-trace): --side library|baseline runs that side on both slots, so a process profile holds one side only.
        switch (StringArg(args, "--side"))
        {
            case "library":
                baselineSend = librarySend;
                baselineName = "library again";
                break;
            case "baseline":
                librarySend = baselineSend;
                break;
        }

        if (!whatsApp)
        {
            await SendCheck.SameSmsBodyAsync(server.Address, library, raw);
        }

        Console.WriteLine($"throughput: {platform}, {messages} messages × {rounds} rounds per side, concurrency {concurrency}, {Environment.ProcessorCount} cores, .NET {Environment.Version}{(delay > 0 ? $", server answers after {delay} ms" : string.Empty)}");

        // Warm-up, not measured, both sides in turn: at least S seconds, then on until the JIT has compiled nothing for two
        // seconds (tiered compilation re-compiles hot methods in the background, and with both cores busy sending, the
        // library's larger set of methods took well over the old fixed 3 s per side; its compile work then landed in the
        // measured rounds). Connection pools fill and the library's caches and delivery tracker reach a running service's state.
        var warmupSeconds = IntArg(args, "--warmup-seconds", 3);
        var maxWarmupSeconds = IntArg(args, "--max-warmup-seconds", 60);
        var warmup = await WarmUpAsync(librarySend, baselineSend, concurrency, warmupSeconds, maxWarmupSeconds);
        Console.WriteLine(FormattableString.Invariant(
            $"warm-up: {warmup.Elapsed.TotalSeconds:0.0} s ({warmup.Library} library sends, {warmup.Baseline} baseline sends); {(warmup.JitQuiet ? "the JIT was quiet for its last 2 s" : $"the JIT was still compiling after --max-warmup-seconds {maxWarmupSeconds}")}"));

        using var sampler = args.Contains("--allocations-by-type") ? new AllocationSampler() : null;
        if (sampler is not null)
        {
            librarySend = Sampled(librarySend, sampler, "library");
            baselineSend = Sampled(baselineSend, sampler, baselineName);
        }

        var libraryRuns = new List<Run>();
        var baselineRuns = new List<Run>();
        for (var round = 0; round < rounds; round++)
        {
            Run l, b;
            if (round % 2 == 0)
            {
                l = await RunOnceAsync(librarySend, messages, concurrency);
                b = await RunOnceAsync(baselineSend, messages, concurrency);
            }
            else
            {
                b = await RunOnceAsync(baselineSend, messages, concurrency);
                l = await RunOnceAsync(librarySend, messages, concurrency);
            }

            libraryRuns.Add(l);
            baselineRuns.Add(b);
            Console.WriteLine(FormattableString.Invariant(
                $"  round {round + 1}: library {l.PerSecond,9:0} msg/s {l.BytesPerSend,8:0} B/send {l.CpuMicrosecondsPerSend,6:0.0} µs CPU/send | {baselineName} {b.PerSecond,9:0} msg/s {b.BytesPerSend,8:0} B/send {b.CpuMicrosecondsPerSend,6:0.0} µs CPU/send | ratio {l.PerSecond / b.PerSecond:0.000}"));
        }

        var lib = Median(libraryRuns.Select(r => r.PerSecond));
        var bas = Median(baselineRuns.Select(r => r.PerSecond));
        var ratios = libraryRuns.Zip(baselineRuns, (l, b) => l.PerSecond / b.PerSecond).ToList();
        var libBytes = Median(libraryRuns.Select(r => r.BytesPerSend));
        var basBytes = Median(baselineRuns.Select(r => r.BytesPerSend));
        var libExceptions = libraryRuns.Average(r => r.ExceptionsPerSend);
        var basExceptions = baselineRuns.Average(r => r.ExceptionsPerSend);
        var libCpu = Median(libraryRuns.Select(r => r.CpuMicrosecondsPerSend));
        var basCpu = Median(baselineRuns.Select(r => r.CpuMicrosecondsPerSend));
        Console.WriteLine(FormattableString.Invariant($"RESULT platform={platform} messages={messages} concurrency={concurrency} rounds={rounds}"));
        Console.WriteLine(FormattableString.Invariant($"  library:        {lib:0} msg/s (median), {1000.0 / lib * concurrency:0.000} ms mean latency, {libBytes:0} B allocated/send"));
        Console.WriteLine(FormattableString.Invariant($"  {baselineName + ":",-15} {bas:0} msg/s (median), {1000.0 / bas * concurrency:0.000} ms mean latency, {basBytes:0} B allocated/send"));
        Console.WriteLine(FormattableString.Invariant(
            $"  ratio library/baseline: throughput {lib / bas:0.000} (median of medians), per-round {Median(ratios):0.000} [min {ratios.Min():0.000}, max {ratios.Max():0.000}]; allocations {libBytes / basBytes:0.00}×"));

        // CPU time of this (sending) process per message: steadier than wall time on a shared machine, and the loopback
        // server's share (its own process) is out of it. The difference is the library's own work per message.
        Console.WriteLine(FormattableString.Invariant(
            $"  sender CPU per send: library {libCpu:0.0} µs, {baselineName} {basCpu:0.0} µs (median); library adds {libCpu - basCpu:0.0} µs ({libCpu / basCpu:0.00}×)"));
        // The server's own CPU per message is not quite the same for both sides: a slower client leaves the server fewer
        // ready requests per wake-up (the SigV4 headers are not the cause: a raw POST given dummy ones of the same size
        // left the gap as it was).
        Console.WriteLine(FormattableString.Invariant(
            $"  server CPU per send: for the library {Median(libraryRuns.Select(r => r.ServerCpuMicrosecondsPerSend)):0.0} µs, for the {baselineName} {Median(baselineRuns.Select(r => r.ServerCpuMicrosecondsPerSend)):0.0} µs (median)"));
        // Sender CPU over the loopback server's CPU in the same round: the server does about the same work per message for
        // either side, so this ratio cancels much of the machine's noise (steal time, frequency, neighbours).
        var libRelative = Median(libraryRuns.Select(r => r.CpuPerServerCpu));
        var basRelative = Median(baselineRuns.Select(r => r.CpuPerServerCpu));
        Console.WriteLine(FormattableString.Invariant(
            $"  sender CPU per server CPU: library {libRelative:0.00}, {baselineName} {basRelative:0.00} (median); library/baseline {libRelative / basRelative:0.00}×"));
        Console.WriteLine(FormattableString.Invariant(
            $"  thread-pool work items per send: library {Median(libraryRuns.Select(r => r.WorkItemsPerSend)):0.00}, {baselineName} {Median(baselineRuns.Select(r => r.WorkItemsPerSend)):0.00}; pool threads at the end: {libraryRuns[^1].Threads} / {baselineRuns[^1].Threads}"));
        Console.WriteLine(FormattableString.Invariant(
            $"  context switches per send (voluntary/involuntary): library {Median(libraryRuns.Select(r => r.VoluntarySwitchesPerSend)):0.000}/{Median(libraryRuns.Select(r => r.InvoluntarySwitchesPerSend)):0.000}, {baselineName} {Median(baselineRuns.Select(r => r.VoluntarySwitchesPerSend)):0.000}/{Median(baselineRuns.Select(r => r.InvoluntarySwitchesPerSend)):0.000}; lock contentions per send: {Median(libraryRuns.Select(r => r.LockContentionsPerSend)):0.0000} / {Median(baselineRuns.Select(r => r.LockContentionsPerSend)):0.0000}"));
        Console.WriteLine(FormattableString.Invariant(
            $"  garbage collections per 1,000 sends: library {Median(libraryRuns.Select(r => r.CollectionsPerThousandSends)):0.00}, {baselineName} {Median(baselineRuns.Select(r => r.CollectionsPerThousandSends)):0.00}; GC pause per send: {Median(libraryRuns.Select(r => r.GcPauseMicrosecondsPerSend)):0.00} µs / {Median(baselineRuns.Select(r => r.GcPauseMicrosecondsPerSend)):0.00} µs"));
        Console.WriteLine(FormattableString.Invariant(
            $"  JIT compile time during the measured rounds: library {libraryRuns.Sum(r => r.JitTime.TotalMilliseconds):0.0} ms, {baselineName} {baselineRuns.Sum(r => r.JitTime.TotalMilliseconds):0.0} ms"));
        Console.WriteLine(FormattableString.Invariant($"  first-chance exceptions per send: library {libExceptions:0.###}, {baselineName} {basExceptions:0.###}"));
        if (sampler is not null)
        {
            sampler.Side = null;
            sampler.Print("library", (long)messages * rounds);
            sampler.Print(baselineName, (long)messages * rounds);
        }

        return 0;
    }

    // The side is set by whichever side's send runs (each round runs one side at a time).
    private static Func<string, Task> Sampled(Func<string, Task> send, AllocationSampler sampler, string side) => to =>
    {
        sampler.Side = side;
        return send(to);
    };

    private static async Task<(int Library, int Baseline, TimeSpan Elapsed, bool JitQuiet)> WarmUpAsync(
        Func<string, Task> librarySend, Func<string, Task> baselineSend, int concurrency, int minSeconds, int maxSeconds)
    {
        int library = 0, baseline = 0;
        var batch = concurrency * 16;
        var clock = Stopwatch.StartNew();
        var compiled = JitInfo.GetCompiledMethodCount();
        var quietSince = TimeSpan.Zero;
        while (true)
        {
            await RunOnceAsync(librarySend, batch, concurrency);
            library += batch;
            await RunOnceAsync(baselineSend, batch, concurrency);
            baseline += batch;

            var now = JitInfo.GetCompiledMethodCount();
            if (now != compiled)
            {
                compiled = now;
                quietSince = clock.Elapsed;
            }

            var quiet = clock.Elapsed - quietSince >= TimeSpan.FromSeconds(2);
            if ((clock.Elapsed.TotalSeconds >= minSeconds && quiet) || clock.Elapsed.TotalSeconds >= maxSeconds)
            {
                return (library, baseline, clock.Elapsed, quiet);
            }
        }
    }

    private static async Task<Run> RunOnceAsync(Func<string, Task> send, int messages, int concurrency)
    {
        var next = -1;
        async Task WorkerAsync()
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < messages)
            {
                await send(Workload.Recipients[i & 63]);
            }
        }

        var switchesBefore = ProcFs.ContextSwitches();
        var contentionBefore = Monitor.LockContentionCount;
        var exceptionsBefore = Interlocked.Read(ref s_firstChanceExceptions);
        var jitBefore = JitInfo.GetCompilationTime();
        var gcsBefore = GC.CollectionCount(0);
        var pauseBefore = GC.GetTotalPauseDuration();
        var workItemsBefore = ThreadPool.CompletedWorkItemCount;
        var cpuBefore = ProcFs.CpuTime();
        var serverCpuBefore = s_server?.CpuTime ?? TimeSpan.Zero;

        // Taken last (and read first after the round): reading /proc allocates, and those bytes are not a send's.
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var started = Stopwatch.GetTimestamp();
        var workers = new Task[concurrency];
        for (var w = 0; w < concurrency; w++)
        {
            workers[w] = Task.Run(WorkerAsync);
        }

        await Task.WhenAll(workers);
        var elapsed = Stopwatch.GetElapsedTime(started);
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        var cpu = ProcFs.CpuTime() - cpuBefore;
        var serverCpu = (s_server?.CpuTime ?? TimeSpan.Zero) - serverCpuBefore;
        var exceptions = Interlocked.Read(ref s_firstChanceExceptions) - exceptionsBefore;
        var workItems = ThreadPool.CompletedWorkItemCount - workItemsBefore;
        var contention = Monitor.LockContentionCount - contentionBefore;
        var jit = JitInfo.GetCompilationTime() - jitBefore;
        var gcs = GC.CollectionCount(0) - gcsBefore;
        var pause = GC.GetTotalPauseDuration() - pauseBefore;
        var switchesAfter = ProcFs.ContextSwitches();
        var (voluntary, involuntary) = switchesBefore is { } b && switchesAfter is { } a
            ? ((double)(a.Voluntary - b.Voluntary) / messages, (double)(a.Involuntary - b.Involuntary) / messages)
            : (double.NaN, double.NaN);
        return new Run(
            messages / elapsed.TotalSeconds, (double)allocated / messages, cpu.TotalMicroseconds / messages, (double)exceptions / messages, cpu / serverCpu,
            (double)workItems / messages, ThreadPool.ThreadCount, voluntary, involuntary, (double)contention / messages, jit,
            1000.0 * gcs / messages, pause.TotalMicroseconds / messages, serverCpu.TotalMicroseconds / messages);
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    internal static int IntArg(string[] args, string name, int fallback) =>
        StringArg(args, name) is { } value ? int.Parse(value, CultureInfo.InvariantCulture) : fallback;

    internal static string? StringArg(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }

    private readonly record struct Run(
        double PerSecond, double BytesPerSend, double CpuMicrosecondsPerSend, double ExceptionsPerSend, double CpuPerServerCpu, double WorkItemsPerSend, int Threads,
        double VoluntarySwitchesPerSend, double InvoluntarySwitchesPerSend, double LockContentionsPerSend, TimeSpan JitTime,
        double CollectionsPerThousandSends, double GcPauseMicrosecondsPerSend, double ServerCpuMicrosecondsPerSend);

    // Thrown-and-caught exceptions cost microseconds each; a send path that throws on success would show here.
    private static long s_firstChanceExceptions;

    private static ServerProcess? s_server;
}
