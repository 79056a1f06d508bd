using System.Globalization;
using MetricsServer.TestSupport;

namespace MetricsServer.Query.Tests.PromqlTest;

/// <summary>
/// A ratchet while the engine grows toward passing every script: <c>passing-baseline.txt</c> holds, per file, how
/// many evals passed when it was last raised; fewer passing now is a regression and fails the run. Raise the
/// numbers as features land; the goal is every eval of the stable files.
/// </summary>
internal static class PassingBaseline
{
    public static string FilePath => Path.Combine(RepositoryPaths.Root, "tests", "Query.Tests", "PromqlTest", "passing-baseline.txt");

    public static IEnumerable<string> Regressions(IReadOnlyDictionary<string, int> passed)
    {
        foreach (var raw in File.ReadAllLines(FilePath))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#')) continue;
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var name = parts[0];
            var floor = int.Parse(parts[1], CultureInfo.InvariantCulture);
            var now = passed.GetValueOrDefault(name);
            if (now < floor) yield return $"{name}: {now} evals pass, fewer than the {floor} of passing-baseline.txt";
        }
    }
}
