using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Nutritionist.Messaging.Inbound;
using Nutritionist.Messaging.Sandbox;

// Each mode prints "READY" once it is up, then waits for a signal; the tests send SIGTERM and check how it ends.
//   plain                               an app that only waits (what a .NET app does on SIGTERM by itself)
//   sandbox                             the same app with a SandboxServer running
//   sqs-pump SERVICE_URL QUEUE_URL [MS] a generic host running the SQS pump; MS is the host's shutdown timeout
// and one that is not about shutdown, for the fleet tests that need a host in another process:
//   fleet-host ENGINE ENDPOINT SCOPE SMS_URL   see FleetHostMode
switch (args.FirstOrDefault())
{
    case "plain":
        Console.WriteLine("READY");
        Thread.Sleep(Timeout.Infinite);
        return 0;
    case "sandbox":
        await using (var server = await SandboxServer.StartAsync())
        {
            Console.WriteLine("READY " + server.BaseAddress);
            Thread.Sleep(Timeout.Infinite);
        }

        return 0;
    case "sqs-pump" when args.Length >= 3:
        return await RunPumpAsync(new Uri(args[1]), args[2], args.Length > 3 ? TimeSpan.FromMilliseconds(int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture)) : null);
    case "fleet-host" when args.Length == 5:
        return await FleetHostMode.RunAsync(args[1], args[2], args[3], new Uri(args[4]));
    default:
        await Console.Error.WriteLineAsync("usage: plain | sandbox | sqs-pump SERVICE_URL QUEUE_URL [SHUTDOWN_TIMEOUT_MS] | fleet-host redis|dynamodb ENDPOINT SCOPE SMS_URL");
        return 2;
}

static async Task<int> RunPumpAsync(Uri serviceUrl, string queueUrl, TimeSpan? shutdownTimeout)
{
    var builder = Host.CreateApplicationBuilder();
    builder.Logging.ClearProviders();
    builder.Logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
    if (shutdownTimeout is { } timeout)
    {
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = timeout);
    }

    builder.Services.AddNutritionistMessaging(o => o.DefaultRegion = "US")
        .AddAwsSmsInboundPump(o =>
        {
            o.ServiceUrl = serviceUrl;
            o.QueueUrls.Add(queueUrl);
            o.WaitTimeSeconds = 20;
            o.MaxNumberOfMessages = 1;
        });
    builder.Services.AddSingleton<IInboundMessageHandler, ProbeHandler>();
    using var host = builder.Build();
    host.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStarted.Register(static () => Console.WriteLine("READY"));
    await host.RunAsync();
    return 0;
}

/// <summary>Prints START and DONE for each message; a body starting with "stuck" waits until its work is cancelled.</summary>
internal sealed class ProbeHandler : IInboundMessageHandler
{
    public async Task HandleAsync(InboundMessage message, CancellationToken cancellationToken = default)
    {
        Console.WriteLine("START " + message.Body);
        try
        {
            await Task.Delay(message.Body.StartsWith("stuck", StringComparison.Ordinal) ? Timeout.InfiniteTimeSpan : TimeSpan.FromSeconds(1), cancellationToken);
        }
        catch (OperationCanceledException)
        {
            Console.WriteLine("CANCELLED " + message.Body);
            throw;
        }

        Console.WriteLine("DONE " + message.Body);
    }
}
