using Microsoft.Extensions.DependencyInjection;
using Nutritionist.Messaging;
using Nutritionist.Messaging.Sandbox;

/// <summary>
/// One host of a fleet in a process of its own (the fleet tests' host B): the library with its stores in a shared Redis
/// or DynamoDB and SMS through a loopback sandbox server, driven one line at a time on standard input.
/// <c>SEND id to reference|- body…</c> answers <c>RESULT id status errorCode|- replay|first messageId|-</c>; an empty line
/// or the end of input stops it.
/// </summary>
internal static class FleetHostMode
{
    public static async Task<int> RunAsync(string engine, string endpoint, string scope, Uri smsUrl)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        var builder = services.AddNutritionistMessaging(o => o.DefaultRegion = "US")
            .AddAwsSms(o =>
            {
                o.ServiceUrl = smsUrl;
                o.Region = SandboxOptions.DefaultAwsRegion;
                o.AccessKeyId = SandboxOptions.DefaultAwsAccessKeyId;
                o.SecretAccessKey = SandboxOptions.DefaultAwsSecretAccessKey;
            });
        switch (engine)
        {
            case "redis":
                builder.UseRedisStores(o =>
                {
                    o.ConnectionString = endpoint;
                    o.KeyPrefix = scope;
                });
                break;
            case "dynamodb":
                builder.UseDynamoDbStores(o =>
                {
                    o.ServiceUrl = new Uri(endpoint);
                    o.TableName = scope;
                    o.CreateTableIfMissing = true;
                });
                break;
            default:
                await Console.Error.WriteLineAsync("fleet-host: the engine must be redis or dynamodb, not " + engine);
                return 2;
        }

        await using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
        var client = provider.GetRequiredService<IMessagingClient>();
        Console.WriteLine("READY");
        while (await Console.In.ReadLineAsync() is { Length: > 0 } line)
        {
            if (line.Split(' ', 5) is ["SEND", var id, var to, var reference, var body])
            {
                var result = await client.SendAsync(new OutboundMessage(to, body)
                {
                    Platform = MessagingPlatform.Sms,
                    ClientReference = reference == "-" ? null : reference,
                });
                Console.WriteLine($"RESULT {id} {result.Status} {result.Error?.Code.ToString() ?? "-"} {(result.IsReplay ? "replay" : "first")} {result.MessageId ?? "-"}");
            }
            else
            {
                Console.WriteLine("ERROR not a command: " + line);
            }
        }

        return 0;
    }
}
