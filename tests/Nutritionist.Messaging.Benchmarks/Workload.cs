using System.Globalization;

namespace Nutritionist.Messaging.Benchmarks;

/// <summary>The messages every send benchmark uses, on both sides of each ratio.</summary>
internal static class Workload
{
    public const string Body = "Your meal plan for this week is ready: open the app to see it.";

    /// <summary>64 distinct US numbers in E.164 (the router finds them in its normaliser cache after the first send).</summary>
    public static readonly string[] Recipients = Enumerable.Range(0, 64)
        .Select(i => "+1201555" + (1000 + i).ToString("0000", CultureInfo.InvariantCulture))
        .ToArray();
}
