using System.Text;
using CsCheck;
using MetricsServer.Tsdb.Blocks;

namespace MetricsServer.Tsdb.Tests.Blocks;

public class Crc32CastagnoliTests
{
    [Fact]
    public void Compute_StandardCheckString_IsE3069283()
    {
        Assert.Equal(0xE3069283u, Crc32Castagnoli.Compute("123456789"u8));
        Assert.Equal(0xE3069283u, Crc32Castagnoli.ComputeWithTable("123456789"u8));
    }

    [Fact]
    public void Compute_Empty_IsZero()
    {
        Assert.Equal(0u, Crc32Castagnoli.Compute([]));
    }

    [Fact]
    public void Compute_32Zeros_MatchesRfc3720Vector()
    {
        // RFC 3720 (iSCSI) B.4: 32 bytes of zeros.
        Assert.Equal(0x8A9136AAu, Crc32Castagnoli.Compute(new byte[32]));
    }

    [Fact]
    public void Compute_HardwareAndTablePaths_AgreeOnRandomInput()
    {
        Gen.Byte.Array[0, 300].Sample(bytes =>
            Assert.Equal(Crc32Castagnoli.ComputeWithTable(bytes), Crc32Castagnoli.Compute(bytes)));
    }

    [Fact]
    public void Append_InPieces_EqualsWhole()
    {
        var data = Encoding.ASCII.GetBytes("the quick brown fox jumps over the lazy dog");
        Gen.Int[0, data.Length].Sample(split =>
            Assert.Equal(Crc32Castagnoli.Compute(data), Crc32Castagnoli.Append(Crc32Castagnoli.Compute(data.AsSpan(0, split)), data.AsSpan(split))));
    }
}
