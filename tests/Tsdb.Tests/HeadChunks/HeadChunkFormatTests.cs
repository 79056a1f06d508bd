using MetricsServer.Tsdb.HeadChunks;
using MetricsServer.Tsdb.Tests.Blocks;

namespace MetricsServer.Tsdb.Tests.HeadChunks;

public class HeadChunkFormatTests
{
    // Test vectors computed by hand from docs/format/head_chunks.md; the CRC-32C with an independent bitwise implementation.
    private static readonly byte[] FileHeader = [0x01, 0x30, 0xBC, 0x91, 0x01, 0x00, 0x00, 0x00];

    private static readonly byte[] FirstChunk =
    [
        0, 0, 0, 0, 0, 0, 0, 1, // series ref 1
        0, 0, 0, 0, 0, 0, 0x03, 0xE8, // mint 1000
        0, 0, 0, 0, 0, 0, 0x07, 0xD0, // maxt 2000
        0x01, // encoding XOR
        0x03, // data length 3
        0x00, 0x01, 0xAA, // data
        0x28, 0xC6, 0xB5, 0xEE, // CRC-32C of all of the above, big-endian
    ];

    [Fact]
    public void Write_OneChunk_FileHasDocumentedHeaderAndChunkBytes()
    {
        using var dir = new TempDataDirectory();
        ulong chunkRef;
        using (var mapper = HeadChunkDiskMapper.Open(dir.Path))
        {
            chunkRef = mapper.Write(1, 1000, 2000, 1, [0x00, 0x01, 0xAA]);
        }

        Assert.Equal((1UL << 32) | 8, chunkRef);
        Assert.Equal([.. FileHeader, .. FirstChunk], File.ReadAllBytes(HeadChunkTestData.FilePath(dir.Path, 1)));
    }

    [Fact]
    public void Write_NegativeMinTimeOutOfOrderBitAndTwoByteLength_EncodedAsDocumented()
    {
        using var dir = new TempDataDirectory();
        ulong secondRef;
        using (var mapper = HeadChunkDiskMapper.Open(dir.Path))
        {
            mapper.Write(1, 1000, 2000, 1, [0x00, 0x01, 0xAA]);
            secondRef = mapper.Write(2, -10, 0, 0x81, new byte[128]);
        }

        byte[] second =
        [
            0, 0, 0, 0, 0, 0, 0, 2,
            0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xF6, // -10, two's complement
            0, 0, 0, 0, 0, 0, 0, 0,
            0x81, // XOR with Prometheus's out-of-order bit
            0x80, 0x01, // uvarint 128
            .. new byte[128],
            0xEA, 0x95, 0xEF, 0x2F,
        ];
        Assert.Equal((1UL << 32) | (uint)(8 + FirstChunk.Length), secondRef);
        Assert.Equal([.. FileHeader, .. FirstChunk, .. second], File.ReadAllBytes(HeadChunkTestData.FilePath(dir.Path, 1)));
    }

    [Fact]
    public void ChunkRef_PacksFileIndexHighAndOffsetLow()
    {
        var chunkRef = HeadChunkFormat.ChunkRef(7, 0xFFFF_FFF0);

        Assert.Equal(0x0000_0007_FFFF_FFF0UL, chunkRef);
        Assert.Equal(7, HeadChunkFormat.FileIndexOf(chunkRef));
        Assert.Equal(0xFFFF_FFF0L, HeadChunkFormat.OffsetOf(chunkRef));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(127)]
    [InlineData(128)]
    [InlineData(16_384)]
    public void WriteChunk_ThenParseHeader_RoundTrips(int dataLength)
    {
        var data = HeadChunkTestData.Chunk(5, dataLength);
        var encoded = new byte[HeadChunkFormat.EncodedSize(data.Length)];

        var written = HeadChunkFormat.WriteChunk(encoded, 42, -5, 5, 1, data);

        Assert.Equal(encoded.Length, written);
        Assert.True(HeadChunkFormat.TryParseChunkHeader(encoded.AsSpan(0, Math.Min(encoded.Length, HeadChunkFormat.MaxChunkHeaderSize)), out var header));
        Assert.Equal(new HeadChunkHeader(42, -5, 5, 1, header.HeaderLength, data.Length), header);
        Assert.Equal(encoded.Length, header.TotalLength);
        Assert.Equal(data, encoded.AsSpan(header.HeaderLength, data.Length).ToArray());
        Assert.Equal(Crc32C.Compute(encoded.AsSpan(0, written - 4)), System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(encoded.AsSpan(written - 4)));
    }

    [Fact]
    public void TryParseChunkHeader_LengthVarintLongerThanFiveBytes_ReturnsFalse()
    {
        var header = new byte[HeadChunkFormat.MaxChunkHeaderSize + 1];
        header[0] = 1;
        header.AsSpan(HeadChunkFormat.ChunkFixedHeaderSize).Fill(0x80);

        Assert.False(HeadChunkFormat.TryParseChunkHeader(header, out _));
    }
}
