using MetricsServer.Discovery.FileSd;

namespace MetricsServer.Discovery.Tests.FileSd;

public class FileGlobTests
{
    [Theory]
    [InlineData("star matches any name", "/sd/*.yml", "targets.yml", true)]
    [InlineData("star does not match other extension", "/sd/*.yml", "targets.yaml", false)]
    [InlineData("star matches empty", "/sd/*.json", ".json", true)]
    [InlineData("question mark matches one char", "/sd/t?.json", "t1.json", true)]
    [InlineData("question mark needs exactly one char", "/sd/t?.json", "t12.json", false)]
    [InlineData("class range", "/sd/[a-c]x.yml", "bx.yml", true)]
    [InlineData("class range excludes", "/sd/[a-c]x.yml", "dx.yml", false)]
    [InlineData("negated class", "/sd/[^a-c]x.yml", "dx.yml", true)]
    [InlineData("negated class excludes", "/sd/[^a-c]x.yml", "ax.yml", false)]
    [InlineData("escaped star is literal", "/sd/a\\*.yml", "a*.yml", true)]
    [InlineData("escaped star does not glob", "/sd/a\\*.yml", "ab.yml", false)]
    [InlineData("dot is literal", "/sd/a.yml", "aXyml", false)]
    [InlineData("literal name", "/sd/nodes.json", "nodes.json", true)]
    [InlineData("case sensitive", "/sd/*.yml", "T.YML", false)]
    public void IsMatch_FollowsGoFilepathMatch(string name, string pattern, string fileName, bool expected)
    {
        Assert.NotEmpty(name);
        Assert.Equal(expected, FileGlob.Parse(pattern).IsMatch(fileName));
    }

    [Theory]
    [InlineData("/sd/[a-c.yml")]
    [InlineData("/sd/[z-a].yml")]
    [InlineData("/sd/*/targets.yml")]
    [InlineData("/sd/a\\")]
    public void Parse_MalformedPattern_Throws(string pattern) =>
        Assert.Throws<ArgumentException>(() => FileGlob.Parse(pattern));

    [Fact]
    public void Parse_BareFileName_UsesCurrentDirectory() =>
        Assert.Equal(".", FileGlob.Parse("targets.yml").Directory);

    [Fact]
    public void ListFiles_ReturnsMatchingFilesSortedAndSkipsDirectories()
    {
        using var dir = new TempDirectory();
        dir.Write("b.yml", "[]");
        dir.Write("a.yml", "[]");
        dir.Write("c.json", "[]");
        Directory.CreateDirectory(dir.File("d.yml"));

        var files = FileGlob.Parse(Path.Combine(dir.Path, "*.yml")).ListFiles();

        Assert.Equal([dir.File("a.yml"), dir.File("b.yml")], files);
    }

    [Fact]
    public void ListFiles_MissingDirectory_ReturnsNothing() =>
        Assert.Empty(FileGlob.Parse("/nonexistent-" + Guid.NewGuid().ToString("N") + "/*.yml").ListFiles());
}
