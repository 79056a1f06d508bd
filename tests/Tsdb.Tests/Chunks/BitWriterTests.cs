using CsCheck;
using MetricsServer.Tsdb.Chunks;

namespace MetricsServer.Tsdb.Tests.Chunks;

public class BitWriterTests
{
    [Fact]
    public void WriteBits_MostSignificantFirst_PacksIntoBytes()
    {
        var w = new BitWriter(1);
        w.WriteBit(true);
        w.WriteBits(0b01, 2);
        w.WriteBits(0xABC, 12);

        // 1 01 101010111100 + one padding bit: 1011 0101 | 0111 1000
        Assert.Equal(new byte[] { 0xB5, 0x78 }, w.WrittenSpan.ToArray());
        Assert.Equal(15, w.BitLength);
    }

    [Theory]
    [InlineData(0UL, new byte[] { 0x00 })]
    [InlineData(127UL, new byte[] { 0x7F })]
    [InlineData(128UL, new byte[] { 0x80, 0x01 })]
    [InlineData(300UL, new byte[] { 0xAC, 0x02 })]
    public void WriteUvarint_MatchesGoEncoding(ulong value, byte[] expected)
    {
        var w = new BitWriter(1);
        w.WriteUvarint(value);
        Assert.Equal(expected, w.WrittenSpan.ToArray());
    }

    [Fact]
    public void ReadBack_RandomFields_ReturnsWhatWasWritten()
    {
        Gen.Select(Gen.ULong, Gen.Int[0, 64], Gen.Long).Array[1, 50].Sample(fields =>
        {
            var w = new BitWriter(1);
            foreach (var (value, width, signed) in fields)
            {
                w.WriteBits(value, width);
                w.WriteVarint(signed);
            }
            var r = new BitReader(w.Buffer, w.ByteLength, 0);
            foreach (var (value, width, signed) in fields)
            {
                var mask = width == 64 ? ulong.MaxValue : (1UL << width) - 1;
                Assert.Equal(value & mask, r.ReadBits(width));
                Assert.Equal(signed, r.ReadVarint());
            }
        });
    }

    [Fact]
    public void ReadBits_PastEnd_ThrowsInvalidData()
    {
        var r = new BitReader([0xFF], 1, 0);
        r.ReadBits(6);
        var threw = false;
        try
        {
            r.ReadBits(3);
        }
        catch (InvalidDataException)
        {
            threw = true;
        }
        Assert.True(threw);
    }
}
