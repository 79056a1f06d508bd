using System.Buffers.Binary;
using System.Numerics;

namespace MetricsServer.Remote;

/// <summary>CRC-32C (Castagnoli), as the streamed remote read frames carry it; hardware-accelerated where the CPU has it.</summary>
public static class Crc32Castagnoli
{
    public static uint Compute(ReadOnlySpan<byte> data)
    {
        var crc = ~0u;
        while (data.Length >= 8)
        {
            crc = BitOperations.Crc32C(crc, BinaryPrimitives.ReadUInt64LittleEndian(data));
            data = data[8..];
        }
        foreach (var b in data) crc = BitOperations.Crc32C(crc, b);
        return ~crc;
    }
}
