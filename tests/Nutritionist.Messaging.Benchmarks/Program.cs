using System.Diagnostics;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using Nutritionist.Messaging.Benchmarks;

// Taken first: the cold-start probe measures from here.
var mainStarted = Stopwatch.GetTimestamp();

switch (args.FirstOrDefault())
{
    case "serve":
        return await LoopbackServer.ServeAsync(args[1..]);
    case "throughput":
        return await ThroughputMode.RunAsync(args[1..]);
    case "stores":
        return await StoreCostMode.RunAsync(args[1..]);
    case "coldstart":
        return await ColdStartMode.RunAsync(args[1..]);
    case ColdStartMode.ChildCommand:
        return await ColdStartMode.ChildAsync(args[1..], mainStarted);
}

// Everything else goes to BenchmarkDotNet. The loopback server runs in its own process for the whole run; the
// benchmark processes BenchmarkDotNet starts inherit its address through the environment.
using var server = ServerProcess.Start();
Console.WriteLine($"// Loopback server (separate process): {server.Address}");
var userChoseJob = args.Any(a => a.StartsWith("--job", StringComparison.Ordinal));
var config = userChoseJob
    ? DefaultConfig.Instance
    : DefaultConfig.Instance.AddJob(Job.Default
        // A shortened job so the whole suite fits in well under 20 minutes on two cores; ratios come from the same run.
        .WithLaunchCount(1)
        .WithWarmupCount(4)
        .WithIterationCount(12)
        .WithIterationTime(Perfolizer.Horology.TimeInterval.FromMilliseconds(250))
        .AsDefault());
config = config.WithArtifactsPath(Path.Combine(Path.GetTempPath(), "nutritionist-messaging-benchmarks"));
var summaries = BenchmarkSwitcher.FromAssembly(typeof(LoopbackServer).Assembly).Run(args, config);
return summaries.Any(s => s.HasCriticalValidationErrors) ? 1 : 0;
