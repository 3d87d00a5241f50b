using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Nutritionist.Messaging.FaultInjection.Tests;

/// <summary>
/// A loopback server (Kestrel on 127.0.0.1, free port) that answers like AWS End User Messaging SMS or Twilio and
/// injects faults by sequence or by rate. It records what it took: a message counts as taken once the server has
/// done its side effect (the handset would get it), whatever the client then hears.
/// </summary>
internal sealed record FaultRequest(int Number, string Key, int Attempt);

internal sealed class FaultServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Func<FaultRequest, Fault> _plan;
    private readonly TimeSpan _slowDelay;
    private int _requests;

    private FaultServer(WebApplication app, Func<FaultRequest, Fault> plan, TimeSpan slowDelay)
    {
        _app = app;
        _plan = plan;
        _slowDelay = slowDelay;
    }

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>Messages taken, by the message's key (its body), with how many times each was taken.</summary>
    public ConcurrentDictionary<string, int> Taken { get; } = new();

    /// <summary>Arrival time of every request, in seconds since the server started.</summary>
    public ConcurrentQueue<double> Arrivals { get; } = new();

    public ConcurrentDictionary<Fault, int> Injected { get; } = new();

    public int Requests => Volatile.Read(ref _requests);

    /// <summary>How many requests arrived for each message key.</summary>
    public ConcurrentDictionary<string, int> Requested { get; } = new();

    public static async Task<FaultServer> StartAsync(Func<FaultRequest, Fault> plan, TimeSpan slowDelay)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(System.Net.IPAddress.Loopback, 0));
        var app = builder.Build();
        var server = new FaultServer(app, plan, slowDelay);
        var clock = Stopwatch.StartNew();
        app.Run(context => server.HandleAsync(context, clock));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        server.BaseAddress = new Uri(address);
        return server;
    }

    /// <summary>Faults at the given request numbers (1-based), success otherwise.</summary>
    public static Func<FaultRequest, Fault> Sequence(params Fault[] faults) => r => r.Number <= faults.Length ? faults[r.Number - 1] : Fault.None;

    /// <summary>
    /// Each message's first request gets a fault chosen from the rates by a stable hash of its key (so the same
    /// messages are hit on every run, whatever the order requests arrive in); <paramref name="repeats"/> says how many
    /// of its requests get that fault. The rest succeed.
    /// </summary>
    public static Func<FaultRequest, Fault> PerMessage(int repeats, params (Fault Fault, double Rate)[] rates) => r =>
    {
        if (r.Attempt > repeats)
        {
            return Fault.None;
        }

        var roll = (StableHash(r.Key) % 10_000) / 10_000.0;
        foreach (var (fault, rate) in rates)
        {
            if (roll < rate)
            {
                return fault;
            }

            roll -= rate;
        }

        return Fault.None;
    };

    private static uint StableHash(string key)
    {
        var hash = 2166136261u;
        foreach (var c in key)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return hash;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context, Stopwatch clock)
    {
        Arrivals.Enqueue(clock.Elapsed.TotalSeconds);
        var number = Interlocked.Increment(ref _requests);
        var aws = context.Request.Headers.ContainsKey("X-Amz-Target");
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync();
        var key = aws ? AwsKey(body) : TwilioKey(context.Request, body);
        var attempt = Requested.AddOrUpdate(key, 1, (_, n) => n + 1);
        var fault = _plan(new FaultRequest(number, key, attempt));
        Injected.AddOrUpdate(fault, 1, (_, n) => n + 1);

        switch (fault)
        {
            case Fault.Throttle:
                await ThrottleAsync(context, aws);
                return;
            case Fault.Error500:
                await ErrorAsync(context, aws, 500);
                return;
            case Fault.Error503:
                await ErrorAsync(context, aws, 503);
                return;
        }

        // From here on the message is taken: a person's phone would get it.
        Taken.AddOrUpdate(key, 1, (_, n) => n + 1);
        var id = aws ? Guid.NewGuid().ToString() : "SM" + Guid.NewGuid().ToString("N");
        var success = aws ? $$"""{"MessageId":"{{id}}"}""" : TwilioMessage(id);
        context.Response.StatusCode = aws ? 200 : 201;
        context.Response.ContentType = aws ? "application/x-amz-json-1.0" : "application/json";
        switch (fault)
        {
            case Fault.Slow:
                try
                {
                    await Task.Delay(_slowDelay, context.RequestAborted);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                await context.Response.WriteAsync(success);
                return;
            case Fault.CloseMidResponse:
                context.Response.ContentLength = success.Length;
                await context.Response.WriteAsync(success[..(success.Length / 2)]);
                await context.Response.Body.FlushAsync();
                context.Abort();
                return;
            case Fault.Malformed:
                await context.Response.WriteAsync("<html>upstream proxy error</html>");
                return;
            case Fault.Error500AfterTaking:
                await ErrorAsync(context, aws, 500);
                return;
            case Fault.Reset:
                context.Abort();
                return;
            default:
                await context.Response.WriteAsync(success);
                return;
        }
    }

    private static async Task ThrottleAsync(HttpContext context, bool aws)
    {
        if (aws)
        {
            context.Response.StatusCode = 400;
            context.Response.Headers["X-Amzn-ErrorType"] = "ThrottlingException";
            context.Response.ContentType = "application/x-amz-json-1.0";
            await context.Response.WriteAsync("""{"__type":"com.amazonaws.pinpointsmsvoicev2#ThrottlingException","Message":"Rate exceeded"}""");
        }
        else
        {
            context.Response.StatusCode = 429;
            context.Response.Headers.RetryAfter = "1";
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync("""{"code":20429,"message":"Too Many Requests","more_info":"https://www.twilio.com/docs/errors/20429","status":429}""");
        }
    }

    private static async Task ErrorAsync(HttpContext context, bool aws, int status)
    {
        context.Response.StatusCode = status;
        if (aws)
        {
            context.Response.Headers["X-Amzn-ErrorType"] = "InternalServerException";
            context.Response.ContentType = "application/x-amz-json-1.0";
            await context.Response.WriteAsync("""{"__type":"com.amazonaws.pinpointsmsvoicev2#InternalServerException","Message":"Internal service error"}""");
        }
        else
        {
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync($$"""{"code":20500,"message":"Internal Server Error","more_info":"https://www.twilio.com/docs/errors/20500","status":{{status}}}""");
        }
    }

    private static string AwsKey(string body)
    {
        using var json = JsonDocument.Parse(body);
        return json.RootElement.GetProperty("MessageBody").GetString()!;
    }

    private static string TwilioKey(HttpRequest request, string body)
    {
        var form = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(body);
        return form["Body"].ToString();
    }

    private static string TwilioMessage(string sid) => $$"""
        {"account_sid":"{{TestAccounts.TwilioAccountSid}}","api_version":"2010-04-01","body":"x","date_created":"Thu, 24 Aug 2023 05:01:45 +0000",
         "date_sent":null,"date_updated":"Thu, 24 Aug 2023 05:01:45 +0000","direction":"outbound-api","error_code":null,"error_message":null,
         "from":"whatsapp:+14155238886","num_media":"0","num_segments":"1","price":null,"price_unit":null,"messaging_service_sid":null,
         "sid":"{{sid}}","status":"queued","subresource_uris":{},"to":"whatsapp:+14155552671","uri":"/2010-04-01/Accounts/{{TestAccounts.TwilioAccountSid}}/Messages/{{sid}}.json"}
        """;
}
