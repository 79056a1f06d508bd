using System.Globalization;

namespace MetricsServer.Rules.Loading;

/// <summary>
/// Validates rule files as <c>promtool check rules</c> does, with its output: <c>Checking FILE</c>, then
/// <c>  SUCCESS: N rules found</c> on standard output, or <c>  FAILED:</c> and the errors on standard error.
/// Exit code 0 when every file passed, 1 otherwise.
/// </summary>
public static class RuleCheck
{
    public static int Run(IReadOnlyList<string> files, TextWriter stdout, TextWriter stderr)
    {
        ArgumentNullException.ThrowIfNull(files);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        var failed = false;
        foreach (var file in files)
        {
            stdout.WriteLine($"Checking {file}");
            try
            {
                var groups = RuleFileLoader.LoadFile(file);
                var count = groups.Sum(g => g.Rules.Count);
                stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  SUCCESS: {count} rules found"));
                foreach (var duplicate in Duplicates(groups)) stderr.WriteLine($"  WARNING: duplicate rule {duplicate}");
            }
            catch (RuleFileException e)
            {
                failed = true;
                stderr.WriteLine("  FAILED:");
                foreach (var error in e.Errors) stderr.WriteLine(error);
            }
            stdout.WriteLine();
        }
        return failed ? 1 : 0;
    }

    /// <summary>Rules with the same name and labels in one file: they would write the same series.</summary>
    private static IEnumerable<string> Duplicates(IReadOnlyList<RuleGroupDefinition> groups)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var rule in groups.SelectMany(g => g.Rules))
        {
            var key = rule.Name + "{" + string.Join(",", rule.Labels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => l.Key + "=" + l.Value)) + "}";
            if (!seen.Add(key)) yield return key;
        }
    }
}
