using System.Reflection;
using System.Runtime.InteropServices;

namespace MetricsServer.Web.Flags;

/// <summary>
/// What <c>--version</c> prints and <c>/api/v1/status/buildinfo</c> serves: the version and revision from the assembly's
/// informational version (<c>0.1.0+abc123</c>, the SDK appends the commit), and the .NET runtime in Go's place.
/// </summary>
public sealed record BuildInfo(string Version, string Revision, string Branch, string BuildUser, string BuildDate, string RuntimeVersion)
{
    public const string AppName = "metrics-server";

    private const string Unknown = "unknown";

    /// <summary>This server's build.</summary>
    public static BuildInfo Current { get; } = FromAssembly(typeof(BuildInfo).Assembly);

    public static BuildInfo FromAssembly(Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        var informational = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
            ?? assembly.GetName().Version?.ToString()
            ?? Unknown;
        return FromInformationalVersion(informational);
    }

    /// <summary>Splits <c>version+revision</c>; a missing revision is "unknown".</summary>
    public static BuildInfo FromInformationalVersion(string informationalVersion)
    {
        ArgumentNullException.ThrowIfNull(informationalVersion);
        var plus = informationalVersion.IndexOf('+', StringComparison.Ordinal);
        var version = plus < 0 ? informationalVersion : informationalVersion[..plus];
        var revision = plus < 0 || plus == informationalVersion.Length - 1 ? Unknown : informationalVersion[(plus + 1)..];
        return new BuildInfo(
            version.Length == 0 ? Unknown : version,
            revision,
            Unknown,
            Unknown,
            Unknown,
            RuntimeInformation.FrameworkDescription);
    }

    /// <summary>Prometheus's version block: <c>metrics-server, version X (branch: B, revision: R)</c> and build details.</summary>
    public string Render(string appName = AppName)
    {
        // Go prints GOOS/GOARCH; the runtime identifier (linux-x64) is the .NET counterpart.
        var platform = RuntimeInformation.RuntimeIdentifier.Replace('-', '/');
        return $"""
            {appName}, version {Version} (branch: {Branch}, revision: {Revision})
              build user:       {BuildUser}
              build date:       {BuildDate}
              dotnet version:   {RuntimeVersion}
              platform:         {platform}

            """.ReplaceLineEndings("\n");
    }
}
