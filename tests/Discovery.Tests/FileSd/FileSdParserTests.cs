using System.Text;
using MetricsServer.Discovery.FileSd;

namespace MetricsServer.Discovery.Tests.FileSd;

public class FileSdParserTests
{
    private static List<TargetGroup> Parse(string path, string content) => FileSdParser.Parse(path, Encoding.UTF8.GetBytes(content));

    [Fact]
    public void Parse_YamlWithLabelsAndSeveralGroups_ReturnsGroupsWithSourcesAndFilepath()
    {
        const string yaml = """
            - targets: ['node1:9100', node2:9100]
              labels:
                env: prod
                team: "infra"
            - targets:
                - db:9187
            """;

        var groups = Parse("/etc/sd/nodes.yml", yaml);

        Assert.Equal(2, groups.Count);
        Assert.Equal("/etc/sd/nodes.yml:0", groups[0].Source);
        Assert.Equal(["node1:9100", "node2:9100"], groups[0].Targets.Select(t => t.Get("__address__")));
        Assert.Equal("""{__meta_filepath="/etc/sd/nodes.yml", env="prod", team="infra"}""", groups[0].Labels.ToString());
        Assert.Equal("/etc/sd/nodes.yml:1", groups[1].Source);
        Assert.Equal("db:9187", Assert.Single(groups[1].Targets).Get("__address__"));
        Assert.Equal("""{__meta_filepath="/etc/sd/nodes.yml"}""", groups[1].Labels.ToString());
    }

    [Fact]
    public void Parse_Json_ReturnsGroupsAndIgnoresUnknownFieldsLikePrometheus()
    {
        const string json = """
            [
              {"targets": ["a:80", "b:80"], "labels": {"job_kind": "web"}, "comment": "ignored"},
              {"Targets": ["c:80"]}
            ]
            """;

        var groups = Parse("sd/web.json", json);

        Assert.Equal(2, groups.Count);
        Assert.Equal("sd/web.json:0", groups[0].Source);
        Assert.Equal(["a:80", "b:80"], groups[0].Targets.Select(t => t.Get("__address__")));
        Assert.Equal("web", groups[0].Labels.Get("job_kind"));
        Assert.Equal("sd/web.json", groups[0].Labels.Get("__meta_filepath"));
        Assert.Equal("c:80", Assert.Single(groups[1].Targets).Get("__address__"));
    }

    [Theory]
    [InlineData("empty yaml", "t.yml", "")]
    [InlineData("null yaml", "t.yml", "~")]
    [InlineData("empty yaml list", "t.yaml", "[]")]
    [InlineData("empty json list", "t.json", "[]")]
    public void Parse_NoGroups_ReturnsEmpty(string name, string path, string content)
    {
        Assert.NotEmpty(name);
        Assert.Empty(Parse(path, content));
    }

    [Theory]
    [InlineData("t.json", """[{"targets": ["a:1"]}]""")]
    [InlineData("t.yml", "- targets: [a:1]")]
    public void Parse_Utf8ByteOrderMark_IsSkipped(string path, string content)
    {
        var group = Assert.Single(Parse(path, "\uFEFF" + content));

        Assert.Equal("a:1", Assert.Single(group.Targets).Get("__address__"));
    }

    [Fact]
    public void Parse_GroupWithoutTargets_KeepsTheGroupWithNone()
    {
        var group = Assert.Single(Parse("t.yml", "- labels: {a: b}"));

        Assert.Empty(group.Targets);
        Assert.Equal("b", group.Labels.Get("a"));
    }

    [Theory]
    [InlineData("json target is a number", "t.json", """[{"targets": [9100]}]""", "target 0 must be a string")]
    [InlineData("json label value is a number", "t.json", """[{"targets": [], "labels": {"a": 1}}]""", "label \"a\" must have a string value")]
    [InlineData("json invalid label name", "t.json", """[{"labels": {"bad-name": "x"}}]""", "\"bad-name\" is not a valid label name")]
    [InlineData("json not a list", "t.json", """{"targets": []}""", "expected a list of target groups")]
    [InlineData("json syntax", "t.json", """[{"targets": ["a"]""", "invalid JSON")]
    [InlineData("json empty file", "t.json", "", "invalid JSON")]
    [InlineData("json null group", "t.json", "[null]", "group 0 is null")]
    [InlineData("yaml target is a map", "t.yml", "- targets: [{a: b}]", "target 0 must be a string")]
    [InlineData("yaml target is null", "t.yml", "- targets: [~]", "target 0 must be a string")]
    [InlineData("yaml unknown field", "t.yml", "- targets: []\n  lables: {}", "unknown field \"lables\"")]
    [InlineData("yaml invalid label name", "t.yml", "- labels: {0abc: x}", "\"0abc\" is not a valid label name")]
    [InlineData("yaml label value is a list", "t.yml", "- labels: {a: [x]}", "label \"a\" must have a string value")]
    [InlineData("yaml targets not a list", "t.yml", "- targets: a:1", "\"targets\" must be a list")]
    [InlineData("yaml syntax", "t.yml", "- targets: [a\n", "invalid YAML")]
    [InlineData("unknown extension", "t.txt", "[]", "unknown file extension")]
    public void Parse_MalformedFile_ThrowsSayingWhatIsWrong(string name, string path, string content, string expected)
    {
        Assert.NotEmpty(name);
        var ex = Assert.Throws<FileSdFormatException>(() => Parse(path, content));
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_YamlError_NamesTheLine()
    {
        var ex = Assert.Throws<FileSdFormatException>(() => Parse("t.yml", "- targets: [a]\n- targets: [b]\n  bogus: 1\n"));

        Assert.Contains("line 3", ex.Message, StringComparison.Ordinal);
    }
}
