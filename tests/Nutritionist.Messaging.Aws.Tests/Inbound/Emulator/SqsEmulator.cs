using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Amazon.Runtime;
using Amazon.SQS;
using Amazon.SQS.Model;
using Nutritionist.Messaging.Testing.Shared;

namespace Nutritionist.Messaging.Aws.Tests.Inbound.Emulator;

/// <summary>
/// Starts the SQS emulator (<c>local-aws-sqs</c> 2.0.2 from npm, pinned in <c>sqs-emulator/package.json</c> and its lock
/// file) on a free loopback port once for the tests in this namespace, and stops it (with its process tree) afterwards.
/// Without Node.js the tests are skipped with a message, except under <c>CI=true</c> where that is a failure.
/// </summary>
[SetUpFixture]
public sealed class SqsEmulator
{
    private const string EmulatorFolder = "tests/Nutritionist.Messaging.Aws.Tests/sqs-emulator";

    // Runs the package's createSqsServer; exits when the test process closes stdin (so it never outlives a crashed run).
    // local-aws-sqs 2.0.2 answers an empty ReceiveMessage (and DeleteMessage) with no body at all; SQS sends "{}", and the
    // .NET SDK cannot read an empty JSON body, so the launcher sends "{}" where the emulator would send nothing.
    private const string Launcher = """
        const http = require("http");
        const end = http.ServerResponse.prototype.end;
        http.ServerResponse.prototype.end = function (chunk, ...rest) {
          if ((chunk === undefined || chunk === null || chunk === "" || typeof chunk === "function") && this.statusCode === 200
              && String(this.getHeader("content-type") || "").includes("amz-json")) {
            if (typeof chunk === "function") rest.unshift(chunk);
            if (!this.headersSent) this.setHeader("Content-Length", "2");
            return end.call(this, "{}", ...rest);
          }
          return end.call(this, chunk, ...rest);
        };
        const { createSqsServer } = require("local-aws-sqs");
        const port = Number(process.argv[1]);
        createSqsServer({ port, hostname: "127.0.0.1", emulateQueueCreationLifecycle: false, validateDlqDestination: false })
          .then(server => {
            console.log("READY " + port);
            process.stdin.on("end", () => { server.close(); process.exit(0); });
            process.stdin.resume();
          }, error => { console.error(error); process.exit(1); });
        """;

    private static Process? _process;
    private static string? _skipReason;

    /// <summary>The emulator's endpoint, e.g. <c>http://127.0.0.1:49152/</c>.</summary>
    public static Uri ServiceUrl { get; private set; } = null!;

    /// <summary>Skips (or under CI fails) the calling test when the emulator could not be started.</summary>
    public static void EnsureRunning()
    {
        if (_skipReason is null)
        {
            return;
        }

        if (IsCi)
        {
            Assert.Fail(_skipReason + " Under CI=true Node.js must be installed.");
        }

        Assert.Ignore(_skipReason);
    }

    /// <summary>A client for test set-up and inspection (not the one the pump uses).</summary>
    public static AmazonSQSClient CreateClient() =>
        new(new BasicAWSCredentials("test", "test"), new AmazonSQSConfig { ServiceURL = ServiceUrl.AbsoluteUri, AuthenticationRegion = "us-east-1" });

    /// <summary>Creates a queue with a unique name and the given visibility timeout.</summary>
    public static async Task<string> CreateQueueAsync(AmazonSQSClient client, int visibilityTimeoutSeconds = 1)
    {
        var response = await client.CreateQueueAsync(new CreateQueueRequest
        {
            QueueName = "inbound-" + Guid.NewGuid().ToString("N"),
            Attributes = new Dictionary<string, string> { ["VisibilityTimeout"] = visibilityTimeoutSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture) },
        });
        return response.QueueUrl;
    }

    /// <summary>
    /// Every message still in the queue, including the ones a consumer received and did not delete: those come back
    /// when their visibility timeout ends. Each found message is taken for 30 seconds, so it is listed once.
    /// </summary>
    /// <remarks>
    /// Short polls until the queue holds nothing but what was found, judged by the emulator's counts: its
    /// <c>ApproximateNumberOfMessages</c> counts every message not delayed, visible or not, and
    /// <c>ApproximateNumberOfMessagesNotVisible</c> the received ones. A queue whose messages were all deleted answers at
    /// once; a long poll would have waited out its whole wait time (the emulator answers one only then).
    /// </remarks>
    public static async Task<List<Message>> RemainingMessagesAsync(AmazonSQSClient client, string queueUrl)
    {
        var found = new Dictionary<string, Message>();
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            var received = await client.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = queueUrl, WaitTimeSeconds = 0, MaxNumberOfMessages = 10, VisibilityTimeout = 30 });
            foreach (var message in received.Messages ?? [])
            {
                found.TryAdd(message.MessageId, message);
            }

            var counts = await client.GetQueueAttributesAsync(queueUrl, ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"]);
            if (counts.ApproximateNumberOfMessages == found.Count && counts.ApproximateNumberOfMessagesNotVisible == found.Count)
            {
                return [.. found.Values];
            }

            if (deadline.Elapsed > TimeSpan.FromSeconds(15))
            {
                Assert.Fail($"The queue still holds {counts.ApproximateNumberOfMessages} messages after 15 s; {found.Count} came back.");
            }

            await Task.Delay(100);
        }
    }

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        var node = FindOnPath("node");
        var npm = FindOnPath("npm");
        if (node is null || npm is null)
        {
            _skipReason = "Node.js (node and npm) is not on PATH, so the SQS emulator tests cannot run. Install Node.js 18 or later.";
            return;
        }

        var folder = Path.Combine(ReferenceData.RepositoryRoot, EmulatorFolder);
        if (!File.Exists(Path.Combine(folder, "node_modules", "local-aws-sqs", "package.json")))
        {
            var (exitCode, output) = await RunAsync(npm, ["ci", "--no-audit", "--no-fund"], folder, TimeSpan.FromMinutes(3));
            if (exitCode != 0)
            {
                _skipReason = $"'npm ci' in {folder} failed with exit code {exitCode}: {output}";
                if (IsCi)
                {
                    Assert.Fail(_skipReason);
                }

                return;
            }
        }

        var port = FreeLoopbackPort();
        var start = new ProcessStartInfo(node)
        {
            WorkingDirectory = folder,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("-e");
        start.ArgumentList.Add(Launcher);
        start.ArgumentList.Add(port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        _process = Process.Start(start) ?? throw new InvalidOperationException("node did not start");

        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var errors = new System.Text.StringBuilder();
        _process.OutputDataReceived += (_, e) =>
        {
            if (e.Data?.StartsWith("READY", StringComparison.Ordinal) == true)
            {
                ready.TrySetResult();
            }
        };
        _process.ErrorDataReceived += (_, e) =>
        {
            lock (errors)
            {
                errors.AppendLine(e.Data);
            }
        };
        _process.Exited += (_, _) => ready.TrySetException(new InvalidOperationException("The SQS emulator exited: " + errors));
        _process.EnableRaisingEvents = true;
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        await ready.Task.WaitAsync(TimeSpan.FromSeconds(30));
        ServiceUrl = new Uri($"http://127.0.0.1:{port}/");

        // Ready means answering real requests, not only listening.
        using var client = CreateClient();
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                await client.ListQueuesAsync(new ListQueuesRequest());
                break;
            }
            catch (Exception e) when (deadline.Elapsed < TimeSpan.FromSeconds(15) && e is AmazonServiceException or HttpRequestException or AmazonClientException)
            {
                await Task.Delay(100);
            }
        }
    }

    [OneTimeTearDown]
    public void Stop()
    {
        if (_process is null)
        {
            return;
        }

        try
        {
            _process.StandardInput.Close();
            if (!_process.WaitForExit(2000))
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
        finally
        {
            _process.Dispose();
            _process = null;
        }
    }

    private static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string? FindOnPath(string name)
    {
        var names = OperatingSystem.IsWindows() ? new[] { name + ".exe", name + ".cmd" } : new[] { name };
        foreach (var directory in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            foreach (var candidate in names)
            {
                var path = Path.Combine(directory, candidate);
                if (File.Exists(path))
                {
                    return path;
                }
            }
        }

        return null;
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string fileName, string[] arguments, string workingDirectory, TimeSpan timeout)
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
}
