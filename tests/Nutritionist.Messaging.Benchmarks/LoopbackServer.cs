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
/// <c>application/x-amz-json-1.0</c>), SQS SendMessage in AWS JSON 1.0 (for the AWS SDK baseline: the id and the MD5 of
/// the body) and Twilio's Messages API (<c>201</c> Message JSON). Every answer carries a unique
/// id, so the library's delivery tracker sees what it sees in production. The library and its baseline hit the same
/// server with the same bodies, so the server's own cost is the same on both sides of every ratio.
/// </summary>
/// <remarks>
/// The benchmarks run it in a separate process (<see cref="ServerProcess"/>): in-process, its allocations and CPU would
/// be counted into both sides and flatten the ratios. <c>GET /__last-aws</c> returns the last AWS body after
/// <c>POST /__arm</c>, so a benchmark can check that the raw baseline sends the library's exact JSON.
/// With an identity rate (<c>serve --identity-rate R</c>, the rate scenario) it enforces a token bucket per SMS
/// origination identity (rate R per second, R deep, full at start) and answers beyond it as AWS does
/// (<c>400</c>, <c>ThrottlingException</c>); <c>GET /__rate</c> gives the accepted and throttled counts since
/// <c>POST /__rate-reset</c>, which also fills the buckets again.
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
    private readonly int _identityRate;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, TokenBucket> _buckets = new(StringComparer.Ordinal);
    private long _accepted;
    private long _throttled;

    private LoopbackServer(WebApplication app, TimeSpan delay, int identityRate)
    {
        _app = app;
        _delay = delay;
        _identityRate = identityRate;
    }

    public Uri BaseAddress { get; private set; } = null!;

    /// <param name="delay">How long each answer waits, as a real provider's round trip would (none by default).</param>
    /// <param name="identityRate">SMS sends per second allowed per origination identity; 0: no limit.</param>
    public static async Task<LoopbackServer> StartAsync(TimeSpan delay = default, int identityRate = 0)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k =>
        {
            k.Listen(System.Net.IPAddress.Loopback, 0);
            k.AddServerHeader = false;
        });
        var app = builder.Build();
        var server = new LoopbackServer(app, delay, identityRate);
        app.Run(server.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        server.BaseAddress = new Uri(address + "/");
        return server;
    }

    /// <summary>The <c>serve [--delay-ms D] [--identity-rate R]</c> sub-command: prints the address, serves until standard input closes.</summary>
    public static async Task<int> ServeAsync(string[] args)
    {
        await using var server = await StartAsync(
            TimeSpan.FromMilliseconds(ThroughputMode.IntArg(args, "--delay-ms", 0)), ThroughputMode.IntArg(args, "--identity-rate", 0));
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

        if (request.Path.StartsWithSegments("/__rate-reset"))
        {
            _buckets.Clear();
            Interlocked.Exchange(ref _accepted, 0);
            Interlocked.Exchange(ref _throttled, 0);
            context.Response.StatusCode = 204;
            return;
        }

        if (request.Path.StartsWithSegments("/__rate"))
        {
            await context.Response.WriteAsync(FormattableString.Invariant($"{Interlocked.Read(ref _accepted)} {Interlocked.Read(ref _throttled)}"));
            return;
        }

        var target = request.Headers["X-Amz-Target"];
        var aws = target.Count > 0;
        var sqs = aws && target[0] == AwsSdkClient.Target;
        var limited = aws && !sqs && _identityRate > 0;
        byte[]? body = null;
        if ((_armed && aws) || sqs || limited)
        {
            body = await ReadAllAsync(request.BodyReader);
            if (_armed && aws)
            {
                _lastAws = body;
                _armed = false;
            }
        }
        else
        {
            await DrainAsync(request.BodyReader);
        }

        var response = context.Response;
        if (limited)
        {
            var identity = OriginationIdentityOf(body!) ?? string.Empty;
            if (!_buckets.GetOrAdd(identity, static (_, rate) => new TokenBucket(rate), _identityRate).TryTake())
            {
                Interlocked.Increment(ref _throttled);
                response.StatusCode = 400;
                response.ContentType = "application/x-amz-json-1.0";
                response.Headers["x-amzn-ErrorType"] = "ThrottlingException";
                await response.Body.WriteAsync("""{"__type":"ThrottlingException","message":"Rate exceeded"}"""u8.ToArray());
                return;
            }

            Interlocked.Increment(ref _accepted);
        }

        if (_delay > TimeSpan.Zero)
        {
            await Task.Delay(_delay);
        }

        var id = Interlocked.Increment(ref _ids);
        if (sqs)
        {
            response.StatusCode = 200;
            response.ContentType = "application/x-amz-json-1.0";
            var answer = AwsSdkClient.SendMessageAnswer(body, id);
            response.ContentLength = answer.Length;
            await response.Body.WriteAsync(answer);
            return;
        }

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

    private static string? OriginationIdentityOf(byte[] body)
    {
        var reader = new System.Text.Json.Utf8JsonReader(body);
        while (reader.Read())
        {
            if (reader.TokenType == System.Text.Json.JsonTokenType.PropertyName && reader.ValueTextEquals("OriginationIdentity"u8) && reader.Read())
            {
                return reader.GetString();
            }
        }

        return null;
    }

    /// <summary>R tokens a second, at most R held, full at start: AWS's per-identity MPS limit as a token bucket.</summary>
    private sealed class TokenBucket(int rate)
    {
        private readonly Lock _gate = new();
        private double _tokens = rate;
        private long _last = Stopwatch.GetTimestamp();

        public bool TryTake()
        {
            lock (_gate)
            {
                var now = Stopwatch.GetTimestamp();
                _tokens = Math.Min(rate, _tokens + (Stopwatch.GetElapsedTime(_last, now).TotalSeconds * rate));
                _last = now;
                if (_tokens < 1)
                {
                    return false;
                }

                _tokens--;
                return true;
            }
        }
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
