using System.Buffers.Binary;

namespace MetricsServer.Tsdb.Blocks;

/// <summary>
/// A block's <c>tombstones</c> file: magic 0x0130BA30, version 1, then per deleted interval the series reference
/// (uvarint), min and max time (varints, inclusive), then the CRC-32C of the entries. Immutable once read.
/// </summary>
public sealed class Tombstones
{
    public const uint Magic = 0x0130BA30;
    public const byte Version = 1;
    public const string FileName = "tombstones";

    public static readonly Tombstones Empty = new(new Dictionary<uint, List<(long, long)>>());

    private readonly Dictionary<uint, List<(long MinTimeMs, long MaxTimeMs)>> _intervals;

    private Tombstones(Dictionary<uint, List<(long, long)>> intervals) => _intervals = intervals;

    /// <summary>Number of deleted intervals.</summary>
    public int Count
    {
        get
        {
            var n = 0;
            foreach (var list in _intervals.Values) n += list.Count;
            return n;
        }
    }

    /// <summary>The deleted intervals of series <paramref name="seriesRef"/>, or null when nothing is deleted.</summary>
    public IReadOnlyList<(long MinTimeMs, long MaxTimeMs)>? Get(uint seriesRef) => _intervals.TryGetValue(seriesRef, out var l) ? l : null;

    /// <summary>The bytes of a file with no tombstones: header and the CRC of nothing.</summary>
    public static byte[] EmptyFileBytes()
    {
        var bytes = new byte[9];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, Magic);
        bytes[4] = Version;
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(5), Crc32C.Compute([]));
        return bytes;
    }

    /// <exception cref="BlockFormatException">Bad magic, version, checksum or entry.</exception>
    public static Tombstones Parse(ReadOnlySpan<byte> data, string file)
    {
        const string section = "tombstones";
        if (data.Length < 9) throw new BlockFormatException(file, section, $"file is {data.Length} bytes, shorter than header and checksum");
        if (BinaryPrimitives.ReadUInt32BigEndian(data) != Magic) throw new BlockFormatException(file, section, "bad magic number", 0);
        if (data[4] != Version) throw new BlockFormatException(file, section, $"unsupported version {data[4]}", 4);
        var body = data[5..^4];
        var stored = BinaryPrimitives.ReadUInt32BigEndian(data[^4..]);
        if (Crc32C.Compute(body) != stored) throw new BlockFormatException(file, section, "checksum mismatch", data.Length - 4);
        var intervals = new Dictionary<uint, List<(long, long)>>();
        var d = new Decbuf(body, file, section, 5);
        while (d.Remaining > 0)
        {
            var r = d.Uvarint();
            if (r > uint.MaxValue) throw d.Error($"series reference {r} out of range");
            var mint = d.Varint();
            var maxt = d.Varint();
            if (!intervals.TryGetValue((uint)r, out var list)) intervals[(uint)r] = list = [];
            list.Add((mint, maxt));
        }
        return intervals.Count == 0 ? Empty : new Tombstones(intervals);
    }
}
