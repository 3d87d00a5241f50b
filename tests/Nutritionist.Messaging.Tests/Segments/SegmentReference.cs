using System.Text.Json.Nodes;
using Nutritionist.Messaging.Testing.Shared;

namespace Nutritionist.Messaging.Tests.Segments;

/// <summary>Reads <c>../shared/reference/segments/*.json</c> for the segment tests.</summary>
internal static class SegmentReference
{
    public const string VectorsFile = "segments/twilio-segment-calculator-vectors.json";
    public const string TablesFile = "segments/twilio-gsm7-tables.json";

    /// <summary>The vectors file, or <see langword="null"/> when the reference folder is not beside this clone.</summary>
    public static JsonObject? TryLoadVectors() => TryLoad(VectorsFile);

    public static JsonObject LoadVectors() => Load(VectorsFile);

    public static JsonObject LoadTables() => Load(TablesFile);

    /// <summary>
    /// The GSM-7 alphabet as the vectors file states it (independent of the library's own table): basic characters
    /// (1 septet, the escape placeholder at 0x1B removed) and extension characters (2 septets).
    /// </summary>
    public static (HashSet<char> Basic, HashSet<char> Extension) LoadAlphabet()
    {
        var vectors = LoadVectors();
        var basic = new HashSet<char>((string)vectors["gsm7_basic_table_128"]!);
        basic.Remove('\u001B');
        var extension = new HashSet<char>((string)vectors["gsm7_extension_chars"]!);
        return (basic, extension);
    }

    private static JsonObject Load(string relativePath) => (JsonObject)JsonNode.Parse(ReferenceData.ReadText(relativePath))!;

    private static JsonObject? TryLoad(string relativePath)
    {
        if (ReferenceData.RootOrNull is not { } root)
        {
            return null;
        }

        var path = Path.Combine(root, relativePath);
        return File.Exists(path) ? (JsonObject)JsonNode.Parse(File.ReadAllText(path))! : null;
    }
}
