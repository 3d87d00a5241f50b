using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Nutritionist.Messaging.Testing.Shared;

namespace Nutritionist.Messaging.Readme.Tests;

// Every C# block of README.md and of the packages' READMEs is either a complete Program.cs, compiled here on its own the
// way `dotnet new console` (or `dotnet new web`) would compile it, or a marked fragment of an earlier program of the same
// file (compiled and run inside a ReadmeExamples*.cs test: ReadmeTests in Nutritionist.Messaging.Tests checks that).
public class ReadmeProgramTests
{
    // The SDK's implicit usings (Microsoft.NET.Sdk, and Microsoft.NET.Sdk.Web on top) that a new app's Program.cs has.
    private static readonly string[] ConsoleUsings =
        ["System", "System.Collections.Generic", "System.IO", "System.Linq", "System.Net.Http", "System.Threading", "System.Threading.Tasks"];

    private static readonly string[] WebUsings =
    [
        .. ConsoleUsings, "System.Net.Http.Json", "Microsoft.AspNetCore.Builder", "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Http",
        "Microsoft.AspNetCore.Routing", "Microsoft.Extensions.Configuration", "Microsoft.Extensions.DependencyInjection",
        "Microsoft.Extensions.Hosting", "Microsoft.Extensions.Logging",
    ];

    // Assemblies of this test host that a user's app would not have: a README program must not compile thanks to them.
    private static readonly string[] TestOnlyPrefixes =
        ["nunit", "NSubstitute", "Castle.Core", "Microsoft.CodeAnalysis", "Microsoft.TestPlatform", "Microsoft.VisualStudio", "testhost", "Nutritionist.Messaging.Readme.Tests"];

    // What the SDK's NoWarn has by default: the packages are built against lower Microsoft.Extensions versions than this
    // host's, and an app's build, like this one, unifies them without a word (CS1701/CS1702).
    private static readonly Dictionary<string, ReportDiagnostic> SdkNoWarn = new()
    {
        ["CS1701"] = ReportDiagnostic.Suppress,
        ["CS1702"] = ReportDiagnostic.Suppress,
    };

    private static readonly Lazy<ImmutableArray<MetadataReference>> References = new(() =>
        ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
            .Split(Path.PathSeparator)
            .Where(p => p.EndsWith(".dll", StringComparison.OrdinalIgnoreCase))
            .Where(p => !TestOnlyPrefixes.Any(t => Path.GetFileName(p).StartsWith(t, StringComparison.OrdinalIgnoreCase)))
            .DistinctBy(Path.GetFileName, StringComparer.OrdinalIgnoreCase)
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
            .ToImmutableArray());

    public static IEnumerable<TestCaseData> Programs() =>
        ReadmeBlocks.All().Where(b => b.Kind == "program").Select(b => new TestCaseData(b).SetArgDisplayNames(b.ToString()));

    [Test]
    public void Every_csharp_block_is_a_program_or_a_marked_fragment_of_an_earlier_program()
    {
        var blocks = ReadmeBlocks.All();

        Assert.That(blocks.Where(b => b.File == "README.md" && b.Kind == "program").Select(b => b.Name), Does.Contain("first-message"));
        Assert.Multiple(() =>
        {
            foreach (var group in blocks.GroupBy(b => b.File))
            {
                var programs = new HashSet<string>(StringComparer.Ordinal);
                foreach (var block in group)
                {
                    Assert.That(block.Kind, Is.Not.Null,
                        $"{block}: put `<!-- program: NAME -->` (a complete Program.cs) or `<!-- fragment-of: NAME -->` (NAME: an earlier program of this file) on the line before the ```csharp fence.");
                    if (block.Kind == "program")
                    {
                        Assert.That(programs.Add(block.Name!), Is.True, $"{block}: two programs of {block.File} are named {block.Name}.");
                    }
                    else if (block.Kind == "fragment-of")
                    {
                        Assert.That(programs, Does.Contain(block.Name), $"{block}: no earlier `<!-- program: {block.Name} -->` block in {block.File}.");
                    }
                }
            }
        });
    }

    [Test]
    public void Every_package_has_a_readme_whose_first_csharp_block_is_a_program()
    {
        var root = ReferenceData.RepositoryRoot;
        var packages = Directory.EnumerateFiles(Path.Combine(root, "src"), "*.csproj", SearchOption.AllDirectories)
            .Select(p => Path.GetFileName(Path.GetDirectoryName(p))!)
            .ToList();

        Assert.That(packages, Has.Count.GreaterThanOrEqualTo(9));
        Assert.Multiple(() =>
        {
            foreach (var package in packages)
            {
                var readme = $"src/{package}/README.md";
                Assert.That(File.Exists(Path.Combine(root, readme)), Is.True, $"{readme} is missing: it is the package's PackageReadmeFile.");
                if (File.Exists(Path.Combine(root, readme)))
                {
                    Assert.That(ReadmeBlocks.Read(readme).FirstOrDefault()?.Kind, Is.EqualTo("program"), $"{readme}: its first C# block is the smallest complete example.");
                    Assert.That(File.ReadAllText(Path.Combine(root, readme)), Does.Not.Match(@"\]\((?!https://)[^)#]+\)"),
                        $"{readme}: links must be absolute (https://…): relative links break on the package's registry page.");
                }
            }
        });
    }

    [TestCaseSource(nameof(Programs))]
    public void A_program_compiles_on_its_own_as_a_new_apps_Program_cs(ReadmeBlock block)
    {
        var usings = string.Concat((block.IsWeb ? WebUsings : ConsoleUsings).Select(u => $"global using global::{u};\n"));
        var parse = new CSharpParseOptions(LanguageVersion.Latest);
        var compilation = CSharpCompilation.Create(
            "ReadmeProgram",
            [CSharpSyntaxTree.ParseText(usings, parse, "GlobalUsings.g.cs"), CSharpSyntaxTree.ParseText(block.Code, parse, "Program.cs")],
            References.Value,
            new CSharpCompilationOptions(OutputKind.ConsoleApplication, nullableContextOptions: NullableContextOptions.Enable)
                .WithSpecificDiagnosticOptions(SdkNoWarn));

        var problems = compilation.GetDiagnostics()
            .Where(d => d.Severity >= DiagnosticSeverity.Warning)
            .Select(d => d.ToString())
            .ToList();

        Assert.That(problems, Is.Empty, $"{block} does not compile as a Program.cs:\n{block.Code}");
    }
}
