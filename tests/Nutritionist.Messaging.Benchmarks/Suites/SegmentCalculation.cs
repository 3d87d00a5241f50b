using System.Text;
using BenchmarkDotNet.Attributes;
using Nutritionist.Messaging.Segments;

namespace Nutritionist.Messaging.Benchmarks.Suites;

/// <summary>
/// <see cref="SmsSegments.Calculate(string)"/> on a short GSM-7 text, a 1,500-character GSM-7 text (with extension
/// characters) and an emoji text (UCS-2 with surrogate pairs). Baseline: <see cref="Encoding.GetByteCount(string)"/>
/// (UTF-8) of the same text — one vectorised pass over it, a floor for any per-character scan. Throughput in MB/s is
/// computed from the mean time and the text's UTF-8 size (see RESULTS.md).
/// </summary>
[MemoryDiagnoser]
public class SegmentCalculation
{
    public static readonly Dictionary<string, string> Texts = new(StringComparer.Ordinal)
    {
        ["short"] = "Hi Sam, your meal plan is ready.",
        ["long-1500"] = Long(),
        ["emoji"] = Emoji(),
    };

    private string _text = string.Empty;

    [Params("short", "long-1500", "emoji")]
    public string Text { get; set; } = "short";

    [GlobalSetup]
    public void Setup() => _text = Texts[Text];

    [Benchmark(Baseline = true, Description = "UTF8.GetByteCount")]
    public int Utf8ByteCount() => Encoding.UTF8.GetByteCount(_text);

    [Benchmark(Description = "SmsSegments.Calculate")]
    public SmsSegmentInfo Calculate() => SmsSegments.Calculate(_text);

    private static string Long()
    {
        const string sentence = "Breakfast: oats with berries {or yogurt} & coffee; lunch: salad [no dressing] for 12.50 EUR; dinner at 7pm. ";
        var builder = new StringBuilder();
        while (builder.Length < 1500)
        {
            builder.Append(sentence);
        }

        return builder.ToString(0, 1500);
    }

    private static string Emoji()
    {
        const string sentence = "Great job this week 🎉🥗 keep going 💪 — your plan: 🍎 breakfast, 🥦 lunch, 🐟 dinner. ";
        var builder = new StringBuilder();
        while (builder.Length < 500)
        {
            builder.Append(sentence);
        }

        return builder.ToString();
    }
}
