using System.Globalization;
using System.Text;
using MetricsServer.Query.Tests.Parsing;
using Xunit.Abstractions;

namespace MetricsServer.Query.Tests.PromqlTest;

/// <summary>
/// Runs Prometheus's PromQL test scripts ($PROMQLTEST_DIR, default ../shared/promqltest beside the checkout): every
/// script must parse and its data must load. Evaluation is not wired yet; see the comment in <see cref="RunScript"/>.
/// </summary>
public sealed class PromqlScriptTests(ITestOutputHelper output)
{
    [Fact]
    public void AllScripts_ParseAndLoad()
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
            var (loader, evals, extras) = RunScript(script);
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
        Assert.True(errors.Count == 0, string.Join(Environment.NewLine, errors));
    }

    /// <summary>Loads the script's data command by command; returns the loader, the number of evals and of extra queries.</summary>
    private static (ScriptLoader Loader, int Evals, int Extras) RunScript(TestScript script)
    {
        var loader = new ScriptLoader();
        int evals = 0, extras = 0;
        foreach (var command in script.Commands)
        {
            if (command is not EvalCommand eval)
            {
                loader.Apply(command);
                continue;
            }
            evals++;
            var extra = EvalPlanner.ExtraQueries(eval);
            extras += extra.Count;
            // The engine plugs in here: run eval.Expr against loader.Head (instant at eval.StartMs, or range
            // eval.StartMs..eval.EndMs step eval.StepMs), adapt its output to ActualResult, then
            // ResultComparer.Compare(eval, actual) gives the failures for script.Name:eval.Line. For each ExtraQuery
            // in `extra` run it the same way and check it with ResultComparer.CompareSame(actual, rerun) (AtRerun) or
            // ResultComparer.CompareRangeMiddle(actual, rangeResult, eval.StartMs) (InstantAsRange).
        }
        return (loader, evals, extras);
    }
}
