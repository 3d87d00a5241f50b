using System.Text.RegularExpressions;
using Nutritionist.Messaging.Testing.Shared;

namespace Nutritionist.Messaging.Tests.Readme;

public partial class ReadmeTests
{
    private static string Root => ReferenceData.RepositoryRoot;

    [Test]
    public void Every_csharp_fragment_in_the_README_is_compiled_in_an_examples_file()
    {
        // Blocks marked `<!-- program: NAME -->` are complete programs, compiled on their own by
        // Nutritionist.Messaging.Readme.Tests; every other block is a fragment and runs inside a ReadmeExamples*.cs test.
        var readme = File.ReadAllText(Path.Combine(Root, "README.md")).ReplaceLineEndings("\n");
        var blocks = CSharpBlock().Matches(readme).Where(m => !m.Groups["program"].Success).Select(m => m.Groups["code"].Value).ToList();
        var examples = string.Concat(
            new[] { "tests", "samples" }
                .Where(d => Directory.Exists(Path.Combine(Root, d)))
                .SelectMany(d => Directory.EnumerateFiles(Path.Combine(Root, d), "ReadmeExamples*.cs", SearchOption.AllDirectories))
                .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
                .Select(f => Squash(File.ReadAllText(f))));

        Assert.That(blocks, Is.Not.Empty);
        Assert.Multiple(() =>
        {
            foreach (var block in blocks)
            {
                Assert.That(examples.Contains(Squash(block), StringComparison.Ordinal), Is.True, "README block not found in any ReadmeExamples*.cs:\n" + block);
            }
        });
    }

    [Test]
    public void Working_on_this_repository_starts_with_exactly_the_two_commands()
    {
        var readme = File.ReadAllText(Path.Combine(Root, "README.md"));
        var quickStart = readme[readme.IndexOf("## Working on this repository", StringComparison.Ordinal)..];
        var commands = ShellBlock().Match(quickStart).Groups["code"].Value.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

        Assert.That(commands, Is.EqualTo(new[] { "dotnet run --project samples/Nutritionist.Messaging.Demo", "dotnet test" }));
    }

    private static string Squash(string code) => WhiteSpace().Replace(code, string.Empty);

    [GeneratedRegex("(?<program><!-- program:[^\\n]*-->\\n)?```csharp\\n(?<code>.*?)```", RegexOptions.Singleline)]
    private static partial Regex CSharpBlock();

    [GeneratedRegex("```sh\\n(?<code>.*?)```", RegexOptions.Singleline)]
    private static partial Regex ShellBlock();

    [GeneratedRegex(@"\s+")]
    private static partial Regex WhiteSpace();
}
