using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

namespace MetricsServer.Tsdb;

/// <summary>
/// CRC-32C (Castagnoli, reflected polynomial 0x82F63B78), the checksum of WAL fragments, chunk segments, index sections and tombstones.
/// System.IO.Hashing's Crc32 is the IEEE polynomial, so it cannot be used here. The CPU's CRC32C
/// instruction is used when present (SSE 4.2 or ARMv8 CRC), otherwise a slicing-by-8 table.
/// Thread-safe: stateless.
/// </summary>
public static class Crc32C
{
    private const uint Polynomial = 0x82F63B78u;

    private static readonly uint[] Table = BuildTable();

    /// <summary>The checksum of <paramref name="data"/>: <c>Compute("123456789"u8) == 0xE3069283</c>.</summary>
    public static uint Compute(ReadOnlySpan<byte> data) => ~Update(~0u, data);

    /// <summary>Continues a checksum: <c>Append(Compute(a), b) == Compute(a + b)</c>.</summary>
    public static uint Append(uint crc, ReadOnlySpan<byte> data) => ~Update(~crc, data);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static uint Update(uint crc, ReadOnlySpan<byte> data)
    {
        if (Sse42.X64.IsSupported) return UpdateSse42X64(crc, data);
        if (Crc32.Arm64.IsSupported) return UpdateArm64(crc, data);
        return UpdateTable(crc, data);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static uint UpdateSse42X64(uint crc, ReadOnlySpan<byte> data)
    {
        ulong c = crc;
        while (data.Length >= 8)
        {
            c = Sse42.X64.Crc32(c, BinaryPrimitives.ReadUInt64LittleEndian(data));
            data = data[8..];
        }
        var c32 = (uint)c;
        foreach (var b in data) c32 = Sse42.Crc32(c32, b);
        return c32;
    }

    private static uint UpdateArm64(uint crc, ReadOnlySpan<byte> data)
    {
        while (data.Length >= 8)
        {
            crc = Crc32.Arm64.ComputeCrc32C(crc, BinaryPrimitives.ReadUInt64LittleEndian(data));
            data = data[8..];
        }
        foreach (var b in data) crc = Crc32.ComputeCrc32C(crc, b);
        return crc;
    }

    internal static uint UpdateTable(uint crc, ReadOnlySpan<byte> data)
    {
        var t = Table;
        while (data.Length >= 8)
        {
            var lo = BinaryPrimitives.ReadUInt32LittleEndian(data) ^ crc;
            var hi = BinaryPrimitives.ReadUInt32LittleEndian(data[4..]);
            crc = t[(7 * 256) + (lo & 0xFF)] ^ t[(6 * 256) + ((lo >> 8) & 0xFF)]
                ^ t[(5 * 256) + ((lo >> 16) & 0xFF)] ^ t[(4 * 256) + (lo >> 24)]
                ^ t[(3 * 256) + (hi & 0xFF)] ^ t[(2 * 256) + ((hi >> 8) & 0xFF)]
                ^ t[256 + ((hi >> 16) & 0xFF)] ^ t[hi >> 24];
            data = data[8..];
        }
        foreach (var b in data) crc = t[(crc ^ b) & 0xFF] ^ (crc >> 8);
        return crc;
    }

    private static uint[] BuildTable()
    {
        // Eight 256-entry tables: table k gives the CRC of a byte followed by k zero bytes.
        var t = new uint[8 * 256];
        for (uint i = 0; i < 256; i++)
        {
            var c = i;
            for (var k = 0; k < 8; k++) c = (c & 1) != 0 ? (c >> 1) ^ Polynomial : c >> 1;
            t[i] = c;
        }
        for (var i = 0; i < 256; i++)
        {
            for (var k = 1; k < 8; k++)
            {
                var prev = t[((k - 1) * 256) + i];
                t[(k * 256) + i] = t[prev & 0xFF] ^ (prev >> 8);
            }
        }
        return t;
    }
}
