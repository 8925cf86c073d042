namespace Landsea.Tests;

/// <summary>Finds files of this repository (test vectors, docs) from the test's output folder.</summary>
internal static class Repository
{
    public static string Root { get; } = FindRoot();

    public static string Path(params string[] parts) => System.IO.Path.Combine([Root, .. parts]);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "Landsea.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Landsea.slnx not found above " + AppContext.BaseDirectory);
    }
}
