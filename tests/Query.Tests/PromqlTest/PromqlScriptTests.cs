using System.Globalization;
using System.Text;
using MetricsServer.Query.Tests.Parsing;
using Xunit.Abstractions;

namespace MetricsServer.Query.Tests.PromqlTest;

/// <summary>
/// Runs Prometheus's PromQL test scripts ($PROMQLTEST_DIR, default ../shared/promqltest beside the checkout): every
/// script must parse and load, and every eval runs through the engine with FORMAT.md's extra checks. Prints
/// "FILE: N passed, M failed, K skipped" per file and the total; writes $PROMQLTEST_REPORT when set; fails when a
/// file passes fewer evals than passing-baseline.txt records.
/// </summary>
public sealed class PromqlScriptTests(ITestOutputHelper output)
{
    [Fact]
    public void AllScripts_ParseLoadAndPassAtLeastTheBaseline()
    {
        var dir = PromQLTestScripts.FindDirectory();
        if (dir is null)
        {
            Assert.False(PromQLTestScripts.IsCi, "PromQL test scripts not found (set PROMQLTEST_DIR or create ../shared/promqltest)");
            output.WriteLine("PromQL test scripts not found; skipped (set PROMQLTEST_DIR).");
            return;
        }
        var files = Directory.GetFiles(dir, "*.test").Order(StringComparer.Ordinal).ToList();
        Assert.NotEmpty(files);
        var errors = new List<string>();
        var outcomes = new SortedDictionary<string, (int Passed, List<string> Failures)>(StringComparer.Ordinal);
        int totalCommands = 0, totalEvals = 0, totalLoads = 0, totalSkipped = 0, totalExtra = 0;
        foreach (var path in files)
        {
            TestScript script;
            try
            {
                script = TestScript.Load(path);
            }
            catch (ScriptParseException e)
            {
                errors.Add(e.Message);
                output.WriteLine($"{Path.GetFileName(path)}: parse error: {e.Message}");
                continue;
            }
            var (loader, evals, extras, failures) = RunScript(script);
            var passed = evals - failures.Count;
            outcomes[script.Name] = (passed, failures);
            output.WriteLine($"{script.Name}: {passed} passed, {failures.Count} failed, 0 skipped");
            var loads = script.Commands.Count(c => c is LoadCommand);
            totalCommands += script.Commands.Count;
            totalEvals += evals;
            totalLoads += loads;
            totalSkipped += loader.Stats.HistogramsSkipped;
            totalExtra += extras;
            var line = new StringBuilder().Append(CultureInfo.InvariantCulture,
                $"{script.Name}: {script.Commands.Count} commands, {evals} evals, {loads} loads, {loader.Stats.HistogramsSkipped} histogram samples skipped");
            line.Append(CultureInfo.InvariantCulture, $" ({loader.Stats.FloatSamples} floats, {loader.Stats.StaleMarkers} stale markers, {extras} extra queries planned");
            if (loader.Stats.StartTimestampsSkipped > 0) line.Append(CultureInfo.InvariantCulture, $", {loader.Stats.StartTimestampsSkipped} @st values not stored");
            foreach (var (result, (count, first)) in loader.Stats.Rejected) line.Append(CultureInfo.InvariantCulture, $", {count} {result} from line {first}");
            output.WriteLine(line.Append(')').ToString());
        }
        output.WriteLine($"TOTAL: {files.Count} files, {totalCommands} commands, {totalEvals} evals, {totalLoads} loads, {totalSkipped} histogram samples skipped, {totalExtra} extra queries planned");
        var totalPassed = outcomes.Values.Sum(o => o.Passed);
        var totalFailed = outcomes.Values.Sum(o => o.Failures.Count);
        output.WriteLine($"TOTAL: {totalPassed} passed, {totalFailed} failed, 0 skipped");
        foreach (var (name, outcome) in outcomes)
        {
            foreach (var failure in outcome.Failures.Take(20)) output.WriteLine($"  {name}:{failure}");
        }
        PromqlTestReport.WriteIfAsked(outcomes);
        Assert.True(errors.Count == 0, string.Join(Environment.NewLine, errors));
        errors.AddRange(PassingBaseline.Regressions(outcomes.ToDictionary(o => o.Key, o => o.Value.Passed)));
        Assert.True(errors.Count == 0, string.Join(Environment.NewLine, errors));
    }

    /// <summary>Our own scripts (PromqlTest/Scripts, copied beside the test assembly): every eval must pass.</summary>
    [Fact]
    public void ProjectScripts_EveryEvalPasses()
    {
        var dir = Path.Combine(AppContext.BaseDirectory, "PromqlTest", "Scripts");
        var files = Directory.GetFiles(dir, "*.test").Order(StringComparer.Ordinal).ToList();
        Assert.NotEmpty(files);
        var failures = new List<string>();
        foreach (var path in files)
        {
            var script = TestScript.Load(path);
            var (_, evals, _, scriptFailures) = RunScript(script);
            output.WriteLine($"{script.Name}: {evals - scriptFailures.Count} passed, {scriptFailures.Count} failed, 0 skipped");
            failures.AddRange(scriptFailures.Select(f => $"{script.Name}:{f}"));
        }
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    /// <summary>
    /// Loads the script's data command by command and runs every eval (with its extra checks) through the engine;
    /// returns the loader, the number of evals, of extra queries, and the failures as "line: message".
    /// </summary>
    private static (ScriptLoader Loader, int Evals, int Extras, List<string> Failures) RunScript(TestScript script)
    {
        var loader = new ScriptLoader();
        int evals = 0, extras = 0;
        var failures = new List<string>();
        foreach (var command in script.Commands)
        {
            if (command is not EvalCommand eval)
            {
                loader.Apply(command);
                continue;
            }
            evals++;
            var actual = EngineRunner.Run(loader.Head, eval.Expr, eval.IsRange, eval.StartMs, eval.EndMs, eval.StepMs);
            var problems = new List<string>(ResultComparer.Compare(eval, actual));
            var extra = EvalPlanner.ExtraQueries(eval);
            extras += extra.Count;
            if (problems.Count == 0)
            {
                foreach (var query in extra)
                {
                    var again = EngineRunner.Run(loader.Head, query.Expr, query.IsRange, query.StartMs, query.EndMs, query.StepMs);
                    problems.AddRange(query.Kind == ExtraCheckKind.InstantAsRange
                        ? ResultComparer.CompareRangeMiddle(actual, again, eval.StartMs)
                        : ResultComparer.CompareSame(actual, again));
                    if (problems.Count > 0) break;
                }
            }
            if (problems.Count > 0) failures.Add($"{eval.Line}: {eval.Expr}: {problems[0]}");
        }
        return (loader, evals, extras, failures);
    }
}
