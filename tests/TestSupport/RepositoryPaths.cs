namespace MetricsServer.TestSupport;

/// <summary>Where the checkout and the shared folder beside it are, found from the test assembly's location.</summary>
public static class RepositoryPaths
{
    /// <summary>The folder holding MetricsServer.sln.</summary>
    public static string Root
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "MetricsServer.sln"))) dir = dir.Parent;
            return dir?.FullName ?? throw new InvalidOperationException("MetricsServer.sln not found above " + AppContext.BaseDirectory);
        }
    }

    /// <summary>True when running under CI, where a missing peer or fixture must fail rather than skip.</summary>
    public static bool UnderCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);
}
