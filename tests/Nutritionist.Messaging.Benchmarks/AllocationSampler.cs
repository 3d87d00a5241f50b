using System.Collections.Concurrent;
using System.Diagnostics.Tracing;
using System.Globalization;

namespace Nutritionist.Messaging.Benchmarks;

/// <summary>
/// Profiling aid for <c>throughput --allocations-by-type</c>: listens to the runtime's <c>GCAllocationTick</c> events
/// (one per ~100 KB allocated, naming the type whose allocation crossed the threshold) and attributes them to the side
/// being measured. The result is a statistical sample, good for finding the big contributors, not an exact count.
/// </summary>
internal sealed class AllocationSampler : EventListener
{
    private const int GcKeyword = 0x1;
    private const int AllocationTickEventId = 10;

    private readonly ConcurrentDictionary<(string Side, string Type), long> _bytes = new();
    private volatile string? _side;

    /// <summary>Which side the following allocations belong to (<see langword="null"/>: not counted).</summary>
    public string? Side
    {
        get => _side;
        set => _side = value;
    }

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name == "Microsoft-Windows-DotNETRuntime")
        {
            EnableEvents(eventSource, EventLevel.Verbose, (EventKeywords)GcKeyword);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        if (eventData.EventId != AllocationTickEventId || _side is not { } side || eventData.PayloadNames is null)
        {
            return;
        }

        var type = eventData.PayloadNames.IndexOf("TypeName") is var t and >= 0 ? eventData.Payload![t] as string ?? "?" : "?";
        var amount = eventData.PayloadNames.IndexOf("AllocationAmount64") is var a and >= 0 ? Convert.ToInt64(eventData.Payload![a], CultureInfo.InvariantCulture) : 100_000;
        _bytes.AddOrUpdate((side, type), amount, (_, sum) => sum + amount);
    }

    /// <summary>Prints the top types per side, as estimated bytes per send.</summary>
    public void Print(string side, long sends, int top = 25)
    {
        Console.WriteLine($"allocations by type, {side} (sampled; estimated bytes per send):");
        foreach (var ((_, type), bytes) in _bytes.Where(kv => kv.Key.Side == side).OrderByDescending(kv => kv.Value).Take(top))
        {
            Console.WriteLine(FormattableString.Invariant($"  {(double)bytes / sends,8:0} B  {type}"));
        }
    }
}
