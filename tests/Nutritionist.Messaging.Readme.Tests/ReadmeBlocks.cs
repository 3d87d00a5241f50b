using System.Text.RegularExpressions;
using Nutritionist.Messaging.Testing.Shared;

namespace Nutritionist.Messaging.Readme.Tests;

/// <summary>
/// One <c>```csharp</c> block of README.md or of a package's src/*/README.md, with the marker on the line before it:
/// <c>&lt;!-- program: NAME --&gt;</c> (a complete Program.cs; <c>web</c> after the name for <c>dotnet new web</c>) or
/// <c>&lt;!-- fragment-of: NAME --&gt;</c> (continues the earlier program NAME of the same file).
/// </summary>
public sealed record ReadmeBlock(string File, int Line, string? Kind, string? Name, bool IsWeb, string Code)
{
    /// <summary>Where the block starts, for messages: <c>README.md:26</c>.</summary>
    public override string ToString() => $"{File}:{Line}" + (Name is null ? string.Empty : $" ({Kind}: {Name})");
}

/// <summary>Reads the C# blocks of the repository's README files.</summary>
public static partial class ReadmeBlocks
{
    /// <summary>README.md and every src/*/README.md, relative to the repository root.</summary>
    public static IReadOnlyList<string> Files()
    {
        var root = ReferenceData.RepositoryRoot;
        return new[] { "README.md" }
            .Concat(Directory.EnumerateDirectories(Path.Combine(root, "src"))
                .Select(d => Path.Combine(d, "README.md"))
                .Where(System.IO.File.Exists)
                .Select(f => Path.GetRelativePath(root, f).Replace(Path.DirectorySeparatorChar, '/'))
                .Order(StringComparer.Ordinal))
            .ToList();
    }

    /// <summary>Every C# block of every README file, in file order.</summary>
    public static IReadOnlyList<ReadmeBlock> All() => Files().SelectMany(Read).ToList();

    /// <summary>The C# blocks of one README file (path relative to the repository root).</summary>
    public static IEnumerable<ReadmeBlock> Read(string file)
    {
        var text = System.IO.File.ReadAllText(Path.Combine(ReferenceData.RepositoryRoot, file)).ReplaceLineEndings("\n");
        foreach (Match m in Block().Matches(text))
        {
            var line = text.AsSpan(0, m.Groups["fence"].Index).Count('\n') + 1;
            var kind = m.Groups["kind"].Success ? m.Groups["kind"].Value : null;
            var name = m.Groups["name"].Success ? m.Groups["name"].Value : null;
            yield return new ReadmeBlock(file, line, kind, name, m.Groups["web"].Success, m.Groups["code"].Value);
        }
    }

    [GeneratedRegex(@"(?:^<!--[ ]*(?<kind>program|fragment-of):[ ]*(?<name>[\w.-]+)(?<web>[ ]+web)?[ ]*-->\n)?(?<fence>^```csharp\n)(?<code>.*?)^```[ ]*$", RegexOptions.Singleline | RegexOptions.Multiline)]
    private static partial Regex Block();
}
