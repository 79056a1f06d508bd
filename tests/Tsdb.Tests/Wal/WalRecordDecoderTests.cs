using System.Buffers;
using CsCheck;
using MetricsServer.Model.Labels;
using MetricsServer.Model.Metadata;
using MetricsServer.Model.Storage;
using MetricsServer.Tsdb.Wal;

namespace MetricsServer.Tsdb.Tests.Wal;

public class WalRecordDecoderTests
{
    private static readonly Gen<string> LabelText = Gen.String[Gen.Char.AlphaNumeric, 0, 12];

    private static readonly Gen<LabelSet> Labels = Gen.Select(LabelText, LabelText).Array[0, 6].Select(pairs =>
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var list = new List<Label>();
        foreach (var (n, v) in pairs)
        {
            if (seen.Add("n" + n)) list.Add(new Label("n" + n, v));
        }
        return LabelSet.FromUnsorted([.. list]);
    });

    private static readonly Gen<RefSample> Sample = Gen.Select(Gen.ULong, Gen.Long, Gen.Double)
        .Select((r, t, v) => new RefSample(new SeriesRef(r), t, v));

    [Fact]
    public void Series_RoundTrip_RandomSeries()
    {
        var decoder = new WalRecordDecoder();
        Gen.Select(Gen.ULong, Labels).Select((r, l) => new RefSeries(new SeriesRef(r), l)).Array[0, 20].Sample(series =>
        {
            var decoded = new List<RefSeries>();
            decoder.Series(WalTestData.SeriesRecord(series), decoded);
            Assert.Equal(series.Length, decoded.Count);
            for (var i = 0; i < series.Length; i++)
            {
                Assert.Equal(series[i].Ref, decoded[i].Ref);
                Assert.Equal(series[i].Labels, decoded[i].Labels);
            }
        }, threads: 1);
    }

    [Fact]
    public void Samples_RoundTrip_RandomSamples()
    {
        Sample.Array[0, 50].Sample(samples =>
        {
            var decoded = new List<RefSample>();
            WalRecordDecoder.Samples(WalTestData.SamplesRecord(samples), decoded);
            Assert.Equal(samples.Length, decoded.Count);
            for (var i = 0; i < samples.Length; i++)
            {
                Assert.Equal(samples[i].Ref, decoded[i].Ref);
                Assert.Equal(samples[i].T, decoded[i].T);
                // Bit-exact, NaN payloads (stale markers) included.
                Assert.Equal(BitConverter.DoubleToUInt64Bits(samples[i].V), BitConverter.DoubleToUInt64Bits(decoded[i].V));
            }
        });
    }

    [Fact]
    public void Samples_AppendsToExistingList()
    {
        var decoded = new List<RefSample> { new(new SeriesRef(9), 9, 9) };
        WalRecordDecoder.Samples(WalTestData.SamplesRecord(new RefSample(new SeriesRef(1), 2, 3)), decoded);
        Assert.Equal([new(new SeriesRef(9), 9, 9), new(new SeriesRef(1), 2, 3)], decoded);
    }

    [Fact]
    public void Tombstones_RoundTrip_RandomIntervals()
    {
        Gen.Select(Gen.ULong, Gen.Long, Gen.Long).Select((r, a, b) => new RefTombstone(new SeriesRef(r), a, b)).Array[0, 20].Sample(stones =>
        {
            var w = new ArrayBufferWriter<byte>();
            WalRecordEncoder.Tombstones(stones, w);
            var decoded = new List<RefTombstone>();
            WalRecordDecoder.Tombstones(w.WrittenSpan, decoded);
            Assert.Equal(stones, decoded);
        });
    }

    [Fact]
    public void Exemplars_RoundTrip_RandomExemplars()
    {
        var decoder = new WalRecordDecoder();
        Gen.Select(Sample, Labels).Select((s, l) => new RefExemplar(s.Ref, s.T, s.V, l)).Array[0, 10].Sample(exemplars =>
        {
            var w = new ArrayBufferWriter<byte>();
            WalRecordEncoder.Exemplars(exemplars, w);
            var decoded = new List<RefExemplar>();
            decoder.Exemplars(w.WrittenSpan, decoded);
            Assert.Equal(exemplars.Length, decoded.Count);
            for (var i = 0; i < exemplars.Length; i++)
            {
                Assert.Equal(exemplars[i].Ref, decoded[i].Ref);
                Assert.Equal(exemplars[i].T, decoded[i].T);
                Assert.Equal(exemplars[i].Labels, decoded[i].Labels);
            }
        }, threads: 1);
    }

    [Fact]
    public void Metadata_RoundTrip_RandomMetadata()
    {
        var decoder = new WalRecordDecoder();
        Gen.Select(Gen.ULong, Gen.Enum<MetricType>(), LabelText, Gen.String)
            .Select((r, t, u, h) => new RefMetadata(new SeriesRef(r), t, u, h)).Array[0, 10].Sample(metadata =>
            {
                var w = new ArrayBufferWriter<byte>();
                WalRecordEncoder.Metadata(metadata, w);
                var decoded = new List<RefMetadata>();
                decoder.Metadata(w.WrittenSpan, decoded);
                Assert.Equal(metadata.Length, decoded.Count);
                for (var i = 0; i < metadata.Length; i++)
                {
                    Assert.Equal(metadata[i].Ref, decoded[i].Ref);
                    Assert.Equal(metadata[i].Type, decoded[i].Type);
                    Assert.Equal(metadata[i].Unit, decoded[i].Unit);
                    Assert.Equal(System.Text.Encoding.UTF8.GetString(System.Text.Encoding.UTF8.GetBytes(metadata[i].Help)), decoded[i].Help);
                }
            }, threads: 1);
    }

    [Theory]
    [InlineData("empty", "", WalRecordType.Unknown)]
    [InlineData("series", "01", WalRecordType.Series)]
    [InlineData("metadata", "06", WalRecordType.Metadata)]
    [InlineData("future type", "63", WalRecordType.Unknown)]
    public void Type_FirstByte_NamesTheRecord(string name, string hex, WalRecordType expected)
    {
        Assert.NotNull(name);
        Assert.Equal(expected, WalRecordDecoder.Type(Convert.FromHexString(hex)));
    }

    [Theory]
    [InlineData("wrong type", "01")]
    [InlineData("short header", "02000000")]
    [InlineData("value cut", "02" + "0000000000000001" + "00000000000003E8" + "0000" + "3FF0")]
    [InlineData("varint overflow", "02" + "0000000000000001" + "00000000000003E8" + "FFFFFFFFFFFFFFFFFF7F")]
    public void Samples_Malformed_ThrowsCorruptionAndLeavesListAlone(string name, string hex)
    {
        Assert.NotNull(name);
        var list = new List<RefSample> { new(new SeriesRef(1), 1, 1) };
        Assert.Throws<WalCorruptionException>(() => WalRecordDecoder.Samples(Convert.FromHexString(hex), list));
        Assert.Single(list);
    }

    [Fact]
    public void Series_HugeLabelCount_ThrowsWithoutAllocating()
    {
        var record = Convert.FromHexString("01" + "0000000000000001" + "FFFFFFFFFFFFFFFF7F");
        var before = GC.GetAllocatedBytesForCurrentThread();
        Assert.Throws<WalCorruptionException>(() => new WalRecordDecoder().Series(record, []));
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 1 << 20);
    }

    [Fact]
    public void AllDecoders_MutatedRecords_OnlyCorruptionEscapes()
    {
        var decoder = new WalRecordDecoder();
        var w = new ArrayBufferWriter<byte>();
        WalRecordEncoder.Series([WalTestData.Series(1, "__name__", "up", "job", "node")], w);
        var series = w.WrittenSpan.ToArray();
        var samples = WalTestData.SamplesRecord(new RefSample(new SeriesRef(1), 1000, 1), new RefSample(new SeriesRef(3), 1015, 2));
        w.ResetWrittenCount();
        WalRecordEncoder.Metadata([new RefMetadata(new SeriesRef(1), MetricType.Gauge, "bytes", "help text")], w);
        var metadata = w.WrittenSpan.ToArray();
        w.ResetWrittenCount();
        WalRecordEncoder.Exemplars([new RefExemplar(new SeriesRef(1), 5, 1, LabelSet.FromStrings("trace_id", "abc"))], w);
        var exemplars = w.WrittenSpan.ToArray();
        w.ResetWrittenCount();
        WalRecordEncoder.Tombstones([new RefTombstone(new SeriesRef(1), 5, 10)], w);
        var tombstones = w.WrittenSpan.ToArray();

        var mutation = Gen.Select(Gen.Int[0, 4], Gen.Int[0, 1000], Gen.Byte, Gen.Int[0, 3]);
        var before = GC.GetAllocatedBytesForCurrentThread();
        mutation.Sample((which, at, value, op) =>
        {
            var original = which switch { 0 => series, 1 => samples, 2 => metadata, 3 => exemplars, _ => tombstones };
            var bytes = Mutate(original, at, value, op);
            try
            {
                switch (original[0])
                {
                    case 1: decoder.Series(bytes, []); break;
                    case 2: WalRecordDecoder.Samples(bytes, []); break;
                    case 3: WalRecordDecoder.Tombstones(bytes, []); break;
                    case 4: decoder.Exemplars(bytes, []); break;
                    default: decoder.Metadata(bytes, []); break;
                }
            }
            catch (WalCorruptionException)
            {
                // The one exception a decoder may throw.
            }
        }, iter: 20000, threads: 1);
        // Bounded memory: twenty thousand decodes of records under 100 bytes stay far below this.
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 200L << 20);
    }

    internal static byte[] Mutate(byte[] original, int at, byte value, int op)
    {
        var bytes = (byte[])original.Clone();
        var i = at % Math.Max(1, bytes.Length);
        return op switch
        {
            0 when bytes.Length > 0 => SetByte(bytes, i, value),
            1 => bytes[..i],
            2 => [.. bytes[..i], value, .. bytes[i..]],
            _ when bytes.Length > 0 => SetByte(bytes, i, (byte)(bytes[i] ^ (1 << (value % 8)))),
            _ => bytes,
        };
    }

    private static byte[] SetByte(byte[] bytes, int i, byte value)
    {
        bytes[i] = value;
        return bytes;
    }
}
