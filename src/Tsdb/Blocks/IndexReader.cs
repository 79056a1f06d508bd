using System.Buffers.Binary;
using MetricsServer.Model.Labels;

namespace MetricsServer.Tsdb.Blocks;

/// <summary>
/// Reads a block's <c>index</c> file, format v2 (docs/format/index.md). Opening checks the header, the TOC and the
/// symbol table and postings offset table with their checksums and keeps them in memory; postings lists and series
/// are decoded, checksum first, on each lookup, from the file mapped into memory (so a large index costs page cache,
/// not heap). Every corruption surfaces as a <see cref="BlockFormatException"/> naming the file and section.
/// Thread-safe: nothing changes after construction. Dispose unmaps the file; no lookup may run after it.
/// </summary>
public sealed class IndexReader : IDisposable
{
    private readonly ReadOnlyMemory<byte> _data;
    private readonly IDisposable? _owner;
    private readonly string _file;
    private readonly string[] _symbols;
    private readonly Dictionary<string, PostingsRange> _postings;
    private readonly string[] _labelNames;
    private readonly ulong _allPostingsOffset;
    private readonly long _seriesStart;
    private readonly long _seriesEnd;

    private IndexReader(ReadOnlyMemory<byte> memory, string file, IDisposable? owner)
    {
        _data = memory;
        _owner = owner;
        _file = file;
        var data = memory.Span;
        if (data.Length < IndexFormat.HeaderSize + IndexFormat.TocSize) throw Fail("header", $"file is {data.Length} bytes, too short for header and TOC");
        if (BinaryPrimitives.ReadUInt32BigEndian(data) != IndexFormat.Magic) throw Fail("header", "bad magic number", 0);
        if (data[4] != IndexFormat.Version2) throw Fail("header", $"unsupported index version {data[4]} (only version 2 is read)", 4);

        var tocStart = data.Length - IndexFormat.TocSize;
        var tocBytes = data.Slice(tocStart, 48);
        if (Crc32C.Compute(tocBytes) != BinaryPrimitives.ReadUInt32BigEndian(data[(tocStart + 48)..])) throw Fail("TOC", "checksum mismatch", tocStart);
        var toc = new ulong[6];
        for (var i = 0; i < 6; i++)
        {
            toc[i] = BinaryPrimitives.ReadUInt64BigEndian(tocBytes[(8 * i)..]);
            if (toc[i] > (ulong)tocStart) throw Fail("TOC", $"section offset {toc[i]} is past the TOC", tocStart + 8 * i);
        }

        _symbols = ReadSymbols((long)toc[0]);
        _seriesStart = (long)toc[1];
        // Series end where the next section starts; anything after them is not a series.
        _seriesEnd = tocStart;
        foreach (var t in toc)
        {
            if ((long)t > _seriesStart && (long)t < _seriesEnd) _seriesEnd = (long)t;
        }
        (_postings, _labelNames, _allPostingsOffset) = ReadPostingsOffsetTable((long)toc[5]);
    }

    /// <summary>The path the index was read from.</summary>
    public string FilePath => _file;

    /// <summary>The symbol table, in UTF-8 byte order.</summary>
    public IReadOnlyList<string> Symbols => _symbols;

    /// <summary>Reads and checks <paramref name="path"/>.</summary>
    /// <exception cref="BlockFormatException">The file is corrupt or not index format v2.</exception>
    public static IndexReader Open(string path)
    {
        var mapped = new MappedFileMemory(path);
        try
        {
            return new IndexReader(mapped.Memory, path, mapped);
        }
        catch
        {
            ((IDisposable)mapped).Dispose();
            throw;
        }
    }

    /// <summary>Parses index bytes already in memory; <paramref name="file"/> names them in errors.</summary>
    public static IndexReader Parse(byte[] data, string file) => new(data, file, null);

    public void Dispose() => _owner?.Dispose();

    /// <summary>Label names that have postings, sorted, without the empty all-postings name.</summary>
    public IReadOnlyList<string> LabelNames() => _labelNames;

    /// <summary>The sorted values of label <paramref name="name"/>; empty when no series has it.</summary>
    public IReadOnlyList<string> LabelValues(string name) =>
        name.Length > 0 && _postings.TryGetValue(name, out var r) ? r.Values : [];

    /// <summary>The ascending series references of series with label <paramref name="name"/>=<paramref name="value"/>.</summary>
    public uint[] Postings(string name, string value)
    {
        if (name.Length == 0 || !_postings.TryGetValue(name, out var r)) return [];
        var i = Array.BinarySearch(r.Values, value, Utf8StringComparer.Instance);
        return i < 0 ? [] : ReadPostingsList(r.Offsets[i], name, value);
    }

    /// <summary>The references of every series in the block, ascending.</summary>
    public uint[] AllPostings() => _allPostingsOffset == ulong.MaxValue ? [] : ReadPostingsList(_allPostingsOffset, string.Empty, string.Empty);

    /// <summary>Decodes the series at <paramref name="seriesRef"/> (its offset divided by 16): labels and chunk metas.</summary>
    public LabelSet Series(uint seriesRef, List<ChunkMeta> chunks)
    {
        ArgumentNullException.ThrowIfNull(chunks);
        const string section = "series";
        chunks.Clear();
        var offset = (long)seriesRef * IndexFormat.SeriesAlignment;
        if (offset < _seriesStart || offset >= _seriesEnd) throw Fail(section, $"series reference {seriesRef} is outside the series section", offset);
        var d = new Decbuf(_data.Span.Slice((int)offset, (int)(_seriesEnd - offset)), _file, section, offset);
        var len = d.UvarintInt("series entry length");
        var bodyStart = offset + d.Position;
        var body = d.Bytes(len);
        var crc = d.BE32();
        if (Crc32C.Compute(body) != crc) throw Fail(section, $"checksum mismatch in series {seriesRef}", offset);

        var b = new Decbuf(body, _file, section, bodyStart);
        var numLabels = b.UvarintInt("label count");
        if (numLabels > b.Remaining / 2) throw b.Error($"label count {numLabels} exceeds the entry");
        var labels = new Label[numLabels];
        var sorted = true;
        for (var i = 0; i < numLabels; i++)
        {
            var name = Symbol(ref b, b.Uvarint());
            var value = Symbol(ref b, b.Uvarint());
            labels[i] = new Label(name, value);
            if (i > 0)
            {
                var c = string.CompareOrdinal(labels[i - 1].Name, name);
                if (c == 0) throw b.Error($"label name '{name}' repeated");
                if (c > 0) sorted = false;
            }
        }
        var numChunks = b.UvarintInt("chunk count");
        if (numChunks > b.Remaining / 3) throw b.Error($"chunk count {numChunks} exceeds the entry");
        long prevMaxt = 0;
        ulong prevRef = 0;
        for (var i = 0; i < numChunks; i++)
        {
            long mint;
            ulong chunkRef;
            if (i == 0)
            {
                mint = b.Varint();
                var maxt0 = unchecked(mint + (long)b.Uvarint());
                chunkRef = b.Uvarint();
                chunks.Add(new ChunkMeta(mint, maxt0, chunkRef));
                prevMaxt = maxt0;
                prevRef = chunkRef;
                continue;
            }
            mint = unchecked(prevMaxt + (long)b.Uvarint());
            var maxt = unchecked(mint + (long)b.Uvarint());
            chunkRef = unchecked(prevRef + (ulong)b.Varint());
            chunks.Add(new ChunkMeta(mint, maxt, chunkRef));
            prevMaxt = maxt;
            prevRef = chunkRef;
        }
        if (b.Remaining != 0) throw b.Error($"{b.Remaining} unexpected bytes after the chunk metas");
        return sorted ? LabelSet.FromSorted(labels) : LabelSet.FromUnsorted(labels);
    }

    private string Symbol(ref Decbuf d, ulong index) =>
        index < (ulong)_symbols.Length ? _symbols[index] : throw d.Error($"symbol reference {index} out of range (table has {_symbols.Length})");

    private string[] ReadSymbols(long offset)
    {
        var d = LengthPrefixedSection(offset, "symbol table");
        var count = d.BE32();
        // Each symbol takes at least one byte, which bounds what a corrupt count can make us allocate.
        if (count > (uint)d.Remaining) throw d.Error($"symbol count {count} exceeds the section");
        var symbols = new string[count];
        string? previous = null;
        for (var i = 0; i < symbols.Length; i++)
        {
            var s = d.UvarintString();
            if (previous is not null && Utf8StringComparer.Instance.Compare(previous, s) >= 0) throw d.Error("symbols are not sorted and unique");
            symbols[i] = s;
            previous = s;
        }
        if (d.Remaining != 0) throw d.Error($"{d.Remaining} unexpected bytes after the symbols");
        return symbols;
    }

    private (Dictionary<string, PostingsRange>, string[], ulong) ReadPostingsOffsetTable(long offset)
    {
        const string section = "postings offset table";
        var d = LengthPrefixedSection(offset, section);
        var count = d.BE32();
        if (count > (uint)d.Remaining / 4) throw d.Error($"entry count {count} exceeds the section");
        var byName = new Dictionary<string, (List<string> Values, List<ulong> Offsets)>(StringComparer.Ordinal);
        var names = new List<string>();
        var all = ulong.MaxValue;
        string? lastName = null, lastValue = null;
        for (var i = 0; i < count; i++)
        {
            var keys = d.Uvarint();
            if (keys != 2) throw d.Error($"entry has {keys} keys, expected 2");
            var name = d.UvarintString();
            var value = d.UvarintString();
            var off = d.Uvarint();
            if (off >= (ulong)_data.Length) throw d.Error($"postings offset {off} is past the end of the file");
            if (lastName is not null)
            {
                var c = Utf8StringComparer.Instance.Compare(lastName, name);
                if (c > 0 || (c == 0 && Utf8StringComparer.Instance.Compare(lastValue, value) >= 0)) throw d.Error("entries are not sorted by name and value");
            }
            lastName = name;
            lastValue = value;
            if (name.Length == 0)
            {
                all = off;
                continue;
            }
            if (!byName.TryGetValue(name, out var e))
            {
                byName[name] = e = ([], []);
                names.Add(name);
            }
            e.Values.Add(value);
            e.Offsets.Add(off);
        }
        if (d.Remaining != 0) throw d.Error($"{d.Remaining} unexpected bytes after the entries");
        var result = new Dictionary<string, PostingsRange>(byName.Count, StringComparer.Ordinal);
        foreach (var (name, e) in byName) result[name] = new PostingsRange([.. e.Values], [.. e.Offsets]);
        return (result, [.. names], all);
    }

    private uint[] ReadPostingsList(ulong offset, string name, string value)
    {
        var section = $"postings list {name}=\"{value}\"";
        var d = LengthPrefixedSection((long)offset, section);
        var count = d.BE32();
        if ((long)count * 4 != d.Remaining) throw d.Error($"entry count {count} does not match the section length");
        var refs = new uint[count];
        for (var i = 0; i < refs.Length; i++)
        {
            refs[i] = d.BE32();
            if (i > 0 && refs[i] <= refs[i - 1]) throw d.Error("series references are not increasing");
        }
        return refs;
    }

    /// <summary>A section that starts with a 4-byte length and ends with the CRC-32C of that many bytes.</summary>
    private Decbuf LengthPrefixedSection(long offset, string section)
    {
        if (offset < IndexFormat.HeaderSize || offset > _data.Length - 8) throw Fail(section, "section offset out of range", offset);
        var len = BinaryPrimitives.ReadUInt32BigEndian(_data.Span[(int)offset..]);
        var start = offset + 4;
        if (len > _data.Length - start - 4) throw Fail(section, $"length {len} runs past the end of the file", offset);
        var body = _data.Span.Slice((int)start, (int)len);
        var crc = BinaryPrimitives.ReadUInt32BigEndian(_data.Span[(int)(start + len)..]);
        if (Crc32C.Compute(body) != crc) throw Fail(section, "checksum mismatch", offset);
        return new Decbuf(body, _file, section, start);
    }

    private BlockFormatException Fail(string section, string detail, long offset = -1) => new(_file, section, detail, offset);

    private sealed record PostingsRange(string[] Values, ulong[] Offsets);
}
