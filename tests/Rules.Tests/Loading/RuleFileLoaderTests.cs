using System.Diagnostics;
using MetricsServer.Rules.Loading;
using MetricsServer.TestSupport;

namespace MetricsServer.Rules.Tests.Loading;

public sealed class RuleFileLoaderTests
{
    private static string FilesDirectory => Path.Combine(AppContext.BaseDirectory, "Loading", "Files");

    public static TheoryData<string> CorpusFiles()
    {
        var data = new TheoryData<string>();
        foreach (var kind in new[] { "valid", "invalid" })
        {
            foreach (var f in Directory.GetFiles(Path.Combine(FilesDirectory, kind), "*.yml").Order(StringComparer.Ordinal))
            {
                data.Add(kind + "/" + Path.GetFileName(f));
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(CorpusFiles))]
    public void Load_AgreesWithPromtoolCheckRules(string name)
    {
        var path = Path.Combine(FilesDirectory, name);
        var expectValid = name.StartsWith("valid/", StringComparison.Ordinal);
        var ours = Accepts(path, out var ourError);
        var promtool = PromtoolAccepts(path, out var promtoolOutput);
        Assert.True(promtool == expectValid, $"promtool verdict on {name} is not what the corpus says:\n{promtoolOutput}");
        Assert.True(ours == promtool, $"we {(ours ? "accept" : "reject")} {name}, promtool {(promtool ? "accepts" : "rejects")} it.\nours: {ourError}\npromtool: {promtoolOutput}");
    }

    [Fact]
    public void Load_NewerFields_QueryOffsetAndGroupLabels_AreAccepted()
    {
        // Debian's promtool (2.42) predates query_offset and group labels, so these are checked against the docs only.
        var groups = RuleFileLoader.LoadFile(Path.Combine(FilesDirectory, "newer", "query-offset-and-labels.yml"));
        var group = Assert.Single(groups);
        Assert.Equal(TimeSpan.FromMinutes(1), group.QueryOffset);
        Assert.Equal("infra", group.Rules[0].Labels["team"]);
    }

    [Theory]
    [InlineData("invalid/bad-promql.yml", "5:15: group \"g\", rule 1, \"x\": could not parse expression: 1:17: parse error: unclosed left parenthesis")]
    [InlineData("invalid/duplicate-group.yml", "groupname: \"g\" is repeated in the same file")]
    [InlineData("invalid/unknown-group-field.yml", "line 3: field foo not found in type rulefmt.RuleGroup")]
    [InlineData("invalid/unknown-rule-field.yml", "line 6: field severity not found in type rulefmt.RuleNode")]
    [InlineData("invalid/both-kinds.yml", "group \"g\", rule 1, \"x\": only one of 'record' and 'alert' must be set")]
    [InlineData("invalid/neither-kind.yml", "group \"g\", rule 1, \"\": one of 'record' or 'alert' must be set")]
    [InlineData("invalid/for-on-recording.yml", "group \"g\", rule 1, \"x\": invalid field 'for' in recording rule")]
    [InlineData("invalid/bad-record-name.yml", "invalid recording rule name: not a metric")]
    [InlineData("invalid/metric-name-label.yml", "invalid label name: __name__")]
    [InlineData("invalid/template-unknown-function.yml", "label \"severity\": template: __alert_A:1: function \"nosuchfunction\" not defined")]
    [InlineData("invalid/template-unclosed.yml", "annotation \"summary\": template: __alert_A:1: unclosed action")]
    [InlineData("invalid/bad-duration.yml", "not a valid duration string: \"5 minutes\"")]
    public void Load_InvalidFile_NamesFileGroupRuleAndProblem(string name, string expected)
    {
        var path = Path.Combine(FilesDirectory, name);
        var e = Assert.Throws<RuleFileException>(() => RuleFileLoader.LoadFile(path));
        Assert.Contains(e.Errors, m => m.StartsWith(path, StringComparison.Ordinal) && m.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Load_ValidFile_ReadsEveryField()
    {
        var groups = RuleFileLoader.LoadFile(Path.Combine(FilesDirectory, "valid", "alerting.yml"));
        var group = Assert.Single(groups);
        Assert.Equal("alerts", group.Name);
        Assert.Equal(10, group.Limit);
        Assert.Null(group.Interval);
        var rule = Assert.Single(group.Rules);
        Assert.Equal("InstanceDown", rule.Alert);
        Assert.Equal(TimeSpan.FromMinutes(5), rule.For);
        Assert.Equal(TimeSpan.FromMinutes(1), rule.KeepFiringFor);
        Assert.Equal("page", rule.Labels["severity"]);
        Assert.Equal("Instance {{ $labels.instance }} down", rule.Annotations["summary"]);
        Assert.Equal(5, rule.Line);
    }

    [Fact]
    public void Check_PrintsPromtoolsVerdictsAndExitCode()
    {
        var good = Path.Combine(FilesDirectory, "valid", "recording.yml");
        var bad = Path.Combine(FilesDirectory, "invalid", "both-kinds.yml");
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        Assert.Equal(0, RuleCheck.Run([good], stdout, stderr));
        Assert.Contains($"Checking {good}\n  SUCCESS: 2 rules found\n", stdout.ToString().ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Equal(1, RuleCheck.Run([good, bad], stdout, stderr));
        Assert.Contains("  FAILED:", stderr.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void ExpandGlobs_MatchesFilesSorted_AndKeepsLiteralPaths()
    {
        var dir = Directory.CreateTempSubdirectory("rules-glob");
        try
        {
            File.WriteAllText(Path.Combine(dir.FullName, "b.rules.yml"), "");
            File.WriteAllText(Path.Combine(dir.FullName, "a.rules.yml"), "");
            File.WriteAllText(Path.Combine(dir.FullName, "other.txt"), "");
            var files = RuleFileLoader.ExpandGlobs([Path.Combine(dir.FullName, "*.rules.yml")]);
            Assert.Equal([Path.Combine(dir.FullName, "a.rules.yml"), Path.Combine(dir.FullName, "b.rules.yml")], files);
            Assert.Empty(RuleFileLoader.ExpandGlobs([Path.Combine(dir.FullName, "none-*.yml")]));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    private static bool Accepts(string path, out string error)
    {
        try
        {
            RuleFileLoader.LoadFile(path);
            error = "";
            return true;
        }
        catch (RuleFileException e)
        {
            error = e.Message;
            return false;
        }
    }

    private static bool PromtoolAccepts(string path, out string output)
    {
        Assert.True(File.Exists(Promtool.Path), $"{Promtool.Path} is missing: install Debian's prometheus package (apt-get install prometheus) to run the rule-file interop tests");
        var psi = new ProcessStartInfo(Promtool.Path) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add("check");
        psi.ArgumentList.Add("rules");
        psi.ArgumentList.Add(path);
        using var p = Process.Start(psi)!;
        var stderr = p.StandardError.ReadToEndAsync();
        output = p.StandardOutput.ReadToEnd();
        Assert.True(p.WaitForExit(60_000), "promtool did not finish within a minute");
        output += stderr.Result;
        return p.ExitCode == 0;
    }
}
