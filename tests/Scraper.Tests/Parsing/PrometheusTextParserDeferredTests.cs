using System.Reflection;
using MetricsServer.Scraper.Parsing;
using static MetricsServer.Scraper.Tests.Parsing.ExpositionTestData;

namespace MetricsServer.Scraper.Tests.Parsing;

/// <summary>
/// With <see cref="ExpositionParser.DeferLabelValidation"/> the parser must give the same keys, labels and errors as
/// without it; only the moment of a label-list error moves from <c>Next()</c> to <c>Labels()</c>.
/// </summary>
public sealed class PrometheusTextParserDeferredTests
{
    /// <summary>Every malformed-input case of <see cref="PrometheusTextParserTests"/>, reused.</summary>
    public static TheoryData<string, string, int, int, string> MalformedCases()
    {
        var method = typeof(PrometheusTextParserTests).GetMethod(nameof(PrometheusTextParserTests.Next_MalformedInput_ThrowsWithLineAndColumn))!;
        var data = new TheoryData<string, string, int, int, string>();
        foreach (var attribute in method.GetCustomAttributes<InlineDataAttribute>())
        {
            foreach (var row in attribute.GetData(method))
            {
                data.Add((string)row[0], (string)row[1], (int)row[2], (int)row[3], (string)row[4]);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(MalformedCases))]
    public void Deferred_MalformedInput_SameErrorAtSameLineAndColumn(string name, string body, int line, int column, string message)
    {
        _ = name;
        var ex = ParseError(new PrometheusTextParser { DeferLabelValidation = true }, body);

        Assert.Equal(line, ex.Line);
        Assert.Equal(column, ex.Column);
        Assert.Contains(message, ex.Message);
    }

    [Theory]
    [InlineData("a{b=\"}\",c=\"\\\"}\"} 1\n")]
    [InlineData("a{b=\"x\\\\\"} 1 1000\n")]
    [InlineData("a { b = \"1\" , } 2\n")]
    [InlineData("a{} 3\n")]
    public void Deferred_TrickyLabelLists_SameKeyAndLabels(string body)
    {
        var eager = ParseAll(new PrometheusTextParser(), body);
        var deferred = ParseAll(new PrometheusTextParser { DeferLabelValidation = true }, body);

        Assert.Equal(eager, deferred);
    }

    [Fact]
    public void Deferred_DuplicateLabel_PassesNextButFailsLabels()
    {
        var parser = new PrometheusTextParser { DeferLabelValidation = true };
        parser.Reset("ok 1\nm{a=\"1\",a=\"2\"} 1\n"u8.ToArray());
        parser.Next();

        Assert.Equal(EntryKind.Series, parser.Next());
        var ex = Assert.Throws<ExpositionException>(() => parser.Labels(new Model.Labels.LabelSetBuilder()));
        Assert.Equal(2, ex.Line);
        Assert.Contains("duplicate label name", ex.Message);
    }

    [Fact]
    public void Deferred_Fixtures_SameEntriesAsEager()
    {
        var dir = FixturesDirectory();
        if (dir is null) return;
        var files = Directory.GetFiles(dir).Where(f => !f.Contains(".om.", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(files);
        foreach (var file in files)
        {
            var body = File.ReadAllBytes(file);
            Assert.Equal(ParseAll(new PrometheusTextParser(), body), ParseAll(new PrometheusTextParser { DeferLabelValidation = true }, body));
        }
    }
}
