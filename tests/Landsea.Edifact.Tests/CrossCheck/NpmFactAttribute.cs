namespace Landsea.Edifact.Tests.CrossCheck;

/// <summary>A fact that needs node and npm on PATH; skipped with a visible reason otherwise.</summary>
public sealed class NpmFactAttribute : FactAttribute
{
    public NpmFactAttribute()
    {
        if (!OnPath("npm") || !OnPath("node"))
        {
            Skip = "npm and node are not on PATH: the cross-check against the npm 'edifact' parser needs them";
        }
    }

    private static bool OnPath(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator).Any(d => File.Exists(Path.Combine(d, tool)));
}
