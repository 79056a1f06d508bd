using CsCheck;
using MetricsServer.Model.Storage;
using MetricsServer.Tsdb.Chunks;

namespace MetricsServer.Tsdb.Tests.Chunks;

public class XorChunkIteratorTests
{
    private static readonly Gen<double> Values = Gen.OneOf(
        Gen.Double,
        Gen.Double[-1000, 1000],
        Gen.Int[0, 100].Select(i => (double)i),
        Gen.Const(StaleMarker.Value),
        Gen.Const(double.NaN),
        Gen.Const(0.0));

    private static readonly Gen<long> Deltas = Gen.OneOf(
        Gen.Const(15_000L),
        Gen.Long[0, 20],
        Gen.Long[14_000, 16_000],
        Gen.Long[0, 2_000_000],
        Gen.Long[0, 1L << 40]);

    private static readonly Gen<(long Start, (long Delta, double Value)[] Samples)> Series =
        Gen.Select(Gen.Long[-(1L << 42), 1L << 42], Gen.Select(Deltas, Values).Array[1, 300]);

    [Fact]
    public void RoundTrip_RandomSeries_ReturnsSameTimestampsAndValueBits()
    {
        Series.Sample(input =>
        {
            var (start, samples) = input;
            var appender = new XorChunkAppender(8);
            var expected = new List<(long T, ulong Bits)>();
            var t = start;
            foreach (var (delta, value) in samples)
            {
                t += delta;
                appender.Append(t, value);
                expected.Add((t, BitConverter.DoubleToUInt64Bits(value)));
            }

            var chunk = new XorChunk(appender.ToArray());
            Assert.Equal(samples.Length, chunk.NumSamples);
            var it = chunk.Iterator();
            foreach (var (et, eb) in expected)
            {
                Assert.Equal(ValueKind.Float, it.Next());
                var (at, av) = it.At();
                Assert.Equal(et, at);
                Assert.Equal(eb, BitConverter.DoubleToUInt64Bits(av));
            }
            Assert.Equal(ValueKind.None, it.Next());
            Assert.Null(it.Error);
        });
    }

    [Fact]
    public void RoundTrip_StaleMarker_KeepsExactBitPattern()
    {
        var chunk = XorChunk.Encode([(1, 1.5), (2, StaleMarker.Value), (3, double.NaN), (4, StaleMarker.Value)]);
        var it = chunk.Iterator();
        var bits = new List<ulong>();
        while (it.Next() == ValueKind.Float) bits.Add(BitConverter.DoubleToUInt64Bits(it.At().Value));

        Assert.Equal(StaleMarker.Bits, bits[1]);
        Assert.Equal(BitConverter.DoubleToUInt64Bits(double.NaN), bits[2]);
        Assert.Equal(StaleMarker.Bits, bits[3]);
    }

    [Theory]
    [InlineData(0, 10)]
    [InlineData(10, 10)]
    [InlineData(11, 20)]
    [InlineData(95, 100)]
    public void Seek_ToTimestamp_LandsOnFirstSampleAtOrAfter(long target, long expected)
    {
        var chunk = XorChunk.Encode([(10, 1), (20, 2), (30, 3), (100, 4)]);
        var it = chunk.Iterator();

        Assert.Equal(ValueKind.Float, it.Seek(target));
        Assert.Equal(expected, it.AtTimestamp());
    }

    [Fact]
    public void Seek_Backwards_DoesNotMove()
    {
        var it = XorChunk.Encode([(10, 1), (20, 2), (30, 3)]).Iterator();
        it.Seek(25);

        Assert.Equal(ValueKind.Float, it.Seek(5));
        Assert.Equal(30, it.AtTimestamp());
        Assert.Equal(ValueKind.None, it.Seek(31));
    }

    [Fact]
    public void Next_SnapshotOfGrowingChunk_ReadsOnlyThePrefix()
    {
        var appender = new XorChunkAppender(8);
        for (var i = 0; i < 10; i++) appender.Append(i * 1000, i * 1.5);
        var buffer = appender.Buffer;
        var length = appender.ByteLength;
        for (var i = 10; i < 20; i++) appender.Append(i * 1000, i * 1.5);

        var it = new XorChunkIterator();
        it.Reset(buffer, length, 10);
        var count = 0;
        while (it.Next() == ValueKind.Float)
        {
            Assert.Equal(count * 1.5, it.At().Value);
            count++;
        }
        Assert.Equal(10, count);
    }

    [Fact]
    public void Next_MutatedChunks_OnlyReportInvalidData()
    {
        var samples = new (long, double)[200];
        for (var i = 0; i < samples.Length; i++) samples[i] = (i * 15_000L + (i % 7), Math.Sin(i));
        var original = XorChunk.Encode(samples).Bytes.ToArray();

        Gen.Select(Gen.Int[0, original.Length - 1], Gen.Byte, Gen.Int[0, original.Length]).Sample(m =>
        {
            var (index, value, cut) = m;
            var mutated = original.AsSpan(0, Math.Max(cut, 2)).ToArray();
            if (index < mutated.Length) mutated[index] = value;
            var it = new XorChunkIterator(mutated);
            var steps = 0;
            while (it.Next() == ValueKind.Float) steps++;
            Assert.True(steps <= ushort.MaxValue);
            Assert.True(it.Error is null or InvalidDataException);
        });
    }
}
