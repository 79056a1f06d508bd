using MetricsServer.Model.Metadata;
using MetricsServer.Model.Storage;
using MetricsServer.Tsdb.Wal;

namespace MetricsServer.Tsdb.Tests.Wal;

public sealed class WalCheckpointTests : IDisposable
{
    private readonly WalTestData _data = new();

    public void Dispose() => _data.Dispose();

    [Fact]
    public void Write_SeriesAndSamples_ReadsBackFromCheckpointDirectory()
    {
        Directory.CreateDirectory(_data.WalDir);
        RefSeries[] series = [WalTestData.Series(1, "__name__", "a"), WalTestData.Series(2, "__name__", "b")];
        RefSample[] samples = [new(new SeriesRef(1), 10, 1), new(new SeriesRef(2), 20, 2)];
        var path = WalCheckpoint.Write(_data.WalDir, 5, series, samples, metadata: [new RefMetadata(new SeriesRef(1), MetricType.Gauge, "", "h")]);

        Assert.Equal(Path.Combine(_data.WalDir, "checkpoint.00000005"), path);
        Assert.False(Directory.Exists(path + ".tmp"));
        Assert.True(File.Exists(Path.Combine(path, "00000000")));
        var records = WalTestData.ReadAll(path);
        Assert.Equal([WalRecordType.Series, WalRecordType.Samples, WalRecordType.Metadata], records.Select(r => WalRecordDecoder.Type(r)));
        var decoded = new List<RefSample>();
        WalRecordDecoder.Samples(records[1], decoded);
        Assert.Equal(samples, decoded);
    }

    [Fact]
    public void TryFindLast_IgnoresTemporaryAndPicksHighestIndex()
    {
        Directory.CreateDirectory(Path.Combine(_data.WalDir, "checkpoint.00000003"));
        Directory.CreateDirectory(Path.Combine(_data.WalDir, "checkpoint.00000012"));
        Directory.CreateDirectory(Path.Combine(_data.WalDir, "checkpoint.00000020.tmp"));
        Assert.True(WalCheckpoint.TryFindLast(_data.WalDir, out var path, out var index));
        Assert.Equal(12, index);
        Assert.EndsWith("checkpoint.00000012", path, StringComparison.Ordinal);

        WalCheckpoint.DeleteTemporary(_data.WalDir);
        WalCheckpoint.DeleteBefore(_data.WalDir, 12);
        Assert.Equal(["checkpoint.00000012"], Directory.GetDirectories(_data.WalDir).Select(Path.GetFileName));
    }

    [Fact]
    public void TryFindLast_NoCheckpoint_ReturnsFalse()
    {
        Directory.CreateDirectory(_data.WalDir);
        Assert.False(WalCheckpoint.TryFindLast(_data.WalDir, out _, out _));
    }

    [Fact]
    public void Create_DropsUnkeptSeriesAndOldSamples_AndFoldsThePreviousCheckpoint()
    {
        using (var wal = WriteAheadLog.Open(_data.WalDir))
        {
            wal.Log(WalTestData.SeriesRecord(WalTestData.Series(1, "__name__", "a"), WalTestData.Series(2, "__name__", "b")));
            wal.Log(WalTestData.SamplesRecord(new RefSample(new SeriesRef(1), 10, 1), new RefSample(new SeriesRef(2), 100, 2)));
            wal.NextSegment();
            wal.Log(WalTestData.SeriesRecord(WalTestData.Series(3, "__name__", "c")));
            wal.Log(WalTestData.SamplesRecord(new RefSample(new SeriesRef(3), 200, 3)));
            wal.NextSegment();
        }
        var first = WalCheckpoint.Create(_data.WalDir, 0, 0, r => r.Value != 2, 50);
        Assert.Equal((2, 1, 2, 1), (first.TotalSeries, first.DroppedSeries, first.TotalSamples, first.DroppedSamples));

        var second = WalCheckpoint.Create(_data.WalDir, 1, 1, _ => true, 150);
        Assert.True(WalCheckpoint.TryFindLast(_data.WalDir, out var path, out var index));
        Assert.Equal(1, index);
        var series = new List<RefSeries>();
        var samples = new List<RefSample>();
        var decoder = new WalRecordDecoder();
        foreach (var r in WalTestData.ReadAll(path))
        {
            if (WalRecordDecoder.Type(r) == WalRecordType.Series) decoder.Series(r, series);
            else WalRecordDecoder.Samples(r, samples);
        }
        Assert.Equal([1UL, 3UL], series.Select(s => s.Ref.Value));
        Assert.Equal([new RefSample(new SeriesRef(3), 200, 3)], samples);
        Assert.Equal(1, second.DroppedSamples);
    }
}
