using MetricsServer.Tsdb.HeadChunks;

namespace MetricsServer.Tsdb.Tests.HeadChunks;

internal static class HeadChunkTestData
{
    /// <summary>Small files and buffer so a few hundred chunks span several files and many flushes.</summary>
    public static readonly HeadChunkDiskMapperOptions SmallFiles = new() { MaxFileSize = 1024, WriteBufferSize = 256 };

    /// <summary>Deterministic chunk bytes: a 2-byte big-endian sample count, then bytes derived from the seed.</summary>
    public static byte[] Chunk(int seed, int length)
    {
        var bytes = new byte[Math.Max(2, length)];
        var samples = seed % 121;
        bytes[0] = (byte)(samples >> 8);
        bytes[1] = (byte)samples;
        for (var i = 2; i < bytes.Length; i++) bytes[i] = (byte)((seed * 31) + (i * 7));
        return bytes;
    }

    public static int LengthFor(int seed) => 2 + (seed * 37 % 150);

    public static string FilePath(string directory, int index) => Path.Combine(directory, HeadChunkFormat.FileName(index));

    public static List<HeadChunkMeta> AllChunks(HeadChunkDiskMapper mapper)
    {
        var all = new List<HeadChunkMeta>();
        mapper.IterateAllChunks(all.Add);
        return all;
    }
}
