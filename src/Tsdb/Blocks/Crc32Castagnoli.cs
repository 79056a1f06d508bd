using System.Buffers.Binary;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

namespace MetricsServer.Tsdb.Blocks;

/// <summary>
/// CRC-32C (Castagnoli polynomial, reflected 0x82F63B78), the checksum of Prometheus's index, chunk, tombstone and WAL
/// files. System.IO.Hashing 10 only offers the IEEE polynomial, so this computes it: with the CPU's CRC32C
/// instruction (SSE 4.2 or ARMv8) when present, else slicing through a 256-entry table. Thread-safe.
/// </summary>
public static class Crc32Castagnoli
{
    private const uint Polynomial = 0x82F63B78;

    private static readonly uint[] Table = BuildTable();

    /// <summary>The CRC-32C of <paramref name="data"/>: <c>Compute("123456789"u8) == 0xE3069283</c>.</summary>
    public static uint Compute(ReadOnlySpan<byte> data) => Append(0, data);

    /// <summary>Extends <paramref name="crc"/>, a finished CRC-32C of earlier bytes, over <paramref name="data"/>.</summary>
    public static uint Append(uint crc, ReadOnlySpan<byte> data) => ~Update(~crc, data);

    private static uint Update(uint state, ReadOnlySpan<byte> data)
    {
        if (Sse42.X64.IsSupported)
        {
            ulong s = state;
            while (data.Length >= 8)
            {
                s = Sse42.X64.Crc32(s, BinaryPrimitives.ReadUInt64LittleEndian(data));
                data = data[8..];
            }
            state = (uint)s;
        }
        else if (Crc32.Arm64.IsSupported)
        {
            while (data.Length >= 8)
            {
                state = Crc32.Arm64.ComputeCrc32C(state, BinaryPrimitives.ReadUInt64LittleEndian(data));
                data = data[8..];
            }
        }
        if (Sse42.IsSupported)
        {
            foreach (var b in data) state = Sse42.Crc32(state, b);
            return state;
        }
        var table = Table;
        foreach (var b in data) state = table[(byte)(state ^ b)] ^ (state >> 8);
        return state;
    }

    /// <summary>The software path alone, so that tests can check it against the hardware path.</summary>
    internal static uint ComputeWithTable(ReadOnlySpan<byte> data)
    {
        var state = uint.MaxValue;
        foreach (var b in data) state = Table[(byte)(state ^ b)] ^ (state >> 8);
        return ~state;
    }

    private static uint[] BuildTable()
    {
        var table = new uint[256];
        for (uint i = 0; i < 256; i++)
        {
            var c = i;
            for (var k = 0; k < 8; k++) c = (c & 1) != 0 ? (c >> 1) ^ Polynomial : c >> 1;
            table[i] = c;
        }
        return table;
    }
}
