using MetricsServer.Model.Storage;
using MetricsServer.Tsdb.Chunks;

namespace MetricsServer.Tsdb.Tests.Chunks;

public class XorChunkAppenderTests
{
    [Fact]
    public void Append_FourSamples_ProducesHandComputedBytes()
    {
        // Worked out by hand in docs/format/xor-chunk.md.
        var appender = new XorChunkAppender(16);
        appender.Append(1000, 1.0);
        appender.Append(2000, 1.0);
        appender.Append(3000, 2.0);
        appender.Append(4500, 2.0);

        byte[] expected =
        [
            0x00, 0x04, // sample count
            0xD0, 0x0F, // ts_0 = 1000 as zig-zag varint (2000)
            0x3F, 0xF0, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, // v_0 = 1.0
            0xE8, 0x07, // ts_1 delta = 1000 as uvarint
            0x30, 0x97, 0xFF, 0xE0, 0x7D, 0x00, // bit-packed rest
        ];
        Assert.Equal(expected, appender.ToArray());
        Assert.Equal(4, appender.NumSamples);
    }

    [Fact]
    public void Append_OneSample_IsHeaderVarintAndRawValue()
    {
        var appender = new XorChunkAppender(4);
        appender.Append(-1, double.NaN);

        var bits = BitConverter.DoubleToUInt64Bits(double.NaN);
        var expected = new byte[] { 0x00, 0x01, 0x01 }.Concat(BitConverter.GetBytes(bits).Reverse()).ToArray();
        Assert.Equal(expected, appender.ToArray());
    }

    [Theory]
    [InlineData(0, 0, 0)]
    [InlineData(8192, 1, 14)]
    [InlineData(-8191, 1, 14)]
    [InlineData(8193, 2, 17)]
    [InlineData(-65535, 2, 17)]
    [InlineData(65537, 3, 20)]
    [InlineData(524288, 3, 20)]
    [InlineData(-524287, 3, 20)]
    [InlineData(524289, 4, 64)]
    [InlineData(-524288, 4, 64)]
    public void Append_DeltaOfDelta_UsesPrometheusBucket(long dod, int prefixOnes, int valueBits)
    {
        var appender = new XorChunkAppender(16);
        appender.Append(10_000_000, 1);
        appender.Append(11_000_000, 1);
        // Samples 0 and 1 end byte-aligned but for the single '0' bit of the unchanged value.
        var alignedBytes = appender.ByteLength - 1;
        appender.Append(12_000_000 + dod, 1);

        var reader = new BitReader(appender.Buffer, appender.ByteLength, alignedBytes);
        Assert.False(reader.ReadBit());
        var ones = 0;
        while (ones < 4 && reader.ReadBit()) ones++;
        Assert.Equal(prefixOnes, ones);
        var mask = valueBits == 64 ? ulong.MaxValue : (1UL << valueBits) - 1;
        Assert.Equal((ulong)dod & mask, reader.ReadBits(valueBits));
        Assert.False(reader.ReadBit());

        var it = new XorChunkIterator(appender.ToArray());
        it.Next();
        it.Next();
        Assert.Equal(ValueKind.Float, it.Next());
        Assert.Equal(12_000_000 + dod, it.AtTimestamp());
    }

    [Fact]
    public void Append_ValueWithSixtyFourSignificantBits_EncodesWidthAsZero()
    {
        var appender = new XorChunkAppender(16);
        appender.Append(0, BitConverter.UInt64BitsToDouble(0x8000000000000001UL));
        appender.Append(1, BitConverter.UInt64BitsToDouble(0x0000000000000000UL));

        var it = new XorChunkIterator(appender.ToArray());
        Assert.Equal(ValueKind.Float, it.Next());
        Assert.Equal(ValueKind.Float, it.Next());
        Assert.Equal(0UL, BitConverter.DoubleToUInt64Bits(it.At().Value));
        Assert.Null(it.Error);
    }
}
