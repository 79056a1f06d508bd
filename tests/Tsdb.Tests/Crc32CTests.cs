using System.Text;
using CsCheck;


namespace MetricsServer.Tsdb.Tests;

public class Crc32CTests
{
    [Theory]
    [InlineData("check string", "313233343536373839", 0xE3069283u)]
    [InlineData("empty", "", 0x00000000u)]
    [InlineData("32 zero bytes (RFC 3720)", "0000000000000000000000000000000000000000000000000000000000000000", 0x8A9136AAu)]
    [InlineData("32 0xFF bytes (RFC 3720)", "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF", 0x62A8AB43u)]
    [InlineData("32 ascending bytes (RFC 3720)", "000102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F", 0x46DD794Eu)]
    public void Compute_KnownVectors_MatchCastagnoli(string name, string hex, uint expected)
    {
        Assert.NotNull(name);
        Assert.Equal(expected, Crc32C.Compute(Convert.FromHexString(hex)));
    }

    [Fact]
    public void Compute_IsNotIeeeCrc32()
    {
        var data = Encoding.ASCII.GetBytes("123456789");
        Assert.NotEqual(System.IO.Hashing.Crc32.HashToUInt32(data), Crc32C.Compute(data));
    }

    [Fact]
    public void Compute_TableAndHardwarePaths_Agree()
    {
        Gen.Byte.Array[0, 300].Sample(data =>
            Assert.Equal(Crc32C.Compute(data), ~Crc32C.UpdateTable(~0u, data)));
    }

    [Fact]
    public void Append_InTwoParts_EqualsWhole()
    {
        Gen.Select(Gen.Byte.Array[0, 100], Gen.Byte.Array[0, 100]).Sample((a, b) =>
            Assert.Equal(Crc32C.Compute([.. a, .. b]), Crc32C.Append(Crc32C.Compute(a), b)));
    }
}
