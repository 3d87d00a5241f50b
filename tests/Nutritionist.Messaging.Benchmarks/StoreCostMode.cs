using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Amazon.DynamoDBv2;
using Amazon.Runtime;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Nutritionist.Messaging.Bulk;
using Nutritionist.Messaging.Delivery;
using Nutritionist.Messaging.Idempotency;
using Nutritionist.Messaging.OptOut;
using StackExchange.Redis;

namespace Nutritionist.Messaging.Benchmarks;

/// <summary>
/// Issue 16's cost of sharing: the same SendManyAsync batch through the in-process sandbox provider with the in-memory
/// stores, with Redis (redis-server on loopback) and with DynamoDB's wire protocol (dynalite on loopback), side by side
/// in one run: throughput and the latency each store adds per send; the CPU each send costs in this process (library)
/// and in the engine's process (redis-server, dynalite's node), read from /proc; the engine requests each send makes;
/// and each store operation's own latency, one call at a time. <c>stores --messages 2000 --rounds 3</c>.
/// </summary>
/// <remarks>
/// The sandbox's delivery events are pushed out of the rounds (an hour's delay): they are inbound work, not part of
/// SendManyAsync, and at the default two seconds they would land inside the slower variants' rounds only. Their cost is
/// the "delivery update" operation below.
/// </remarks>
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

        var variants = new List<Variant> { new("in-memory stores", static _ => { }, null, null) };
        if (redis is not null)
        {
            var counter = new RedisCommandCounter($"127.0.0.1:{redis.Port}");
            variants.Add(new("Redis (redis-server, loopback)", b =>
            {
                b.Services.AddSingleton<IConnectionMultiplexer>(counter.Stores); // the stores use a multiplexer from DI when there is one
                b.UseRedisStores();
            }, redis, counter));
        }

        if (dynalite is not null)
        {
            var counter = new DynamoRequestCounter(new Uri($"http://127.0.0.1:{dynalite.Port}"));
            variants.Add(new("DynamoDB (dynalite, loopback)", b =>
            {
                b.Services.AddSingleton(counter.Client); // the stores use a client from DI when there is one
                b.UseDynamoDbStores(o =>
                {
                    o.ServiceUrl = new Uri($"http://127.0.0.1:{dynalite.Port}");
                    o.Region = "us-east-1";
                    o.CreateTableIfMissing = true;
                });
            }, dynalite, counter));
        }

        Console.WriteLine($"STORES messages={messages} rounds={rounds} (SendManyAsync, MaxConcurrency 16, in-process sandbox provider; load average {LoadAverage()})");
        double? inMemory = null;
        foreach (var variant in variants)
        {
            await using var services = Build(variant.Stores);
            var client = services.GetRequiredService<IMessagingClient>();
            await SendAsync(client, messages, "warm"); // warm-up, a round long: JIT tiering, connections, table creation
            var measured = new List<Round>();
            for (var round = 0; round < rounds; round++)
            {
                var libraryBefore = ProcFs.CpuTime();
                var engineBefore = variant.Engine?.CpuTime ?? TimeSpan.Zero;
                var requestsBefore = variant.Counter is null ? null : await variant.Counter.SnapshotAsync();
                var rate = await SendAsync(client, messages, $"r{round}");
                var library = ProcFs.CpuTime() - libraryBefore;
                var engine = (variant.Engine?.CpuTime ?? TimeSpan.Zero) - engineBefore;
                var requests = variant.Counter is null ? null : Delta(await variant.Counter.SnapshotAsync(), requestsBefore!);
                measured.Add(new Round(rate, library.TotalMicroseconds / messages, engine.TotalMicroseconds / messages, requests));
            }

            var median = measured.OrderBy(r => r.Rate).ElementAt(measured.Count / 2);
            inMemory ??= median.Rate;
            var addedMicros = (1_000_000.0 / median.Rate - 1_000_000.0 / inMemory.Value) * 16; // per send, at 16 in flight
            Console.WriteLine($"  {variant.Name,-32} {median.Rate,8:0} msg/s (median of {rounds})  {median.Rate / inMemory.Value:0.00}× in-memory  latency added per send ≈ {addedMicros:0} µs");
            Console.WriteLine($"  {string.Empty,-32} CPU per send (that round): library {median.LibraryMicros:0} µs, engine {median.EngineMicros:0} µs; wall per send {1_000_000.0 / median.Rate:0} µs on {Environment.ProcessorCount} cores");
            if (median.Requests is { } perRound)
            {
                Console.WriteLine($"  {string.Empty,-32} {variant.Counter!.Describe(perRound, messages)}");
            }

            await OperationLatencyAsync(services, variant.Name);
        }

        if (redis is null || dynalite is null)
        {
            Console.WriteLine("  (an engine could not be started: install redis-server, and run the shared-state tests once so dynalite is installed)");
        }

        return 0;
    }

    /// <summary>
    /// Each store operation on its own, one call at a time (so this is latency, not throughput): median and 99th
    /// percentile over a few hundred calls after a warm-up.
    /// </summary>
    private static async Task OperationLatencyAsync(IServiceProvider services, string name)
    {
        const int Calls = 400;
        var optOuts = services.GetRequiredService<IOptOutStore>();
        var tracker = services.GetRequiredService<IDeliveryTracker>();
        var claims = services.GetRequiredService<ISendClaimStore>();
        var run = Guid.NewGuid().ToString("N")[..8];
        var numbers = Enumerable.Range(0, Calls).Select(i => $"+1201556{i:0000}").ToArray();
        var ids = Enumerable.Range(0, Calls + 50).Select(i => $"op-{run}-{i}").ToArray();

        var line = new List<string>
        {
            await TimeAsync("opt-out read", Calls, i => optOuts.IsOptedOutAsync(numbers[i % Calls], MessagingPlatform.Sms)),
            await TimeAsync("batch opt-out read (100)", Calls / 10, i => optOuts.GetOptedOutAsync(numbers[(i * 100 % Calls)..((i * 100 % Calls) + 100)], MessagingPlatform.Sms)),
            await TimeAsync("tracker record", Calls, i => tracker.RecordAcceptedAsync(new SendResult
            {
                Status = SendStatus.Accepted,
                Platform = MessagingPlatform.Sms,
                MessageId = ids[i],
                Recipient = numbers[i % Calls],
            })),
            await TimeAsync("batch tracker record (100)", Calls / 10, i => tracker.RecordAcceptedManyAsync([.. Enumerable.Range(0, 100).Select(j => new SendResult
            {
                Status = SendStatus.Accepted,
                Platform = MessagingPlatform.Sms,
                MessageId = $"batch-{run}-{i}-{j}",
                Recipient = numbers[(i * 100 + j) % Calls],
            })])),
            await TimeAsync("delivery update", Calls, i => tracker.ApplyAsync(new DeliveryStatusUpdate(ids[i], MessagingPlatform.Sms, DeliveryStatus.Delivered)
            {
                Recipient = numbers[i % Calls],
                Timestamp = DateTimeOffset.UtcNow,
            })),
            await TimeAsync("claim", Calls, i => claims.TryClaimAsync($"bench:{run}:{i}", TimeSpan.FromHours(1))),
        };
        Console.WriteLine($"  {string.Empty,-32} one call at a time, median/p99 µs: {string.Join("; ", line)}");
    }

    private static async Task<string> TimeAsync<T>(string operation, int calls, Func<int, ValueTask<T>> call)
    {
        const int Warm = 50;
        for (var i = 0; i < Math.Min(Warm, calls); i++)
        {
            await call(calls - 1 - i);
        }

        var micros = new double[calls];
        for (var i = 0; i < calls; i++)
        {
            var started = Stopwatch.GetTimestamp();
            await call(i);
            micros[i] = Stopwatch.GetElapsedTime(started).TotalMicroseconds;
        }

        Array.Sort(micros);
        return $"{operation} {micros[calls / 2]:0}/{micros[Math.Min(calls - 1, (int)(calls * 0.99))]:0}";
    }

    private static Task<string> TimeAsync(string operation, int calls, Func<int, ValueTask> call) =>
        TimeAsync(operation, calls, async i =>
        {
            await call(i);
            return true;
        });

    private static Dictionary<string, long> Delta(Dictionary<string, long> after, Dictionary<string, long> before) =>
        after.Select(p => (p.Key, Value: p.Value - before.GetValueOrDefault(p.Key))).Where(p => p.Value > 0).ToDictionary(p => p.Key, p => p.Value);

    private static string LoadAverage()
    {
        try
        {
            return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "n/a";
        }
    }

    private static ServiceProvider Build(Action<IMessagingBuilder> stores)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        var builder = services.AddNutritionistMessaging(o => o.DefaultRegion = "US").AddAwsSms().AddTwilioWhatsApp();
        builder.UseSandbox(o => o.DeliveryDelay = o.SentDelay = TimeSpan.FromHours(1));
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

    private sealed record Variant(string Name, Action<IMessagingBuilder> Stores, Engine? Engine, IRequestCounter? Counter);

    private sealed record Round(double Rate, double LibraryMicros, double EngineMicros, Dictionary<string, long>? Requests);

    /// <summary>Counts what the engine was asked, by command or operation.</summary>
    private interface IRequestCounter
    {
        Task<Dictionary<string, long>> SnapshotAsync();

        string Describe(Dictionary<string, long> delta, int sends);
    }

    /// <summary>
    /// The stores' multiplexer's own count of the operations it sent (pipelined or not), and Redis's count of the commands
    /// it ran (<c>INFO commandstats</c>, through a second, admin connection; commands inside scripts count too).
    /// </summary>
    private sealed class RedisCommandCounter(string connectionString) : IRequestCounter
    {
        private const string ClientOperations = "(client operations)";
        private readonly Lazy<Task<ConnectionMultiplexer>> _admin = new(() => ConnectionMultiplexer.ConnectAsync(connectionString + ",allowAdmin=true"));

        public ConnectionMultiplexer Stores { get; } = ConnectionMultiplexer.Connect(connectionString);

        public string Describe(Dictionary<string, long> delta, int sends) =>
            $"client operations per send: {delta.GetValueOrDefault(ClientOperations) / (double)sends:0.000}; commands Redis ran per send: " +
            string.Join(", ", delta.Where(p => p.Key != ClientOperations).OrderByDescending(p => p.Value).Select(p => $"{p.Key} {p.Value / (double)sends:0.000}"));

        public async Task<Dictionary<string, long>> SnapshotAsync()
        {
            var connection = await _admin.Value;
            var server = connection.GetServer(connection.GetEndPoints()[0]);
            var counts = new Dictionary<string, long>(StringComparer.Ordinal) { [ClientOperations] = Stores.OperationCount };
            foreach (var group in await server.InfoAsync("commandstats"))
            {
                foreach (var (key, value) in group)
                {
                    // cmdstat_evalsha:calls=2000,usec=…
                    var calls = value.Split(',')[0];
                    if (key.StartsWith("cmdstat_", StringComparison.Ordinal) && key != "cmdstat_info" && calls.StartsWith("calls=", StringComparison.Ordinal))
                    {
                        counts[key["cmdstat_".Length..].ToUpperInvariant()] = long.Parse(calls["calls=".Length..], System.Globalization.CultureInfo.InvariantCulture);
                    }
                }
            }

            return counts;
        }
    }

    /// <summary>The DynamoDB client the stores use, counting its requests by operation.</summary>
    private sealed class DynamoRequestCounter : IRequestCounter
    {
        private readonly ConcurrentDictionary<string, long> _counts = new(StringComparer.Ordinal);

        public DynamoRequestCounter(Uri serviceUrl)
        {
            var client = new AmazonDynamoDBClient(new BasicAWSCredentials("bench", "bench"), new AmazonDynamoDBConfig { ServiceURL = serviceUrl.AbsoluteUri, AuthenticationRegion = "us-east-1" });
            client.BeforeRequestEvent += (_, e) =>
            {
                if (e is WebServiceRequestEventArgs request)
                {
                    _counts.AddOrUpdate(request.Request.GetType().Name.Replace("Request", string.Empty, StringComparison.Ordinal), 1, static (_, n) => n + 1);
                }
            };
            Client = client;
        }

        public IAmazonDynamoDB Client { get; }

        public Task<Dictionary<string, long>> SnapshotAsync() => Task.FromResult(_counts.ToDictionary(StringComparer.Ordinal));

        public string Describe(Dictionary<string, long> delta, int sends) =>
            $"requests per send: {delta.Values.Sum() / (double)sends:0.000} ({string.Join(", ", delta.OrderByDescending(p => p.Value).Select(p => $"{p.Key} {p.Value / (double)sends:0.000}"))})";
    }

    private sealed class Engine(Process process, int port) : IDisposable
    {
        public int Port { get; } = port;

        public TimeSpan CpuTime => ProcFs.CpuTime(process);

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
