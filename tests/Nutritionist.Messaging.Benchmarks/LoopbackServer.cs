using System.Buffers;
using System.Diagnostics;
using System.IO.Pipelines;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Nutritionist.Messaging.Benchmarks;

/// <summary>
/// Kestrel on 127.0.0.1 (free port) answering like AWS End User Messaging SMS (<c>200 {"MessageId":…}</c>,
/// <c>application/x-amz-json-1.0</c>) and Twilio's Messages API (<c>201</c> Message JSON). Every answer carries a unique
/// id, so the library's delivery tracker sees what it sees in production. The library and its baseline hit the same
/// server with the same bodies, so the server's own cost is the same on both sides of every ratio.
/// </summary>
/// <remarks>
/// The benchmarks run it in a separate process (<see cref="ServerProcess"/>): in-process, its allocations and CPU would
/// be counted into both sides and flatten the ratios. <c>GET /__last-aws</c> returns the last AWS body after
/// <c>POST /__arm</c>, so a benchmark can check that the raw baseline sends the library's exact JSON.
/// </remarks>
internal sealed class LoopbackServer : IAsyncDisposable
{
    public const string TwilioAccountSid = "AC0123456789abcdef0123456789abcdef";
    public const string TwilioAuthToken = "benchmark-token";
    public const string TwilioFrom = "whatsapp:+14155238886";
    public const string AwsAccessKeyId = "AKIDBENCHMARK";
    public const string AwsSecretAccessKey = "benchmark-secret";
    public const string AwsPool = "pool-benchmark";

    private static readonly byte[] AwsPrefix = """{"MessageId":"00000000-0000-4000-8000-"""u8.ToArray();
    private static readonly byte[] AwsSuffix = "\"}"u8.ToArray();
    private static readonly byte[] TwilioPrefix = Encoding.UTF8.GetBytes(
        $$"""{"account_sid":"{{TwilioAccountSid}}","api_version":"2010-04-01","body":"x","date_created":"Thu, 24 Aug 2023 05:01:45 +0000","date_sent":null,"date_updated":"Thu, 24 Aug 2023 05:01:45 +0000","direction":"outbound-api","error_code":null,"error_message":null,"from":"whatsapp:+14155238886","num_media":"0","num_segments":"1","price":null,"price_unit":null,"messaging_service_sid":null,"status":"queued","subresource_uris":{},"to":"whatsapp:+14155552671","sid":"SM""" + new string('0', 20));
    private static readonly byte[] TwilioSuffix = "\"}"u8.ToArray();

    /// <summary>The Message JSON Twilio answers a create with (the server writes the same bytes, with its own id).</summary>
    public static string TwilioMessageJson(string sid) => Encoding.UTF8.GetString(TwilioPrefix)[..^22] + sid + "\"}";

    private readonly WebApplication _app;
    private long _ids;
    private volatile bool _armed;
    private volatile byte[]? _lastAws;

    private readonly TimeSpan _delay;

    private LoopbackServer(WebApplication app, TimeSpan delay)
    {
        _app = app;
        _delay = delay;
    }

    public Uri BaseAddress { get; private set; } = null!;

    /// <param name="delay">How long each answer waits, as a real provider's round trip would (none by default).</param>
    public static async Task<LoopbackServer> StartAsync(TimeSpan delay = default)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k =>
        {
            k.Listen(System.Net.IPAddress.Loopback, 0);
            k.AddServerHeader = false;
        });
        var app = builder.Build();
        var server = new LoopbackServer(app, delay);
        app.Run(server.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        server.BaseAddress = new Uri(address + "/");
        return server;
    }

    /// <summary>The <c>serve [--delay-ms D]</c> sub-command: prints the address, serves until standard input closes.</summary>
    public static async Task<int> ServeAsync(string[] args)
    {
        await using var server = await StartAsync(TimeSpan.FromMilliseconds(ThroughputMode.IntArg(args, "--delay-ms", 0)));
        Console.Out.WriteLine("LISTENING " + server.BaseAddress);
        Console.Out.Flush();
        await Console.In.ReadToEndAsync();
        return 0;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        if (request.Path.StartsWithSegments("/__arm"))
        {
            _armed = true;
            context.Response.StatusCode = 204;
            return;
        }

        if (request.Path.StartsWithSegments("/__last-aws"))
        {
            context.Response.ContentType = "application/json";
            await context.Response.Body.WriteAsync(_lastAws ?? []);
            return;
        }

        var aws = request.Headers.ContainsKey("X-Amz-Target");
        if (_armed && aws)
        {
            var copy = await ReadAllAsync(request.BodyReader);
            _lastAws = copy;
            _armed = false;
        }
        else
        {
            await DrainAsync(request.BodyReader);
        }

        if (_delay > TimeSpan.Zero)
        {
            await Task.Delay(_delay);
        }

        var id = Interlocked.Increment(ref _ids);
        var response = context.Response;
        response.StatusCode = aws ? 200 : 201;
        response.ContentType = aws ? "application/x-amz-json-1.0" : "application/json";
        var prefix = aws ? AwsPrefix : TwilioPrefix;
        var suffix = aws ? AwsSuffix : TwilioSuffix;
        response.ContentLength = prefix.Length + 12 + suffix.Length;
        var writer = response.BodyWriter;
        var span = writer.GetSpan(prefix.Length + 12 + suffix.Length);
        prefix.CopyTo(span);
        var ok = id.TryFormat(span[prefix.Length..], out var written, "D12", System.Globalization.CultureInfo.InvariantCulture);
        Debug.Assert(ok && written == 12);
        suffix.CopyTo(span[(prefix.Length + 12)..]);
        writer.Advance(prefix.Length + 12 + suffix.Length);
        await writer.FlushAsync();
    }

    private static async Task DrainAsync(PipeReader reader)
    {
        while (true)
        {
            var result = await reader.ReadAsync();
            reader.AdvanceTo(result.Buffer.End);
            if (result.IsCompleted)
            {
                return;
            }
        }
    }

    private static async Task<byte[]> ReadAllAsync(PipeReader reader)
    {
        while (true)
        {
            var result = await reader.ReadAsync();
            if (result.IsCompleted)
            {
                var bytes = result.Buffer.ToArray();
                reader.AdvanceTo(result.Buffer.End);
                return bytes;
            }

            reader.AdvanceTo(result.Buffer.Start, result.Buffer.End);
        }
    }
}
