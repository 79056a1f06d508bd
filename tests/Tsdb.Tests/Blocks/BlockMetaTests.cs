using System.Text;
using MetricsServer.Tsdb.Blocks;

namespace MetricsServer.Tsdb.Tests.Blocks;

public class BlockMetaTests
{
    [Fact]
    public void Parse_PrometheusMetaWithExtraFields_ReadsKnownOnes()
    {
        const string json = """
            {
            	"ulid": "01HF7Z5R7M0000000000000000",
            	"minTime": 1700000000000,
            	"maxTime": 1700007200000,
            	"stats": {"numSamples": 553, "numSeries": 2, "numChunks": 6, "numTombstones": 0},
            	"compaction": {"level": 2, "sources": ["01HF7Z5R7M0000000000000000", "01HF7Z5R7M0000000000000001"], "parents": []},
            	"thanos": {"labels": {}},
            	"version": 1
            }
            """;
        var meta = BlockMeta.Parse(Encoding.UTF8.GetBytes(json), "meta.json");
        Assert.Equal(Ulid.Parse("01HF7Z5R7M0000000000000000"), meta.Ulid);
        Assert.Equal(1700000000000, meta.MinTimeMs);
        Assert.Equal(1700007200000, meta.MaxTimeMs);
        Assert.Equal(553, meta.NumSamples);
        Assert.Equal(2, meta.NumSeries);
        Assert.Equal(6, meta.NumChunks);
        Assert.Equal(2, meta.CompactionLevel);
        Assert.Equal(2, meta.Sources.Count);
    }

    [Fact]
    public void ToJson_ThenParse_RoundTrips()
    {
        var u = Ulid.New(1_700_000_000_000);
        var meta = new BlockMeta(u, 10, 20, 3, 2, 1, 1, [u]);
        var text = Encoding.UTF8.GetString(meta.ToJson());
        Assert.Contains("\"numSamples\": 3", text, StringComparison.Ordinal);
        Assert.Contains("\"version\": 1", text, StringComparison.Ordinal);
        var parsed = BlockMeta.Parse(meta.ToJson(), "meta.json");
        Assert.Equal(meta with { Sources = parsed.Sources }, parsed);
        Assert.Equal([u], parsed.Sources);
    }

    [Fact]
    public void ToJson_WithParentsAndTombstones_WritesThemAsPrometheusDoesAndRoundTrips()
    {
        var u = Ulid.New(1_700_000_000_000);
        var p1 = new BlockParent(Ulid.New(1_700_000_000_001), 0, 7_200_000);
        var p2 = new BlockParent(Ulid.New(1_700_000_000_002), 7_200_000, 14_400_000);
        var meta = new BlockMeta(u, 0, 14_400_000, 3, 2, 1, 2, [p1.Ulid, p2.Ulid], NumTombstones: 4, Parents: [p1, p2]);

        var text = Encoding.UTF8.GetString(meta.ToJson());
        var parsed = BlockMeta.Parse(meta.ToJson(), "meta.json");

        Assert.Contains("\"numTombstones\": 4", text, StringComparison.Ordinal);
        Assert.Contains("\"parents\": [", text, StringComparison.Ordinal);
        Assert.Contains($"\"ulid\": \"{p2.Ulid}\",\n\t\t\t\t\"minTime\": 7200000,\n\t\t\t\t\"maxTime\": 14400000", text, StringComparison.Ordinal);
        Assert.Equal(4, parsed.NumTombstones);
        Assert.Equal([p1, p2], parsed.Parents);
    }

    [Fact]
    public void ToJson_NoParentsNoTombstones_OmitsBoth()
    {
        var u = Ulid.New(1_700_000_000_000);
        var text = Encoding.UTF8.GetString(new BlockMeta(u, 10, 20, 3, 2, 1, 1, [u]).ToJson());

        Assert.DoesNotContain("parents", text, StringComparison.Ordinal);
        Assert.DoesNotContain("numTombstones", text, StringComparison.Ordinal);
        Assert.Empty(BlockMeta.Parse(Encoding.UTF8.GetBytes(text), "meta.json").Parents);
    }

    [Fact]
    public void Parse_ParentWithBadUlid_ThrowsBlockFormatException()
    {
        const string json = """
            {"ulid":"01HF7Z5R7M0000000000000000","minTime":0,"maxTime":1,
             "compaction":{"level":2,"sources":[],"parents":[{"ulid":"nope","minTime":0,"maxTime":1}]},"version":1}
            """;
        var e = Assert.Throws<BlockFormatException>(() => BlockMeta.Parse(Encoding.UTF8.GetBytes(json), "meta.json"));
        Assert.Contains("parent", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("{}")]
    [InlineData("""{"ulid":"x","minTime":0,"maxTime":1,"compaction":{"level":1},"version":1}""")]
    [InlineData("""{"ulid":"01HF7Z5R7M0000000000000000","minTime":0,"maxTime":1,"compaction":{"level":1},"version":2}""")]
    [InlineData("""{"ulid":"01HF7Z5R7M0000000000000000","minTime":"0","maxTime":1,"compaction":{"level":1},"version":1}""")]
    public void Parse_Bad_ThrowsBlockFormatExceptionNamingFile(string json)
    {
        var e = Assert.Throws<BlockFormatException>(() => BlockMeta.Parse(Encoding.UTF8.GetBytes(json), "/data/b/meta.json"));
        Assert.Equal("/data/b/meta.json", e.FilePath);
        Assert.Equal("meta", e.Section);
    }
}
