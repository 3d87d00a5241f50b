using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Nutritionist.Messaging.Bulk;

namespace Nutritionist.Messaging.Benchmarks;

/// <summary>
/// Issue 16's cost of sharing: the same SendManyAsync batch through the in-process sandbox provider with the in-memory
/// stores, with Redis (redis-server on loopback) and with DynamoDB's wire protocol (dynalite on loopback), side by side
/// in one run: throughput and the latency each store adds per send. <c>stores --messages 2000 --rounds 3</c>.
/// </summary>
internal static class StoreCostMode
{
    public static async Task<int> RunAsync(string[] args)
    {
        var messages = IntArg(args, "--messages", 2000);
        var rounds = IntArg(args, "--rounds", 3);
        var root = FindRepositoryRoot();
        using var redis = StartEngine("redis-server", "--port PORT --bind 127.0.0.1 --save \"\" --appendonly no --protected-mode no", null);
        using var dynalite = StartEngine("node", "-e \"require('dynalite')({createTableMs:0}).listen(PORT,'127.0.0.1')\"",
            Path.Combine(root, "tests", "Nutritionist.Messaging.SharedState.Tests", "dynalite"));
        await Task.Delay(1500); // both engines listen within a second here; the first send would fail loudly otherwise

        var variants = new List<(string Name, Action<IMessagingBuilder> Stores)> { ("in-memory stores", static _ => { }) };
        if (redis is not null)
        {
            variants.Add(("Redis (redis-server, loopback)", b => b.UseRedisStores(o => o.ConnectionString = $"127.0.0.1:{redis.Port}")));
        }

        if (dynalite is not null)
        {
            variants.Add(("DynamoDB (dynalite, loopback)", b => b.UseDynamoDbStores(o =>
            {
                o.ServiceUrl = new Uri($"http://127.0.0.1:{dynalite.Port}");
                o.Region = "us-east-1";
                o.AccessKeyId = "bench";
                o.SecretAccessKey = "bench";
                o.CreateTableIfMissing = true;
            })));
        }

        Console.WriteLine($"STORES messages={messages} rounds={rounds} (SendManyAsync, MaxConcurrency 16, in-process sandbox provider)");
        double? inMemory = null;
        foreach (var (name, stores) in variants)
        {
            await using var services = Build(stores);
            var client = services.GetRequiredService<IMessagingClient>();
            await SendAsync(client, 200, "warm"); // warm-up: JIT, connections, table creation
            var rates = new List<double>();
            for (var round = 0; round < rounds; round++)
            {
                rates.Add(await SendAsync(client, messages, $"r{round}"));
            }

            var median = rates.Order().ElementAt(rates.Count / 2);
            inMemory ??= median;
            var addedMicros = (1_000_000.0 / median - 1_000_000.0 / inMemory.Value) * 16; // per send, at 16 in flight
            Console.WriteLine($"  {name,-32} {median,8:0} msg/s (median of {rounds})  {median / inMemory.Value:0.00}× in-memory  latency added per send ≈ {addedMicros:0} µs");
        }

        if (redis is null || dynalite is null)
        {
            Console.WriteLine("  (an engine could not be started: install redis-server, and run the shared-state tests once so dynalite is installed)");
        }

        return 0;
    }

    private static ServiceProvider Build(Action<IMessagingBuilder> stores)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        var builder = services.AddNutritionistMessaging(o => o.DefaultRegion = "US").AddAwsSms().AddTwilioWhatsApp();
        builder.UseSandbox();
        stores(builder);
        return services.BuildServiceProvider();
    }

    private static async Task<double> SendAsync(IMessagingClient client, int count, string tag)
    {
        var batch = Enumerable.Range(0, count)
            .Select(i => new OutboundMessage($"+1201555{i % 10_000:0000}", $"{tag} {i}: your meal plan is ready") { Platform = MessagingPlatform.Sms })
            .ToList();
        var clock = Stopwatch.StartNew();
        var result = await client.SendManyAsync(batch, new BulkSendOptions { MaxConcurrency = 16 });
        clock.Stop();
        if (result.Summary.Accepted != count)
        {
            throw new InvalidOperationException($"{result.Summary.Accepted} of {count} accepted: {result.Items.First(i => i.Result?.IsSuccess != true).Result?.Error}");
        }

        return count / clock.Elapsed.TotalSeconds;
    }

    private sealed class Engine(Process process, int port) : IDisposable
    {
        public int Port { get; } = port;

        public void Dispose()
        {
            try
            {
                process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // already gone
            }

            process.Dispose();
        }
    }

    private static Engine? StartEngine(string file, string arguments, string? workingDirectory)
    {
        var port = FreePort();
        try
        {
            var process = Process.Start(new ProcessStartInfo(file, arguments.Replace("PORT", port.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal))
            {
                WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            })!;
            process.OutputDataReceived += static (_, _) => { };
            process.ErrorDataReceived += static (_, _) => { };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            return new Engine(process, port);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Nutritionist.Messaging.sln")))
            {
                return dir.FullName;
            }
        }

        return Environment.CurrentDirectory;
    }

    private static int IntArg(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], System.Globalization.CultureInfo.InvariantCulture) : fallback;
    }
}
