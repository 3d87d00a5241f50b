using Microsoft.Extensions.DependencyInjection;
using Nutritionist.Messaging;
using Nutritionist.Messaging.Aws.Lambda;
using Nutritionist.Messaging.Inbound;

// Processes the Lambda SQS event in the file named on the command line and writes the partial batch response to stdout:
// exactly what an SQS-triggered Lambda function does with each invocation (see the README's "AWS Lambda" section for
// the RuntimeSupport handler around it). Exit code 0 when every record succeeded, 1 when some must come back, 2 on misuse.
if (args.Length != 1 || !File.Exists(args[0]))
{
    await Console.Error.WriteLineAsync("usage: Nutritionist.Messaging.LambdaSample <lambda-sqs-event.json>");
    return 2;
}

// Built once per Lambda instance (here: once per process), so the cold start is this plus the first event.
var services = new ServiceCollection();
services.AddNutritionistMessaging(o => o.DefaultRegion = "US")
    .AddAwsSmsInbound() // the event source mapping receives: no queue URL, no pump
    .AddInboundMessageHandler<CountingHandler>();
await using var provider = services.BuildServiceProvider();
var processor = provider.GetRequiredService<SqsEventProcessor>();

await using var input = File.OpenRead(args[0]);
var result = await processor.ProcessAsync(input); // a Lambda handler returns processor.HandleAsync(input): the same, as JSON
await using var stdout = Console.OpenStandardOutput();
await stdout.WriteAsync(result.ToBatchResponseJson());
await stdout.WriteAsync("\n"u8.ToArray());
return result.IsSuccess ? 0 : 1;

/// <summary>The application's handler: here it only counts.</summary>
internal sealed class CountingHandler : IInboundMessageHandler
{
    private int _count;

    public Task HandleAsync(InboundMessage message, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _count);
        return Task.CompletedTask;
    }
}
