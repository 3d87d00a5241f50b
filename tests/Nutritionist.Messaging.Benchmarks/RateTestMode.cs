using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Nutritionist.Messaging.Aws;
using Nutritionist.Messaging.Bulk;

namespace Nutritionist.Messaging.Benchmarks;

/// <summary>
/// <c>throughput --rate-test --identity-rate R [--messages N] [--concurrency C] [--server-delay-ms D] [--library-rate L]</c>: the issue 15
/// rate scenario. The loopback server enforces a token bucket per origination identity (R per second, R deep) and
/// answers beyond it with AWS's <c>ThrottlingException</c>; the library, configured with
/// <c>AwsSmsOptions.MessagePartsPerSecondPerIdentity = R</c>, sends N one-part SMS from one identity with
/// <c>SendManyAsync</c> (C in flight). Prints the achieved rate (accepted messages per second of the batch's wall time)
/// over R, and the share of requests the server throttled. <c>--library-rate L</c> (a check of the set-up, not the
/// scenario) configures the library with L instead of R, 0 for no client-side limit, to show the server throttling.
/// </summary>
internal static class RateTestMode
{
    public static async Task<int> RunAsync(string[] args)
    {
        var rate = ThroughputMode.IntArg(args, "--identity-rate", 20);
        var messages = ThroughputMode.IntArg(args, "--messages", 400);
        var concurrency = ThroughputMode.IntArg(args, "--concurrency", new BulkSendOptions().MaxConcurrency);
        var delay = ThroughputMode.IntArg(args, "--server-delay-ms", 0);
        var libraryRate = ThroughputMode.IntArg(args, "--library-rate", rate);
        using var server = ServerProcess.Start(delay, rate);
        await using var provider = LibraryHost.Build(server.Address, s => s.Configure<AwsSmsOptions>(o => o.MessagePartsPerSecondPerIdentity = libraryRate > 0 ? libraryRate : null));
        var client = provider.GetRequiredService<IMessagingClient>();
        using var http = new HttpClient();
        Console.WriteLine(FormattableString.Invariant(
            $"rate test: {messages} SMS through SendManyAsync (MaxConcurrency {concurrency}), one origination identity, MessagePartsPerSecondPerIdentity = {(libraryRate > 0 ? libraryRate : "unset")}{(libraryRate != rate ? " (NOT the scenario: a check that the server throttles)" : string.Empty)}; the server's token bucket: {rate}/s, {rate} deep{(delay > 0 ? $", answers after {delay} ms" : string.Empty)}"));

        // Warm-up: the send path compiled, then a quiet pause so neither the library's limiter window nor the server's
        // bucket carries anything into the measured batch.
        for (var i = 0; i < Math.Min(rate, 5); i++)
        {
            await LibraryHost.SendSmsAsync(client, Workload.Recipients[i & 63]);
        }

        await Task.Delay(TimeSpan.FromSeconds(2));
        (await http.PostAsync(new Uri(server.Address, "__rate-reset"), null)).EnsureSuccessStatusCode();

        var batch = Enumerable.Range(0, messages)
            .Select(i => new OutboundMessage(Workload.Recipients[i & 63], Workload.Body) { Platform = MessagingPlatform.Sms })
            .ToList();
        var started = Stopwatch.GetTimestamp();
        var result = await client.SendManyAsync(batch, new BulkSendOptions { MaxConcurrency = concurrency });
        var elapsed = Stopwatch.GetElapsedTime(started);

        var counts = (await http.GetStringAsync(new Uri(server.Address, "__rate"))).Split(' ');
        var accepted = long.Parse(counts[0], CultureInfo.InvariantCulture);
        var throttled = long.Parse(counts[1], CultureInfo.InvariantCulture);
        var achieved = result.Summary.Accepted / elapsed.TotalSeconds;
        var throttledShare = accepted + throttled == 0 ? 0 : 100.0 * throttled / (accepted + throttled);
        Console.WriteLine(FormattableString.Invariant(
            $"RATE identity-rate={rate}/s messages={messages} concurrency={concurrency}: achieved {achieved:0.00} msg/s = {achieved / rate:0.000}× the configured rate (target ≥ 0.97×) over {elapsed.TotalSeconds:0.00} s"));
        Console.WriteLine(FormattableString.Invariant(
            $"  server: {accepted} requests accepted, {throttled} throttled = {throttledShare:0.000} % of requests (target ≤ 0.1 %)"));
        Console.WriteLine($"  sends: {result.Summary}");
        return 0;
    }
}
