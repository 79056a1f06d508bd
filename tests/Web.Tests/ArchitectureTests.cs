using System.Reflection;

namespace MetricsServer.Web.Tests;

/// <summary>Project references follow DESIGN.md's table: lower projects never reference higher ones.</summary>
public sealed class ArchitectureTests
{
    /// <summary>What each assembly may reference among ours (DESIGN.md, "Projects").</summary>
    private static readonly Dictionary<string, string[]> Allowed = new()
    {
        ["Model"] = [],
        ["Config"] = ["Model"],
        ["Relabel"] = ["Model", "Config"],
        ["Discovery"] = ["Model", "Config"],
        ["Scraper"] = ["Model", "Config", "Relabel", "Discovery"],
        ["Tsdb"] = ["Model"],
        ["Query"] = ["Model"],
        ["Rules"] = ["Model", "Config", "Query", "Relabel", "Discovery"],
        ["Remote"] = ["Model", "Config", "Relabel"],
    };

    /// <summary>The projects that exist today; each must be present in the test's output.</summary>
    private static readonly string[] Built = ["Model", "Config", "Relabel", "Discovery", "Scraper", "Tsdb", "Query", "Remote", "Rules"];

    public static TheoryData<string> Projects => [.. Allowed.Keys];

    [Theory]
    [MemberData(nameof(Projects))]
    public void Project_ReferencesOnlyWhatTheDesignAllows(string project)
    {
        var path = Path.Combine(AppContext.BaseDirectory, $"MetricsServer.{project}.dll");
        if (!File.Exists(path))
        {
            // Projects come with their issues; one not built yet has no references to check.
            Assert.DoesNotContain(project, Built);
            return;
        }
        var references = Assembly.LoadFrom(path).GetReferencedAssemblies()
            .Select(r => r.Name ?? "")
            .Where(n => n.StartsWith("MetricsServer.", StringComparison.Ordinal))
            .Select(n => n["MetricsServer.".Length..])
            .ToList();

        var forbidden = references.Except(Allowed[project]).ToList();
        Assert.True(forbidden.Count == 0, $"{project} references {string.Join(", ", forbidden)}, which DESIGN.md forbids");
    }

    [Theory]
    [MemberData(nameof(Projects))]
    public void OnlyWeb_ReferencesAspNetCore(string project)
    {
        var path = Path.Combine(AppContext.BaseDirectory, $"MetricsServer.{project}.dll");
        if (!File.Exists(path)) return;
        var aspNet = Assembly.LoadFrom(path).GetReferencedAssemblies().Where(r => r.Name!.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal)).ToList();

        Assert.Empty(aspNet);
    }
}
