using System.Buffers;
using MetricsServer.Model.Metadata;
using MetricsServer.Model.Storage;
using MetricsServer.Tsdb.Wal;

namespace MetricsServer.Tsdb.Tests.Wal;

public class WalRecordEncoderTests
{
    // The test vectors of docs/format/wal.md.
    public const string SeriesVectorHex = "01" + "0000000000000001" + "02" + "085F5F6E616D655F5F" + "027570" + "036A6F62" + "0161";
    public const string SamplesVectorHex = "02" + "0000000000000001" + "00000000000003E8"
        + "0000" + "3FF0000000000000"
        + "021E" + "4004000000000000";

    [Fact]
    public void Series_TestVector_MatchesDocumentedBytes()
    {
        var bytes = WalTestData.SeriesRecord(WalTestData.Series(1, "__name__", "up", "job", "a"));
        Assert.Equal(SeriesVectorHex, Convert.ToHexString(bytes));
    }

    [Fact]
    public void Samples_TestVector_MatchesDocumentedBytes()
    {
        var bytes = WalTestData.SamplesRecord(new RefSample(new SeriesRef(1), 1000, 1.0), new RefSample(new SeriesRef(2), 1015, 2.5));
        Assert.Equal(SamplesVectorHex, Convert.ToHexString(bytes));
    }

    [Fact]
    public void Samples_Empty_IsTheTypeByteAlone()
    {
        Assert.Equal("02", Convert.ToHexString(WalTestData.SamplesRecord()));
    }

    [Fact]
    public void Samples_RefBelowFirst_UsesNegativeZigZagDelta()
    {
        var bytes = WalTestData.SamplesRecord(new RefSample(new SeriesRef(5), 100, 0), new RefSample(new SeriesRef(4), 99, 0));
        // Second sample: ref delta -1 and time delta -1 both zig-zag to 0x01.
        Assert.Equal("0101", Convert.ToHexString(bytes.AsSpan(1 + 16 + 2 + 8, 2)));
    }

    [Fact]
    public void Tombstones_Layout_IsRefThenSignedVarints()
    {
        var w = new ArrayBufferWriter<byte>();
        WalRecordEncoder.Tombstones([new RefTombstone(new SeriesRef(7), -1, 64)], w);
        Assert.Equal("03" + "0000000000000007" + "01" + "8001", Convert.ToHexString(w.WrittenSpan));
    }

    [Fact]
    public void Metadata_Layout_IsUvarintRefTypeAndUnitHelpFields()
    {
        var w = new ArrayBufferWriter<byte>();
        WalRecordEncoder.Metadata([new RefMetadata(new SeriesRef(300), MetricType.Counter, "s", "h")], w);
        Assert.Equal("06" + "AC02" + "01" + "02" + "04554E4954" + "0173" + "0448454C50" + "0168", Convert.ToHexString(w.WrittenSpan));
    }

    [Theory]
    [InlineData(MetricType.Unknown, 0)]
    [InlineData(MetricType.Counter, 1)]
    [InlineData(MetricType.Gauge, 2)]
    [InlineData(MetricType.Histogram, 3)]
    [InlineData(MetricType.GaugeHistogram, 4)]
    [InlineData(MetricType.Summary, 5)]
    [InlineData(MetricType.Info, 6)]
    [InlineData(MetricType.StateSet, 7)]
    public void MetricTypeByte_MatchesPrometheusNumbers(MetricType type, byte expected)
    {
        Assert.Equal(expected, WalRecordEncoder.MetricTypeByte(type));
        Assert.Equal(type, WalRecordDecoder.ToMetricType(expected));
    }
}
