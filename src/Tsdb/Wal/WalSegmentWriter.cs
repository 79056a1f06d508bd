using System.Buffers.Binary;

namespace MetricsServer.Tsdb.Wal;

/// <summary>
/// Writes records as fragments into one segment file, a 32 KiB page at a time. A record is split into a
/// first, middle… and last fragment when it does not fit into what is left of the page; a page with fewer
/// than 7 bytes left is zero-padded. Not thread-safe: <see cref="WriteAheadLog"/> serialises calls.
/// </summary>
public sealed class WalSegmentWriter : IDisposable
{
    private readonly FileStream _file;
    private readonly byte[] _page = new byte[WalFormat.PageSize];
    private int _alloc;    // Bytes of the page filled with fragments.
    private int _flushed;  // Bytes of the page already written to the file.
    private int _donePages;
    private bool _disposed;

    private WalSegmentWriter(int index, string path, FileStream file, int donePages)
    {
        Index = index;
        Path = path;
        _file = file;
        _donePages = donePages;
    }

    /// <summary>The segment's index, the number in its file name.</summary>
    public int Index { get; }

    public string Path { get; }

    /// <summary>Bytes written to the file so far plus those still buffered in the page.</summary>
    public long Size => ((long)_donePages * WalFormat.PageSize) + _alloc;

    /// <summary>
    /// Opens segment <paramref name="index"/> in <paramref name="directory"/> for appending, creating it when absent.
    /// A torn last page (a file length not a multiple of the page size) is zero-padded first, so that new fragments
    /// start on a fresh page; a record torn in that page is then found by the next full read.
    /// </summary>
    public static WalSegmentWriter Open(string directory, int index)
    {
        var path = WalFormat.SegmentPath(directory, index);
        // bufferSize 0: the page is our buffer; every flush is one write call.
        var file = new FileStream(path, FileMode.OpenOrCreate, FileAccess.Write, FileShare.Read | FileShare.Delete, 0);
        try
        {
            var length = file.Length;
            file.Position = length;
            var torn = (int)(length % WalFormat.PageSize);
            if (torn != 0)
            {
                file.Write(new byte[WalFormat.PageSize - torn]);
                length += WalFormat.PageSize - torn;
            }
            return new WalSegmentWriter(index, path, file, (int)(length / WalFormat.PageSize));
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    /// <summary>
    /// How many record bytes still fit into this segment of <paramref name="segmentSize"/> bytes, counting one
    /// fragment header per page. A record larger than this goes to the next segment, so that records never cross
    /// segment boundaries.
    /// </summary>
    public long RecordCapacity(int segmentSize)
    {
        var pages = segmentSize / WalFormat.PageSize;
        long left = WalFormat.PageSize - _alloc - WalFormat.FragmentHeaderSize;
        left += (long)WalFormat.MaxFragmentData * (pages - _donePages - 1);
        return left;
    }

    /// <summary>Appends one record (already compressed when <paramref name="snappy"/>) as one or more fragments.</summary>
    public void WriteRecord(ReadOnlySpan<byte> data, bool snappy)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var flags = snappy ? WalFormat.SnappyFlag : (byte)0;
        var first = true;
        // One pass at least, so that an empty record is written as one empty full fragment.
        do
        {
            var room = WalFormat.PageSize - _alloc - WalFormat.FragmentHeaderSize;
            var n = Math.Min(data.Length, room);
            var last = n == data.Length;
            var kind = (first, last) switch
            {
                (true, true) => WalFragmentType.Full,
                (true, false) => WalFragmentType.First,
                (false, true) => WalFragmentType.Last,
                _ => WalFragmentType.Middle,
            };
            var part = data[..n];
            var header = _page.AsSpan(_alloc, WalFormat.FragmentHeaderSize);
            header[0] = (byte)((byte)kind | flags);
            BinaryPrimitives.WriteUInt16BigEndian(header[1..], (ushort)n);
            BinaryPrimitives.WriteUInt32BigEndian(header[3..], Crc32C.Compute(part));
            part.CopyTo(_page.AsSpan(_alloc + WalFormat.FragmentHeaderSize));
            _alloc += WalFormat.FragmentHeaderSize + n;
            data = data[n..];
            first = false;
            if (WalFormat.PageSize - _alloc < WalFormat.FragmentHeaderSize) FlushPage(complete: true);
        }
        while (!data.IsEmpty);
    }

    /// <summary>Writes the buffered part of the page to the file (the OS's cache), without padding it.</summary>
    public void Flush()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_alloc > _flushed) FlushPage(complete: false);
    }

    /// <summary>Flushes and then fsyncs the file, so that what was written survives a power loss.</summary>
    public void Sync()
    {
        Flush();
        _file.Flush(flushToDisk: true);
    }

    /// <summary>Zero-pads the current page when it holds fragments and writes it; the next record starts a new page.</summary>
    public void CompletePage()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_alloc > 0) FlushPage(complete: true);
    }

    private void FlushPage(bool complete)
    {
        var end = complete ? WalFormat.PageSize : _alloc;
        _file.Write(_page, _flushed, end - _flushed);
        _flushed = end;
        if (complete)
        {
            Array.Clear(_page);
            _alloc = 0;
            _flushed = 0;
            _donePages++;
        }
    }

    /// <summary>Pads the last page, fsyncs and closes the file.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        try
        {
            CompletePage();
            _file.Flush(flushToDisk: true);
        }
        finally
        {
            _disposed = true;
            _file.Dispose();
        }
    }
}
