using System.Buffers.Binary;

namespace MetricsServer.Tsdb.Blocks;

/// <summary>
/// A block's <c>tombstones</c> file: magic 0x0130BA30, version 1, then per deleted interval the series reference
/// (uvarint), min and max time (varints, inclusive), then the CRC-32C of the entries. Immutable: adding intervals
/// (<see cref="WithIntervals"/>) makes a new instance, so readers holding the old one are undisturbed. Thread-safe.
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

    /// <summary>Series references that have deleted intervals, ascending.</summary>
    public IReadOnlyList<uint> SeriesRefs
    {
        get
        {
            var refs = new List<uint>(_intervals.Keys);
            refs.Sort();
            return refs;
        }
    }

    /// <summary>
    /// These tombstones plus <paramref name="added"/>: per series, intervals that overlap or touch are merged into one,
    /// and the intervals are kept sorted by start.
    /// </summary>
    /// <exception cref="ArgumentException">An interval ends before it starts.</exception>
    public Tombstones WithIntervals(IEnumerable<(uint SeriesRef, long MinTimeMs, long MaxTimeMs)> added)
    {
        ArgumentNullException.ThrowIfNull(added);
        var merged = new Dictionary<uint, List<(long, long)>>(_intervals.Count);
        foreach (var (r, list) in _intervals) merged[r] = [.. list];
        var any = false;
        foreach (var (r, mint, maxt) in added)
        {
            if (maxt < mint) throw new ArgumentException($"series {r}: interval [{mint}, {maxt}] ends before it starts", nameof(added));
            if (!merged.TryGetValue(r, out var list)) merged[r] = list = [];
            list.Add((mint, maxt));
            any = true;
        }
        if (!any) return this;
        foreach (var list in merged.Values) Normalise(list);
        return new Tombstones(merged);
    }

    /// <summary>Whether <paramref name="t"/> lies in one of <paramref name="intervals"/> (inclusive bounds).</summary>
    public static bool IsDeleted(IReadOnlyList<(long MinTimeMs, long MaxTimeMs)>? intervals, long t)
    {
        if (intervals is null) return false;
        foreach (var (mint, maxt) in intervals)
        {
            if (t >= mint && t <= maxt) return true;
        }
        return false;
    }

    /// <summary>The file's bytes: header, entries by ascending series reference and interval start, CRC-32C.</summary>
    public byte[] ToFileBytes()
    {
        var body = new ByteBuffer();
        foreach (var r in SeriesRefs)
        {
            foreach (var (mint, maxt) in _intervals[r])
            {
                body.PutUvarint(r);
                body.PutVarint(mint);
                body.PutVarint(maxt);
            }
        }
        var entries = body.Span;
        var bytes = new byte[5 + entries.Length + 4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, Magic);
        bytes[4] = Version;
        entries.CopyTo(bytes.AsSpan(5));
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(5 + entries.Length), Crc32C.Compute(entries));
        return bytes;
    }

    /// <summary>Replaces <c>tombstones</c> in <paramref name="blockDirectory"/> atomically (temporary file, fsync, rename).</summary>
    public void WriteFile(string blockDirectory)
    {
        ArgumentNullException.ThrowIfNull(blockDirectory);
        AtomicFile.Write(Path.Combine(blockDirectory, FileName), ToFileBytes());
    }

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
        if (intervals.Count == 0) return Empty;
        // Prometheus merges overlapping intervals as it reads them; so do we, so that Count agrees with its numTombstones.
        foreach (var list in intervals.Values) Normalise(list);
        return new Tombstones(intervals);
    }

    private static void Normalise(List<(long MinTimeMs, long MaxTimeMs)> list)
    {
        if (list.Count < 2) return;
        list.Sort(static (a, b) => a.MinTimeMs != b.MinTimeMs ? a.MinTimeMs.CompareTo(b.MinTimeMs) : a.MaxTimeMs.CompareTo(b.MaxTimeMs));
        var n = 0;
        for (var i = 1; i < list.Count; i++)
        {
            var (mint, maxt) = list[i];
            var last = list[n];
            // Merge when overlapping or adjacent; the MaxValue guard keeps last.MaxTimeMs + 1 from overflowing.
            if (last.MaxTimeMs == long.MaxValue || mint <= last.MaxTimeMs + 1)
            {
                list[n] = (last.MinTimeMs, Math.Max(last.MaxTimeMs, maxt));
            }
            else
            {
                list[++n] = (mint, maxt);
            }
        }
        list.RemoveRange(n + 1, list.Count - n - 1);
    }
}
