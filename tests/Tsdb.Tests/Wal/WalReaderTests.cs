using CsCheck;
using MetricsServer.Tsdb.Wal;

namespace MetricsServer.Tsdb.Tests.Wal;

public sealed class WalReaderTests : IDisposable
{
    private readonly WalTestData _data = new();

    public void Dispose() => _data.Dispose();

    private List<byte[]> WriteRecords(int count, int length, WalOptions? options = null)
    {
        var records = Enumerable.Range(0, count).Select(i => WalTestData.Record(i, length)).ToList();
        using var wal = WriteAheadLog.Open(_data.WalDir, options);
        foreach (var r in records) wal.Log(r);
        return records;
    }

    [Fact]
    public void Next_AcrossSegments_ReadsEveryRecordInOrderWithPositions()
    {
        var records = WriteRecords(3, 100);
        using (var wal = WriteAheadLog.Open(_data.WalDir)) wal.Log([42]);
        using var reader = WalReader.Open(_data.WalDir);
        for (var i = 0; i < 3; i++)
        {
            Assert.True(reader.Next());
            Assert.Equal(records[i], reader.Record.ToArray());
            Assert.Equal(0, reader.Segment);
            Assert.Equal(i * 107, reader.RecordOffset);
            Assert.Equal((i + 1) * 107, reader.EndOffset);
        }
        Assert.True(reader.Next());
        Assert.Equal(1, reader.Segment);
        Assert.Equal([42], reader.Record.ToArray());
        Assert.False(reader.Next());
    }

    [Fact]
    public void Open_Ranges_ReadsOnlyTheSelectedSegments()
    {
        using (var wal = WriteAheadLog.Open(_data.WalDir))
        {
            wal.Log([0]);
            wal.NextSegment();
            wal.Log([1]);
            wal.NextSegment();
            wal.Log([2]);
        }
        using var reader = WalReader.Open(new WalSegmentRange(_data.WalDir, 1, 1));
        Assert.True(reader.Next());
        Assert.Equal([1], reader.Record.ToArray());
        Assert.False(reader.Next());
    }

    [Fact]
    public void Next_FlippedDataByte_ReportsSegmentAndFragmentOffset()
    {
        WriteRecords(3, 100);
        var path = WalFormat.SegmentPath(_data.WalDir, 0);
        var bytes = File.ReadAllBytes(path);
        bytes[107 + 7 + 50] ^= 0x01;
        File.WriteAllBytes(path, bytes);

        using var reader = WalReader.Open(_data.WalDir);
        Assert.True(reader.Next());
        var e = Assert.Throws<WalCorruptionException>(() => reader.Next());
        Assert.Equal(0, e.Segment);
        Assert.Equal(107, e.Offset);
        Assert.Contains("checksum", e.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Next_TruncatedMidRecord_ReportsTornRecordAtItsStart()
    {
        var records = WriteRecords(2, 40000);
        var path = WalFormat.SegmentPath(_data.WalDir, 0);
        using (var f = new FileStream(path, FileMode.Open)) f.SetLength(WalFormat.PageSize + 100 + 20000);

        using var reader = WalReader.Open(_data.WalDir);
        Assert.True(reader.Next());
        Assert.Equal(records[0], reader.Record.ToArray());
        var e = Assert.Throws<WalCorruptionException>(() => reader.Next());
        Assert.Equal(0, e.Segment);
        Assert.True(e.Offset >= 40000, $"offset {e.Offset}");
    }

    [Fact]
    public void Next_RecordTornAtSegmentEnd_IsCorruptEvenWithALaterSegment()
    {
        WriteRecords(1, 40000);
        var path = WalFormat.SegmentPath(_data.WalDir, 0);
        using (var f = new FileStream(path, FileMode.Open)) f.SetLength(WalFormat.PageSize);
        File.WriteAllBytes(WalFormat.SegmentPath(_data.WalDir, 1), []);

        using var reader = WalReader.Open(_data.WalDir);
        var e = Assert.Throws<WalCorruptionException>(() => reader.Next());
        Assert.Equal((0, 0L), (e.Segment, e.Offset));
    }

    [Fact]
    public void Next_NonZeroBytePadding_IsCorrupt()
    {
        WriteRecords(1, 10);
        var path = WalFormat.SegmentPath(_data.WalDir, 0);
        var bytes = File.ReadAllBytes(path);
        bytes[1000] = 5;
        File.WriteAllBytes(path, bytes);
        using var reader = WalReader.Open(_data.WalDir);
        Assert.True(reader.Next());
        var e = Assert.Throws<WalCorruptionException>(() => reader.Next());
        Assert.Equal(1000, e.Offset);
    }

    [Fact]
    public void Next_MutatedSegments_OnlyCorruptionEscapesAndMemoryStaysBounded()
    {
        var records = new List<byte[]>();
        using (var wal = WriteAheadLog.Open(_data.WalDir, new WalOptions { Compression = WalCompression.Snappy }))
        {
            for (var i = 0; i < 20; i++)
            {
                var r = i % 3 == 0 ? new byte[3000 + i] : WalTestData.Record(i, 50 + (i * 2000));
                records.Add(r);
                wal.Log(r);
            }
        }
        var original = File.ReadAllBytes(WalFormat.SegmentPath(_data.WalDir, 0));
        var mutated = Path.Combine(_data.Root, "mutated");
        Directory.CreateDirectory(mutated);
        var before = GC.GetAllocatedBytesForCurrentThread();
        Gen.Select(Gen.Int[0, original.Length - 1], Gen.Byte, Gen.Int[0, 3]).Sample((at, value, op) =>
        {
            File.WriteAllBytes(Path.Combine(mutated, "00000000"), WalRecordDecoderTests.Mutate(original, at, value, op));
            using var reader = WalReader.Open(mutated);
            var i = 0;
            try
            {
                while (reader.Next())
                {
                    // Whatever reads back without an error must be exactly what was written.
                    Assert.Equal(records[i++], reader.Record.ToArray());
                }
            }
            catch (WalCorruptionException e)
            {
                Assert.Equal(0, e.Segment);
            }
        }, iter: 300, threads: 1);
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 1L << 30);
    }
}
