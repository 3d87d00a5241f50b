using System.Globalization;
using Nutritionist.Messaging.Segments;

namespace Nutritionist.Messaging.Tests.Segments;

/// <summary>The library's GSM-7 and Smart Encoding tables equal the transcribed upstream tables in <c>../shared/reference/segments/</c>.</summary>
public sealed class Gsm7TablesTests
{
    // The reference JSON transcribes these five Smart Encoding targets as two backslashes. Upstream
    // (SmartEncodingMap.ts @ a50230fd and later) writes '\\', a JavaScript literal for ONE backslash, and a reverse
    // solidus look-alike maps to a single '\'. The library keeps one; this test pins the difference.
    private static readonly HashSet<string> ReverseSolidusEntries = ["U+29F9", "U+29F5", "U+20E5", "U+FE68", "U+FF3C"];

    [Test]
    public void UnicodeToGsm7_EqualsReferenceTable()
    {
        var reference = SegmentReference.LoadTables()["unicodeToGsm7"]!.AsObject()
            .ToDictionary(p => p.Key, p => p.Value!.AsArray().Select(n => (int)n!).ToArray());

        var ours = new Dictionary<string, int[]>();
        for (var c = 0; c <= char.MaxValue; c++)
        {
            var septets = Gsm7Alphabet.Encode((char)c);
            if (septets.Length > 0)
            {
                ours.Add(CodePoint(c), septets.Select(s => (int)s).ToArray());
            }
        }

        using (Assert.EnterMultipleScope())
        {
            Assert.That(reference, Has.Count.EqualTo(137), "127 basic + 10 extension");
            Assert.That(ours.Keys, Is.EquivalentTo(reference.Keys));
            foreach (var (codePoint, septets) in reference)
            {
                Assert.That(ours.GetValueOrDefault(codePoint), Is.EqualTo(septets), codePoint);
            }
        }
    }

    [Test]
    public void SeptetCounts_AgreeWithTheTable()
    {
        var reference = SegmentReference.LoadTables()["unicodeToGsm7"]!.AsObject();
        using (Assert.EnterMultipleScope())
        {
            for (var c = 0; c <= char.MaxValue; c++)
            {
                var expected = reference[CodePoint(c)]?.AsArray().Count ?? 0;
                if (Gsm7Alphabet.SeptetsOf((char)c) != expected)
                {
                    Assert.Fail($"{CodePoint(c)}: {Gsm7Alphabet.SeptetsOf((char)c)} septets, table says {expected}");
                }
            }
        }
    }

    [Test]
    public void BasicAndExtensionCharacters_EqualVectorsFile()
    {
        var vectors = SegmentReference.LoadVectors();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(Gsm7Alphabet.BasicCharacters, Is.EqualTo((string)vectors["gsm7_basic_table_128"]!));
            Assert.That(Gsm7Alphabet.ExtensionCharacters, Is.EqualTo((string)vectors["gsm7_extension_chars"]!));
        }
    }

    [Test]
    public void SmartEncodingMap_EqualsReferenceTable()
    {
        var reference = SegmentReference.LoadTables()["smartEncoding"]!.AsArray()
            .Select(n => (From: (string)n!["from"]!, Char: (string)n["char"]!, To: (string)n["to"]!))
            .ToArray();

        Assert.That(SmartEncodingMap.Entries, Has.Length.EqualTo(reference.Length).And.Length.EqualTo(270));
        using (Assert.EnterMultipleScope())
        {
            for (var i = 0; i < reference.Length; i++)
            {
                var (from, character, to) = reference[i];
                var (ourFrom, ourTo) = SmartEncodingMap.Entries[i];
                Assert.That(CodePoint(ourFrom), Is.EqualTo(from), $"entry {i}");
                Assert.That(ourFrom.ToString(), Is.EqualTo(character), $"entry {i} ({from})");
                if (ReverseSolidusEntries.Contains(from))
                {
                    Assert.That(to, Is.EqualTo(@"\\"), $"{from}: the reference transcription");
                    Assert.That(ourTo, Is.EqualTo(@"\"), $"{from}: one backslash, as upstream");
                }
                else
                {
                    Assert.That(ourTo, Is.EqualTo(to), $"entry {i} ({from})");
                }
            }
        }
    }

    [Test]
    public void SmartEncodingMap_HasNoDuplicateKeysAndNoGsm7Keys()
    {
        var keys = SmartEncodingMap.Entries.Select(e => e.From).ToArray();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(keys, Is.Unique);
            Assert.That(keys.Where(k => Gsm7Alphabet.SeptetsOf(k) > 0), Is.Empty, "a GSM-7 character would never need replacing");
        }
    }

    [Test]
    public void SmartEncodingMap_ReplacesOnlyWithGsm7Text()
    {
        var notGsm7 = SmartEncodingMap.Entries
            .Where(e => e.To.Any(c => Gsm7Alphabet.SeptetsOf(c) == 0))
            .Select(e => CodePoint(e.From));

        Assert.That(notGsm7, Is.Empty);
    }

    private static string CodePoint(int c) => "U+" + c.ToString("X4", CultureInfo.InvariantCulture);
}
