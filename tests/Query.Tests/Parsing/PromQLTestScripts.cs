using System.Text.RegularExpressions;

namespace MetricsServer.Query.Tests.Parsing;

/// <summary>
/// Finds Prometheus's PromQL test scripts (<c>$PROMQLTEST_DIR</c>, default <c>../shared/promqltest</c> beside the
/// checkout root) and harvests their <c>eval</c> expressions. The scripts are read at test time, never copied.
/// </summary>
internal static partial class PromQLTestScripts
{
    public sealed record EvalCase(string File, int Line, string Expr, bool ExpectFail, string? FailMessage);

    /// <summary>The script directory, or null when it does not exist (callers fail under CI=true, skip otherwise).</summary>
    public static string? FindDirectory()
    {
        var fromEnv = Environment.GetEnvironmentVariable("PROMQLTEST_DIR");
        if (!string.IsNullOrEmpty(fromEnv)) return Directory.Exists(fromEnv) ? fromEnv : null;
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "MetricsServer.sln")))
            {
                var candidate = Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "promqltest"));
                return Directory.Exists(candidate) ? candidate : null;
            }
        }
        return null;
    }

    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    public static List<EvalCase> Harvest(string directory)
    {
        var cases = new List<EvalCase>();
        foreach (var path in Directory.GetFiles(directory, "*.test").Order(StringComparer.Ordinal))
        {
            var lines = File.ReadAllLines(path);
            for (var i = 0; i < lines.Length; i++)
            {
                var m = EvalLine().Match(lines[i]);
                if (!m.Success) continue;
                var expectFail = m.Groups["kind"].Value == "_fail";
                string? msg = null;
                for (var j = i + 1; j < lines.Length && lines[j].Length > 0 && char.IsWhiteSpace(lines[j][0]); j++)
                {
                    var t = lines[j].Trim();
                    if (t.StartsWith("expect fail", StringComparison.Ordinal)) expectFail = true;
                    if (t.StartsWith("expect fail msg:", StringComparison.Ordinal)) msg = t["expect fail msg:".Length..].Trim();
                    if (t.StartsWith("expected_fail_message", StringComparison.Ordinal)) msg = t["expected_fail_message".Length..].Trim();
                }
                cases.Add(new EvalCase(Path.GetFileName(path), i + 1, m.Groups["expr"].Value, expectFail, msg));
            }
        }
        return cases;
    }

    [GeneratedRegex(@"^\s*eval(?<kind>_fail|_warn|_info|_ordered)?\s+(?:instant\s+at\s+\S+|range\s+from\s+\S+\s+to\s+\S+\s+step\s+\S+)\s+(?<expr>.+)$")]
    private static partial Regex EvalLine();
}
