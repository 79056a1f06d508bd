using MetricsServer.Tsdb.Blocks;

namespace MetricsServer.Tsdb.Tests.Blocks;

public class TombstonesTests
{
    [Fact]
    public void WithIntervals_OverlappingAndAdjacent_MergePerSeries()
    {
        var t = Tombstones.Empty.WithIntervals([(7, 10, 20), (7, 15, 30), (7, 31, 40), (7, 50, 60), (3, 0, 1)]);

        Assert.Equal([(10L, 40L), (50L, 60L)], t.Get(7));
        Assert.Equal([(0L, 1L)], t.Get(3));
        Assert.Null(t.Get(4));
        Assert.Equal(3, t.Count);
        Assert.Equal([3u, 7u], t.SeriesRefs);
    }

    [Fact]
    public void WithIntervals_KeepsTheOriginalUnchanged()
    {
        var original = Tombstones.Empty.WithIntervals([(1, 0, 10)]);
        var more = original.WithIntervals([(1, 5, 20), (2, long.MinValue, long.MaxValue)]);

        Assert.Equal([(0L, 10L)], original.Get(1));
        Assert.Equal([(0L, 20L)], more.Get(1));
        Assert.Equal([(long.MinValue, long.MaxValue)], more.WithIntervals([(2, 0, 1)]).Get(2));
        Assert.Same(original, original.WithIntervals([]));
    }

    [Fact]
    public void WithIntervals_EndBeforeStart_Throws() =>
        Assert.Throws<ArgumentException>(() => Tombstones.Empty.WithIntervals([(1, 10, 9)]));

    [Fact]
    public void ToFileBytes_ThenParse_RoundTrips()
    {
        var t = Tombstones.Empty.WithIntervals([(5, -100, 100), (1, 1_700_000_000_000, 1_700_000_000_999), (5, 200, 300)]);

        var parsed = Tombstones.Parse(t.ToFileBytes(), "tombstones");

        Assert.Equal(t.Count, parsed.Count);
        Assert.Equal(t.Get(5), parsed.Get(5));
        Assert.Equal(t.Get(1), parsed.Get(1));
        Assert.Equal(Tombstones.EmptyFileBytes(), Tombstones.Empty.ToFileBytes());
    }

    [Fact]
    public void ToFileBytes_LayoutIsMagicVersionEntriesCrc()
    {
        var bytes = Tombstones.Empty.WithIntervals([(1, 1, 2)]).ToFileBytes();

        // ref 1 (uvarint 01), mint 1 (zigzag 02), maxt 2 (zigzag 04), then the CRC-32C of those three bytes.
        Assert.Equal([0x01, 0x30, 0xBA, 0x30, 0x01, 0x01, 0x02, 0x04], bytes[..8]);
        Assert.Equal(12, bytes.Length);
        Assert.Equal(Crc32C.Compute([0x01, 0x02, 0x04]), System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(8)));
    }

    [Fact]
    public void WriteFile_ReplacesTheFileAndLeavesNoTemporary()
    {
        using var dir = new TempDataDirectory();
        File.WriteAllBytes(Path.Combine(dir.Path, Tombstones.FileName), Tombstones.EmptyFileBytes());
        var t = Tombstones.Empty.WithIntervals([(16, 0, 99)]);

        t.WriteFile(dir.Path);

        Assert.Equal(t.ToFileBytes(), File.ReadAllBytes(Path.Combine(dir.Path, Tombstones.FileName)));
        Assert.Equal([Tombstones.FileName], Directory.GetFiles(dir.Path).Select(Path.GetFileName));
    }

    [Fact]
    public void Parse_MutatedFile_OnlyBlockFormatExceptionEscapes()
    {
        var good = Tombstones.Empty.WithIntervals([(1, 0, 10), (200, -5, 5), (70000, 1, 1)]).ToFileBytes();
        var random = new Random(7);
        for (var i = 0; i < 2000; i++)
        {
            var bad = (byte[])good.Clone();
            bad[random.Next(bad.Length)] ^= (byte)(1 << random.Next(8));
            if (random.Next(4) == 0) bad = bad[..random.Next(bad.Length)];
            try
            {
                Tombstones.Parse(bad, "tombstones");
            }
            catch (BlockFormatException)
            {
            }
        }
    }
}
