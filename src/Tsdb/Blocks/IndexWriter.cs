using MetricsServer.Model.Labels;

namespace MetricsServer.Tsdb.Blocks;

/// <summary>
/// Writes a block's <c>index</c> file in format v2 (docs/format/index.md): symbol table, series, label indices,
/// postings (the all-series list under the empty name and value first), label offset table, postings offset table
/// and TOC, each section with its CRC-32C. Series must come sorted by <see cref="LabelSetComparer"/> with no duplicates.
/// </summary>
internal static class IndexWriter
{
    public static long Write(string path, IReadOnlyList<LabelSet> series, IReadOnlyList<ChunkMeta[]> chunks)
    {
        // Symbols: every label name and value, deduplicated and in UTF-8 byte order.
        var symbolSet = new HashSet<string>(StringComparer.Ordinal);
        foreach (var ls in series)
        {
            foreach (var l in ls)
            {
                symbolSet.Add(l.Name);
                symbolSet.Add(l.Value);
            }
        }
        var symbols = new string[symbolSet.Count];
        symbolSet.CopyTo(symbols);
        Array.Sort(symbols, Utf8StringComparer.Instance);
        var symbolRefs = new Dictionary<string, uint>(symbols.Length, StringComparer.Ordinal);
        for (var i = 0; i < symbols.Length; i++) symbolRefs[symbols[i]] = (uint)i;

        using var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 20);
        var output = new IndexOutput(file);
        var buf = new ByteBuffer(1 << 16);

        buf.PutBE32(IndexFormat.Magic);
        buf.PutByte(IndexFormat.Version2);
        output.Write(buf);

        var toc = new ulong[6];
        toc[0] = (ulong)output.Position;
        WriteSymbols(output, buf, symbols);

        // Series, collecting postings on the way: refs ascend with the sorted label sets.
        var postings = new Dictionary<string, Dictionary<string, List<uint>>>(StringComparer.Ordinal);
        var all = new List<uint>(series.Count);
        output.Pad(IndexFormat.SeriesAlignment);
        toc[1] = (ulong)output.Position;
        LabelSet? previous = null;
        for (var i = 0; i < series.Count; i++)
        {
            var ls = series[i];
            if (previous is not null && LabelSetComparer.Instance.Compare(previous, ls) >= 0)
                throw new ArgumentException($"series out of order or duplicated: {ls} after {previous}", nameof(series));
            previous = ls;
            output.Pad(IndexFormat.SeriesAlignment);
            var seriesRef = output.Position / IndexFormat.SeriesAlignment;
            if (seriesRef > uint.MaxValue) throw new InvalidOperationException("index series section exceeds 64 GiB");
            var r = (uint)seriesRef;
            WriteSeries(output, buf, ls, chunks[i], symbolRefs);
            all.Add(r);
            foreach (var l in ls)
            {
                if (!postings.TryGetValue(l.Name, out var byValue)) postings[l.Name] = byValue = new Dictionary<string, List<uint>>(StringComparer.Ordinal);
                if (!byValue.TryGetValue(l.Value, out var list)) byValue[l.Value] = list = [];
                list.Add(r);
            }
        }

        var names = new string[postings.Count];
        postings.Keys.CopyTo(names, 0);
        Array.Sort(names, Utf8StringComparer.Instance);
        var sortedValues = new string[names.Length][];
        for (var i = 0; i < names.Length; i++)
        {
            var values = new string[postings[names[i]].Count];
            postings[names[i]].Keys.CopyTo(values, 0);
            Array.Sort(values, Utf8StringComparer.Instance);
            sortedValues[i] = values;
        }

        // Label indices: unused by readers of v2, but written as Prometheus writes them so tools that look find them.
        var labelIndexOffsets = new ulong[names.Length];
        for (var i = 0; i < names.Length; i++)
        {
            output.Pad(IndexFormat.ListAlignment);
            if (i == 0) toc[2] = (ulong)output.Position;
            labelIndexOffsets[i] = (ulong)output.Position;
            buf.Clear();
            buf.PutBE32(0);
            buf.PutBE32(1);
            buf.PutBE32((uint)sortedValues[i].Length);
            foreach (var v in sortedValues[i]) buf.PutBE32(symbolRefs[v]);
            FinishLengthPrefixed(buf);
            output.Write(buf);
        }

        // Postings: the all-series list under ("", "") first, then by name and value.
        var postingsKeys = new List<(string Name, string Value, ulong Offset)>();
        output.Pad(IndexFormat.ListAlignment);
        toc[4] = (ulong)output.Position;
        postingsKeys.Add((string.Empty, string.Empty, WritePostings(output, buf, all)));
        for (var i = 0; i < names.Length; i++)
        {
            var byValue = postings[names[i]];
            foreach (var v in sortedValues[i]) postingsKeys.Add((names[i], v, WritePostings(output, buf, byValue[v])));
        }

        toc[3] = (ulong)output.Position;
        buf.Clear();
        buf.PutBE32(0);
        buf.PutBE32((uint)names.Length);
        for (var i = 0; i < names.Length; i++)
        {
            buf.PutUvarint(1);
            buf.PutUvarintString(names[i]);
            buf.PutUvarint(labelIndexOffsets[i]);
        }
        FinishLengthPrefixed(buf);
        output.Write(buf);

        toc[5] = (ulong)output.Position;
        buf.Clear();
        buf.PutBE32(0);
        buf.PutBE32((uint)postingsKeys.Count);
        foreach (var (name, value, offset) in postingsKeys)
        {
            buf.PutUvarint(2);
            buf.PutUvarintString(name);
            buf.PutUvarintString(value);
            buf.PutUvarint(offset);
        }
        FinishLengthPrefixed(buf);
        output.Write(buf);

        buf.Clear();
        foreach (var t in toc) buf.PutBE64(t);
        buf.PutCrcFrom(0);
        output.Write(buf);

        file.Flush(flushToDisk: true);
        return output.Position;
    }

    private static void WriteSymbols(IndexOutput output, ByteBuffer buf, string[] symbols)
    {
        buf.Clear();
        buf.PutBE32(0);
        buf.PutBE32((uint)symbols.Length);
        foreach (var s in symbols) buf.PutUvarintString(s);
        FinishLengthPrefixed(buf);
        output.Write(buf);
    }

    private static void WriteSeries(IndexOutput output, ByteBuffer buf, LabelSet labels, ChunkMeta[] chunks, Dictionary<string, uint> symbolRefs)
    {
        buf.Clear();
        buf.PutUvarint((ulong)labels.Count);
        foreach (var l in labels)
        {
            buf.PutUvarint(symbolRefs[l.Name]);
            buf.PutUvarint(symbolRefs[l.Value]);
        }
        buf.PutUvarint((ulong)chunks.Length);
        for (var i = 0; i < chunks.Length; i++)
        {
            var c = chunks[i];
            if (i == 0)
            {
                buf.PutVarint(c.MinTimeMs);
                buf.PutUvarint((ulong)(c.MaxTimeMs - c.MinTimeMs));
                buf.PutUvarint(c.Ref);
            }
            else
            {
                var p = chunks[i - 1];
                buf.PutUvarint((ulong)(c.MinTimeMs - p.MaxTimeMs));
                buf.PutUvarint((ulong)(c.MaxTimeMs - c.MinTimeMs));
                buf.PutVarint((long)(c.Ref - p.Ref));
            }
        }
        // The entry is uvarint(len) + body + CRC(body): the length prefix comes first, so it is written separately.
        var prefix = new ByteBuffer(16);
        prefix.PutUvarint((ulong)buf.Length);
        output.Write(prefix);
        var crc = Crc32C.Compute(buf.Span);
        buf.PutBE32(crc);
        output.Write(buf);
    }

    private static ulong WritePostings(IndexOutput output, ByteBuffer buf, List<uint> refs)
    {
        output.Pad(IndexFormat.ListAlignment);
        var offset = (ulong)output.Position;
        buf.Clear();
        buf.PutBE32(0);
        buf.PutBE32((uint)refs.Count);
        foreach (var r in refs) buf.PutBE32(r);
        FinishLengthPrefixed(buf);
        output.Write(buf);
        return offset;
    }

    /// <summary>Fills in the 4-byte length at the start (counting what follows it) and appends the CRC of those bytes.</summary>
    private static void FinishLengthPrefixed(ByteBuffer buf)
    {
        buf.SetBE32(0, (uint)(buf.Length - 4));
        buf.PutCrcFrom(4);
    }

    /// <summary>A file stream that knows its position and pads with zeros.</summary>
    private sealed class IndexOutput(FileStream stream)
    {
        private static readonly byte[] Zeros = new byte[16];

        public long Position { get; private set; }

        public void Write(ByteBuffer buf)
        {
            stream.Write(buf.Span);
            Position += buf.Length;
        }

        public void Pad(int alignment)
        {
            var rem = (int)(Position % alignment);
            if (rem == 0) return;
            stream.Write(Zeros, 0, alignment - rem);
            Position += alignment - rem;
        }
    }
}
