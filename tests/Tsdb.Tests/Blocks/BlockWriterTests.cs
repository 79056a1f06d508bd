using System.Buffers.Binary;
using MetricsServer.Model.Labels;
using MetricsServer.Model.Storage;
using MetricsServer.Tsdb.Blocks;
using MetricsServer.Tsdb.Chunks;
using Microsoft.Extensions.Time.Testing;

namespace MetricsServer.Tsdb.Tests.Blocks;

public class BlockWriterTests
{
    private static readonly FakeTimeProvider Clock = new(DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000));

    [Fact]
    public void Write_CreatesCompleteBlockDirectoryAndNoTemporary()
    {
        using var dir = new TempDataDirectory();
        var meta = new BlockWriter(Clock).Write(dir.Path, BlockTestData.Generate(4, 1, 10).ConvertAll(d => d.Series));

        Assert.Equal(1_700_000_000_000, meta.Ulid.TimestampMs);
        var entries = Directory.GetFileSystemEntries(dir.Path).Select(Path.GetFileName).ToList();
        Assert.Equal([meta.Ulid.ToString()], entries);
        var block = Path.Combine(dir.Path, meta.Ulid.ToString());
        Assert.True(File.Exists(Path.Combine(block, "index")));
        Assert.True(File.Exists(Path.Combine(block, "meta.json")));
        Assert.True(File.Exists(Path.Combine(block, "tombstones")));
        Assert.Equal(["000001"], Directory.GetFiles(Path.Combine(block, "chunks")).Select(Path.GetFileName));
    }

    [Fact]
    public void Write_EmptyTombstones_AreHeaderAndZeroChecksum()
    {
        using var dir = new TempDataDirectory();
        var meta = new BlockWriter(Clock).Write(dir.Path, BlockTestData.Generate(1, 1, 3).ConvertAll(d => d.Series));
        var bytes = File.ReadAllBytes(Path.Combine(dir.Path, meta.Ulid.ToString(), "tombstones"));
        Assert.Equal(new byte[] { 0x01, 0x30, 0xBA, 0x30, 0x01, 0, 0, 0, 0 }, bytes);
    }

    [Fact]
    public void Write_OneChunk_SegmentBytesAreHeaderLengthEncodingDataChecksum()
    {
        using var dir = new TempDataDirectory();
        var chunk = XorChunk.Encode([(1000, 1.0), (2000, 1.0)]);
        var series = new BlockSeries(LabelSet.FromStrings("__name__", "up"), [new BlockChunk(1000, 2000, chunk)]);
        var meta = new BlockWriter(Clock).Write(dir.Path, [series]);

        var bytes = File.ReadAllBytes(Path.Combine(dir.Path, meta.Ulid.ToString(), "chunks", "000001"));
        var data = chunk.Bytes.ToArray();
        var expected = new List<byte> { 0x85, 0xBD, 0x40, 0xDD, 0x01, 0, 0, 0, (byte)data.Length, 0x01 };
        expected.AddRange(data);
        var crc = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(crc, Crc32C.Compute([0x01, .. data]));
        expected.AddRange(crc);
        Assert.Equal(expected.ToArray(), bytes);
    }

    [Fact]
    public void Write_Index_StartsWithMagicVersion2AndAlignsSeriesTo16()
    {
        using var dir = new TempDataDirectory();
        var meta = new BlockWriter(Clock).Write(dir.Path, BlockTestData.Generate(30, 2, 5).ConvertAll(d => d.Series));
        var path = Path.Combine(dir.Path, meta.Ulid.ToString(), "index");
        var bytes = File.ReadAllBytes(path);
        Assert.Equal(new byte[] { 0xBA, 0xAA, 0xD7, 0x00, 0x02 }, bytes[..5]);
        using var index = IndexReader.Open(path);
        var all = index.AllPostings();
        Assert.Equal(30, all.Length);
        // Every series starts on its own 16-byte boundary: ref * 16 is its offset, and refs grow.
        for (var i = 1; i < all.Length; i++) Assert.True(all[i] > all[i - 1]);
        Assert.Equal(index.Symbols.OrderBy(s => s, Utf8StringComparer.Instance), index.Symbols);
    }

    [Fact]
    public void Write_Meta_CountsAndExclusiveMaxTime()
    {
        using var dir = new TempDataDirectory();
        var data = BlockTestData.Generate(7, 3, 11);
        var meta = new BlockWriter(Clock).Write(dir.Path, data.ConvertAll(d => d.Series));
        Assert.Equal(7 * 3 * 11, meta.NumSamples);
        Assert.Equal(7, meta.NumSeries);
        Assert.Equal(21, meta.NumChunks);
        Assert.Equal(data.Min(d => d.Samples[0].T), meta.MinTimeMs);
        Assert.Equal(data.Max(d => d.Samples[^1].T) + 1, meta.MaxTimeMs);
        Assert.Equal(1, meta.CompactionLevel);
        Assert.Equal([meta.Ulid], meta.Sources);
        using var reader = BlockReader.Open(Path.Combine(dir.Path, meta.Ulid.ToString()));
        Assert.Equal(meta.Ulid, reader.Meta.Ulid);
        Assert.Equal(meta.Sources, reader.Meta.Sources);
        Assert.Equal(meta.NumSamples, reader.Meta.NumSamples);
    }

    [Fact]
    public void Write_GivenRange_UsesItInMeta()
    {
        using var dir = new TempDataDirectory();
        var meta = new BlockWriter(Clock).Write(dir.Path, BlockTestData.Generate(2, 1, 3).ConvertAll(d => d.Series), 0, 7_200_000_000_000);
        Assert.Equal(0, meta.MinTimeMs);
        Assert.Equal(7_200_000_000_000, meta.MaxTimeMs);
    }

    [Fact]
    public void Write_SmallSegmentSize_CutsSegmentsAndRefsNameThem()
    {
        using var dir = new TempDataDirectory();
        var data = BlockTestData.Generate(20, 2, 30);
        var meta = new BlockWriter(Clock, segmentSize: 1000).Write(dir.Path, data.ConvertAll(d => d.Series));
        var blockDir = Path.Combine(dir.Path, meta.Ulid.ToString());
        var files = Directory.GetFiles(Path.Combine(blockDir, "chunks")).Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal).ToList();
        Assert.True(files.Count > 3, $"expected several segments, got {files.Count}");
        Assert.Equal("000001", files[0]);
        Assert.Equal(files.Count.ToString("D6", System.Globalization.CultureInfo.InvariantCulture), files[^1]);
        foreach (var f in files) Assert.True(new FileInfo(Path.Combine(blockDir, "chunks", f)).Length <= 1000);

        using var block = BlockReader.Open(blockDir);
        using var q = block.Querier(long.MinValue, long.MaxValue);
        var set = q.Select(false, null, new Matcher(Model.Labels.MatchType.Regex, "series", ".+"));
        long samples = 0;
        while (set.MoveNext())
        {
            var it = set.Current.Iterator();
            while (it.Next() == ValueKind.Float) samples++;
            Assert.Null(it.Error);
        }
        Assert.Equal(20 * 2 * 30, samples);
    }

    [Fact]
    public void Write_DuplicateSeries_ThrowsAndLeavesNothing()
    {
        using var dir = new TempDataDirectory();
        var s = BlockTestData.Generate(1, 1, 3)[0].Series;
        Assert.Throws<ArgumentException>(() => new BlockWriter(Clock).Write(dir.Path, [s, s with { }]));
        Assert.Empty(Directory.GetFileSystemEntries(dir.Path));
    }

    [Fact]
    public void Write_OverlappingChunks_Throws()
    {
        using var dir = new TempDataDirectory();
        var c1 = new BlockChunk(1000, 3000, XorChunk.Encode([(1000, 1), (3000, 2)]));
        var c2 = new BlockChunk(2000, 4000, XorChunk.Encode([(2000, 1), (4000, 2)]));
        var e = Assert.Throws<ArgumentException>(() => new BlockWriter(Clock).Write(dir.Path, [new BlockSeries(LabelSet.FromStrings("__name__", "x"), [c1, c2])]));
        Assert.Contains("overlaps", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_WithOptions_RecordsLevelSourcesParentsAndRange()
    {
        using var dir = new TempDataDirectory();
        var s = BlockTestData.Generate(1, 1, 3)[0].Series;
        var source = Ulid.New(1_600_000_000_000);
        var parent = new BlockParent(source, 0, 100);
        var options = new BlockWriteOptions { CompactionLevel = 3, Sources = [source], Parents = [parent], MinTimeMs = 0, MaxTimeMs = 9_000_000_000_000 };

        var meta = new BlockWriter(Clock).Write(dir.Path, [s], options);

        using var block = BlockReader.Open(Path.Combine(dir.Path, meta.Ulid.ToString()));
        Assert.Equal(3, block.Meta.CompactionLevel);
        Assert.Equal([source], block.Meta.Sources);
        Assert.Equal([parent], block.Meta.Parents);
        Assert.Equal((0L, 9_000_000_000_000L), (block.Meta.MinTimeMs, block.Meta.MaxTimeMs));
    }

    [Fact]
    public void WriteSorted_OutOfLabelOrder_ThrowsAndLeavesNothing()
    {
        using var dir = new TempDataDirectory();
        var data = BlockTestData.Generate(3, 1, 3).ConvertAll(d => d.Series);
        data.Sort((a, b) => LabelSetComparer.Instance.Compare(b.Labels, a.Labels));

        var e = Assert.Throws<ArgumentException>(() => new BlockWriter(Clock).WriteSorted(dir.Path, data, BlockWriteOptions.Default));

        Assert.Contains("label order", e.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(dir.Path));
    }

    [Fact]
    public void WriteSorted_NoSeriesWithChunks_ReturnsNullAndLeavesNothing()
    {
        using var dir = new TempDataDirectory();

        var meta = new BlockWriter(Clock).WriteSorted(dir.Path, [new BlockSeries(LabelSet.FromStrings("__name__", "empty"), [])], BlockWriteOptions.Default);

        Assert.Null(meta);
        Assert.Empty(Directory.GetFileSystemEntries(dir.Path));
    }

    [Fact]
    public void Write_SeriesWithoutChunks_AreLeftOut()
    {
        using var dir = new TempDataDirectory();
        var kept = BlockTestData.Generate(1, 1, 3)[0].Series;
        var meta = new BlockWriter(Clock).Write(dir.Path, [kept, new BlockSeries(LabelSet.FromStrings("__name__", "empty"), [])]);
        Assert.Equal(1, meta.NumSeries);
        using var block = BlockReader.Open(Path.Combine(dir.Path, meta.Ulid.ToString()));
        Assert.Empty(block.Index.Postings("__name__", "empty"));
    }

    [Fact]
    public void Write_DocumentedExample_MatchesTestVectorsInDocs()
    {
        // docs/format/chunks.md and index.md: one series {__name__="up", job="a"} with samples (1000, 1.0), (2000, 1.0).
        using var dir = new TempDataDirectory();
        var series = new BlockSeries(LabelSet.FromStrings("__name__", "up", "job", "a"), [new BlockChunk(1000, 2000, XorChunk.Encode([(1000, 1.0), (2000, 1.0)]))]);
        var meta = new BlockWriter(Clock).Write(dir.Path, [series]);
        var block = Path.Combine(dir.Path, meta.Ulid.ToString());

        Assert.Equal(
            Convert.FromHexString("85BD40DD01000000" + "0F" + "01" + "0002D00F3FF0000000000000E80700" + "8C409360"),
            File.ReadAllBytes(Path.Combine(block, "chunks", "000001")));
        var index = File.ReadAllBytes(Path.Combine(block, "index"));
        Assert.Equal(
            Convert.FromHexString("BAAAD70002" + "00000016" + "00000004085F5F6E616D655F5F0161036A6F62027570" + "4C539A65"),
            index[..35]);
    }
}
