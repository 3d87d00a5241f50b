namespace Nutritionist.Messaging.Benchmarks;

/// <summary>Finds the official test vectors in <c>../shared/reference/</c> beside the repository, if it is there.</summary>
internal static class Reference
{
    /// <summary>The absolute path of <paramref name="relativePath"/> under <c>shared/reference</c>, or <see langword="null"/>.</summary>
    public static string? Find(string relativePath)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "reference", relativePath);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}
