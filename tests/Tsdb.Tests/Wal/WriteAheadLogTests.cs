using MetricsServer.Tsdb.Wal;

namespace MetricsServer.Tsdb.Tests.Wal;

public sealed class WriteAheadLogTests : IDisposable
{
    private readonly WalTestData _data = new();

    public void Dispose() => _data.Dispose();

    [Fact]
    public void Open_EmptyDirectory_StartsSegmentZero()
    {
        using var wal = WriteAheadLog.Open(_data.WalDir);
        Assert.Equal(0, wal.CurrentSegment);
        Assert.True(File.Exists(Path.Combine(_data.WalDir, "00000000")));
    }

    [Fact]
    public void Open_ExistingSegments_StartsAfterTheLast()
    {
        using (var wal = WriteAheadLog.Open(_data.WalDir)) wal.Log([1, 2, 3]);
        using (var wal = WriteAheadLog.Open(_data.WalDir)) Assert.Equal(1, wal.CurrentSegment);
        Assert.Equal((0, 1), WalSegments.Range(_data.WalDir));
    }

    [Fact]
    public void Log_SmallRecord_IsOneFullFragmentWithCastagnoliCrc()
    {
        using (var wal = WriteAheadLog.Open(_data.WalDir))
        {
            wal.Log("abc"u8);
            wal.Commit();
        }
        var bytes = File.ReadAllBytes(Path.Combine(_data.WalDir, "00000000"));
        Assert.Equal(WalFormat.PageSize, bytes.Length);
        Assert.Equal(1, bytes[0]);
        Assert.Equal(new byte[] { 0, 3 }, bytes[1..3]);
        Assert.Equal(Crc32C.Compute("abc"u8), System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(3)));
        Assert.Equal("abc"u8.ToArray(), bytes[7..10]);
        Assert.All(bytes[10..], b => Assert.Equal(0, b));
    }

    [Fact]
    public void Log_SeriesTestVector_FragmentMatchesDocumentedBytes()
    {
        using (var wal = WriteAheadLog.Open(_data.WalDir))
        {
            wal.Log(WalTestData.SeriesRecord(WalTestData.Series(1, "__name__", "up", "job", "a")));
        }
        var bytes = File.ReadAllBytes(Path.Combine(_data.WalDir, "00000000"));
        Assert.Equal("01001CE2137703" + WalRecordEncoderTests.SeriesVectorHex, Convert.ToHexString(bytes, 0, 7 + 28));
    }

    [Fact]
    public void Commit_WritesPartialPageWithoutPadding()
    {
        using var wal = WriteAheadLog.Open(_data.WalDir);
        wal.Log(new byte[100]);
        wal.Commit();
        Assert.Equal(107, new FileInfo(Path.Combine(_data.WalDir, "00000000")).Length);
    }

    [Fact]
    public void Log_RecordLargerThanAPage_SplitsIntoFirstMiddleLast()
    {
        var record = WalTestData.Record(1, (2 * WalFormat.PageSize) + 100);
        using (var wal = WriteAheadLog.Open(_data.WalDir)) wal.Log(record);
        var bytes = File.ReadAllBytes(Path.Combine(_data.WalDir, "00000000"));
        Assert.Equal((byte)WalFragmentType.First, bytes[0]);
        Assert.Equal((byte)WalFragmentType.Middle, bytes[WalFormat.PageSize]);
        Assert.Equal((byte)WalFragmentType.Last, bytes[2 * WalFormat.PageSize]);
        Assert.Equal(record, Assert.Single(WalTestData.ReadAll(_data.WalDir)));
    }

    [Theory]
    [InlineData("leaves exactly a header", WalFormat.FragmentHeaderSize)]
    [InlineData("leaves one byte too few for a header", WalFormat.FragmentHeaderSize - 1)]
    [InlineData("leaves one byte", 1)]
    [InlineData("fills the page", 0)]
    public void Log_RecordsNearPageEnd_NeverStartAHeaderInTheLastSixBytes(string name, int leave)
    {
        Assert.NotNull(name);
        var first = WalTestData.Record(1, WalFormat.PageSize - WalFormat.FragmentHeaderSize - leave);
        var second = WalTestData.Record(2, 50);
        using (var wal = WriteAheadLog.Open(_data.WalDir))
        {
            wal.Log(first);
            wal.Log(second);
        }
        var bytes = File.ReadAllBytes(Path.Combine(_data.WalDir, "00000000"));
        if (leave < WalFormat.FragmentHeaderSize)
        {
            Assert.All(bytes[(WalFormat.PageSize - leave)..WalFormat.PageSize], b => Assert.Equal(0, b));
            Assert.Equal((byte)WalFragmentType.Full, bytes[WalFormat.PageSize]);
        }
        else
        {
            // Seven bytes are room for an empty first fragment header; the rest continues on the next page.
            Assert.Equal((byte)WalFragmentType.First, bytes[WalFormat.PageSize - leave]);
        }
        Assert.Equal([first, second], WalTestData.ReadAll(_data.WalDir));
    }

    [Fact]
    public void Log_EmptyRecord_RoundTrips()
    {
        using (var wal = WriteAheadLog.Open(_data.WalDir))
        {
            wal.Log([]);
            wal.Log([7]);
        }
        Assert.Equal([[], [7]], WalTestData.ReadAll(_data.WalDir));
    }

    [Fact]
    public void Log_PastSegmentSize_CutsANewSegmentAndNeverSplitsARecord()
    {
        var options = new WalOptions { SegmentSize = 2 * WalFormat.PageSize };
        var records = Enumerable.Range(0, 10).Select(i => WalTestData.Record(i, 20000)).ToList();
        using (var wal = WriteAheadLog.Open(_data.WalDir, options))
        {
            foreach (var r in records) wal.Log(r);
            Assert.True(wal.CurrentSegment >= 3);
        }
        var (first, last) = WalSegments.Range(_data.WalDir);
        Assert.Equal(0, first);
        for (var i = first; i <= last; i++)
        {
            // Every segment reads on its own: no record crosses a segment boundary.
            Assert.NotEmpty(WalTestData.ReadAll(Path.Combine(_data.WalDir)).ToList());
            Assert.True(new FileInfo(WalFormat.SegmentPath(_data.WalDir, i)).Length <= options.SegmentSize);
        }
        Assert.Equal(records, WalTestData.ReadAll(_data.WalDir));
    }

    [Fact]
    public void Log_RecordLargerThanASegment_GetsALargerSegmentOfItsOwn()
    {
        var options = new WalOptions { SegmentSize = WalFormat.PageSize };
        var big = WalTestData.Record(3, 3 * WalFormat.PageSize);
        using (var wal = WriteAheadLog.Open(_data.WalDir, options))
        {
            wal.Log([1]);
            wal.Log(big);
            wal.Log([2]);
        }
        Assert.Equal([[1], big, [2]], WalTestData.ReadAll(_data.WalDir));
        Assert.True(new FileInfo(WalFormat.SegmentPath(_data.WalDir, 1)).Length > options.SegmentSize);
    }

    [Fact]
    public void NextSegment_ReturnsNewIndex_AndTruncateDeletesOlder()
    {
        using var wal = WriteAheadLog.Open(_data.WalDir);
        wal.Log([1]);
        Assert.Equal(1, wal.NextSegment());
        wal.Log([2]);
        Assert.Equal(2, wal.NextSegment());
        wal.Truncate(2);
        Assert.Equal((2, 2), WalSegments.Range(_data.WalDir));
    }

    [Fact]
    public void Log_Snappy_CompressesAndRoundTrips()
    {
        var compressible = new byte[50000];
        for (var i = 0; i < compressible.Length; i++) compressible[i] = (byte)(i % 7);
        var random = WalTestData.Record(9, 300);
        using (var wal = WriteAheadLog.Open(_data.WalDir, new WalOptions { Compression = WalCompression.Snappy }))
        {
            wal.Log(compressible);
            wal.Log(random);
            wal.Log(WalTestData.SamplesRecord());
        }
        var bytes = File.ReadAllBytes(Path.Combine(_data.WalDir, "00000000"));
        Assert.Equal((byte)WalFragmentType.Full | 0x08, bytes[0]);
        // Compressed to a single page, where 50000 raw bytes would take two.
        Assert.Equal(WalFormat.PageSize, bytes.Length);
        Assert.Equal([compressible, random, [2]], WalTestData.ReadAll(_data.WalDir));
    }

    [Fact]
    public void Open_SegmentSizeNotPageMultiple_Throws()
    {
        Assert.Throws<ArgumentException>(() => WriteAheadLog.Open(_data.WalDir, new WalOptions { SegmentSize = 1000 }));
    }
}
