using MetricsServer.Tsdb.Wal;

namespace MetricsServer.Tsdb.Tests.Wal;

public sealed class WalRepairTests : IDisposable
{
    private readonly WalTestData _data = new();

    public void Dispose() => _data.Dispose();

    private static WalCorruptionException ReadUntilCorruption(string dir, List<byte[]> read)
    {
        using var reader = WalReader.Open(dir);
        try
        {
            while (reader.Next()) read.Add(reader.Record.ToArray());
        }
        catch (WalCorruptionException e)
        {
            return e;
        }
        throw new InvalidOperationException("no corruption found");
    }

    [Fact]
    public void Repair_FlippedByte_TruncatesAtLastGoodRecordAndDeletesLaterSegments()
    {
        var records = Enumerable.Range(0, 10).Select(i => WalTestData.Record(i, 5000)).ToList();
        using (var wal = WriteAheadLog.Open(_data.WalDir))
        {
            foreach (var r in records) wal.Log(r);
            wal.NextSegment();
            wal.Log([1, 2, 3]);
        }
        var path = WalFormat.SegmentPath(_data.WalDir, 0);
        var bytes = File.ReadAllBytes(path);
        bytes[(6 * 5007) + 100] ^= 0xFF; // Inside the seventh record.
        File.WriteAllBytes(path, bytes);

        var read = new List<byte[]>();
        var corruption = ReadUntilCorruption(_data.WalDir, read);
        Assert.Equal(6, read.Count);
        var dropped = WalRepair.Repair(_data.WalDir, corruption);

        Assert.Equal((0, 0), WalSegments.Range(_data.WalDir));
        Assert.Equal(records.Take(6), WalTestData.ReadAll(_data.WalDir));
        Assert.Equal(0, new FileInfo(path).Length % WalFormat.PageSize);
        Assert.Equal(bytes.Length - (6 * 5007) + WalFormat.PageSize, dropped);
    }

    [Fact]
    public void Repair_TruncatedMidRecord_KeepsEveryEarlierRecordAndWritingContinues()
    {
        var records = Enumerable.Range(0, 5).Select(i => WalTestData.Record(i, 20000)).ToList();
        using (var wal = WriteAheadLog.Open(_data.WalDir))
        {
            foreach (var r in records) wal.Log(r);
        }
        var path = WalFormat.SegmentPath(_data.WalDir, 0);
        // Cut inside the fifth record (data ends near 100 000 bytes).
        using (var f = new FileStream(path, FileMode.Open)) f.SetLength(90000);

        using var writer = WriteAheadLog.Open(_data.WalDir);
        var read = new List<byte[]>();
        var corruption = ReadUntilCorruption(_data.WalDir, read);
        var dropped = writer.Repair(corruption);
        Assert.True(dropped > 0);
        Assert.Equal(1, writer.CurrentSegment);
        writer.Log([9]);
        writer.Commit();

        Assert.Equal([.. read, [9]], WalTestData.ReadAll(_data.WalDir));
        Assert.Equal(records.Take(read.Count), read);
        Assert.Equal(4, read.Count);
    }

    [Fact]
    public void Repair_WithoutSegment_Throws()
    {
        Directory.CreateDirectory(_data.WalDir);
        Assert.Throws<ArgumentException>(() => WalRepair.Repair(_data.WalDir, new WalCorruptionException(-1, 3, "record")));
    }
}
