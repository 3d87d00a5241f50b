namespace Nutritionist.Messaging.Testing.Shared;

/// <summary>
/// Finds the provider specs and official test vectors in <c>../shared/reference/</c> beside the repository.
/// A user's clone has no such folder: the test that needs it is skipped with a message, except under CI (<c>CI=true</c>),
/// where a missing folder is a failure.
/// </summary>
internal static class ReferenceData
{
    private static readonly Lazy<string?> Root = new(FindRoot);

    /// <summary>The absolute path of <c>../shared/reference</c>, or <see langword="null"/> when it is not there.</summary>
    public static string? RootOrNull => Root.Value;

    /// <summary>The repository root (the folder holding <c>Nutritionist.Messaging.sln</c>).</summary>
    public static string RepositoryRoot
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Nutritionist.Messaging.sln")))
                {
                    return dir.FullName;
                }
            }

            throw new InvalidOperationException("Nutritionist.Messaging.sln not found above " + AppContext.BaseDirectory);
        }
    }

    /// <summary>The absolute path of a file under <c>../shared/reference</c>; skips (or, under CI, fails) the test when it is absent.</summary>
    /// <param name="relativePath">For example <c>aws/pinpoint-sms-voice-v2.service-2.json</c>.</param>
    public static string PathOf(string relativePath)
    {
        var root = RootOrNull;
        var path = root is null ? null : Path.Combine(root, relativePath);
        if (path is not null && (File.Exists(path) || Directory.Exists(path)))
        {
            return path;
        }

        var message = $"Reference data '../shared/reference/{relativePath}' (public source: {SourceOf(relativePath)}) is not beside this clone; the test needs it (tests/README.md).";
        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            Assert.Fail(message + " Under CI=true the reference folder must be present.");
        }

        Assert.Ignore(message + " Skipped.");
        return null!; // unreachable: Assert.Ignore throws
    }

    /// <summary>Where a reference file comes from (the public repository or documentation it was copied or transcribed from).</summary>
    /// <param name="relativePath">For example <c>twilio/signature-vectors.json</c>.</param>
    public static string SourceOf(string relativePath) =>
        Sources.FirstOrDefault(s => relativePath.StartsWith(s.Prefix, StringComparison.Ordinal)).Source ?? "see tests/README.md";

    // Longest prefix first; the full list, with paths and commits, is in ../shared/reference/SOURCES.md and tests/README.md.
    private static readonly (string Prefix, string Source)[] Sources =
    [
        ("sigv4/", "github.com/boto/botocore tests/unit/auth/aws4_testsuite/"),
        ("aws/sns/", "github.com/aws/aws-php-sns-message-validator tests/FunctionalValidationsTest.php"),
        ("aws/events/", "composed from the AWS Lambda, SNS and End User Messaging event documentation at docs.aws.amazon.com"),
        ("aws/", "github.com/boto/botocore botocore/data/ (service models) and tests/functional/endpoint-rules/"),
        ("twilio/signature-vectors.json", "github.com/twilio/twilio-csharp, twilio-node and twilio-python request validator tests"),
        ("twilio/", "github.com/twilio/twilio-oai spec/json/"),
        ("segments/", "github.com/TwilioDevEd/message-segment-calculator tests and src/libs/UnicodeToGSM.ts"),
        ("meta/", "github.com/facebook/openapi business-messaging-api_v23.0.yaml"),
    ];

    /// <summary>Reads a reference file as text.</summary>
    public static string ReadText(string relativePath) => File.ReadAllText(PathOf(relativePath));

    private static string? FindRoot()
    {
        var candidate = Path.GetFullPath(Path.Combine(RepositoryRoot, "..", "shared", "reference"));
        return Directory.Exists(candidate) ? candidate : null;
    }
}
