using System.Text.Json;

namespace MetricsServer.Query.Tests.PromqlTest;

/// <summary>
/// Writes the per-file outcome to the file named by PROMQLTEST_REPORT, in the shape other tooling reads:
/// <c>{"files": {"x.test": {"passed": N, "failed": M, "skipped": K, "failures": [{"line": L, "message": "..."}]}}}</c>.
/// </summary>
internal static class PromqlTestReport
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static void WriteIfAsked(IReadOnlyDictionary<string, (int Passed, List<string> Failures)> outcomes)
    {
        var path = Environment.GetEnvironmentVariable("PROMQLTEST_REPORT");
        if (string.IsNullOrEmpty(path)) return;
        var files = new SortedDictionary<string, object>(StringComparer.Ordinal);
        foreach (var (name, (passed, failures)) in outcomes)
        {
            files[name.EndsWith(".test", StringComparison.Ordinal) ? name : name + ".test"] = new Dictionary<string, object>
            {
                ["passed"] = passed,
                ["failed"] = failures.Count,
                ["skipped"] = 0,
                ["failures"] = failures.Select(f =>
                {
                    var colon = f.IndexOf(':', StringComparison.Ordinal);
                    var line = int.TryParse(f.AsSpan(0, Math.Max(colon, 0)), out var l) ? l : 0;
                    return new Dictionary<string, object> { ["line"] = line, ["message"] = f[(colon + 1)..].Trim() };
                }).ToList(),
            };
        }
        File.WriteAllText(path, JsonSerializer.Serialize(new Dictionary<string, object> { ["files"] = files }, Indented));
    }
}
