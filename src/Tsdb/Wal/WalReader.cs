using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using Microsoft.Win32.SafeHandles;
using Snappier;

namespace MetricsServer.Tsdb.Wal;

/// <summary>
/// Reads records back from segment files, in order, across segments (and across directories, for a checkpoint
/// followed by the WAL). Every fragment's CRC, length and place in its record are checked; the first problem throws
/// <see cref="WalCorruptionException"/> with the segment and the byte offset of the bad fragment. A record must
/// end in the segment it started in. Not thread-safe; <see cref="Record"/> stays valid until the next
/// <see cref="Next"/>.
/// </summary>
public sealed class WalReader : IDisposable
{
    // Reads go by whole pages, 16 at a time, so that a fragment (which never crosses a page) is always in the buffer.
    private const int BufferPages = 16;

    private readonly IReadOnlyList<WalSegmentFile> _segments;
    private readonly byte[] _buffer = new byte[BufferPages * WalFormat.PageSize];
    private int _current = -1;          // Index into _segments of the open file.
    private SafeFileHandle? _file;
    private long _fileLength;
    private long _position;             // Offset in the open file of the next byte to parse.
    private long _bufferStart;          // Offset in the file of _buffer[0].
    private int _bufferLength;
    private byte[] _record = new byte[WalFormat.PageSize];
    private int _recordLength;
    private byte[] _decompressed = [];
    private bool _snappy;

    public WalReader(IReadOnlyList<WalSegmentFile> segments)
    {
        _segments = segments;
    }

    /// <summary>A reader over every segment in <paramref name="directory"/>.</summary>
    public static WalReader Open(string directory) => Open(new WalSegmentRange(directory));

    /// <summary>A reader over the given ranges, in order (a checkpoint's segments, then the WAL's from a given index).</summary>
    public static WalReader Open(params ReadOnlySpan<WalSegmentRange> ranges)
    {
        var files = new List<WalSegmentFile>();
        foreach (var range in ranges)
        {
            foreach (var s in WalSegments.List(range.Directory))
            {
                if (range.First >= 0 && s.Index < range.First) continue;
                if (range.Last >= 0 && s.Index > range.Last) break;
                files.Add(s);
            }
        }
        return new WalReader(files);
    }

    /// <summary>The current record's bytes (decompressed), valid until the next call to <see cref="Next"/>.</summary>
    public ReadOnlySpan<byte> Record => _snappy ? _decompressed.AsSpan(0, _recordLength) : _record.AsSpan(0, _recordLength);

    /// <summary>The index of the segment holding the current record.</summary>
    public int Segment { get; private set; } = -1;

    /// <summary>The directory of the segment holding the current record.</summary>
    public string? SegmentDirectory { get; private set; }

    /// <summary>The offset in its segment of the current record's first fragment.</summary>
    public long RecordOffset { get; private set; }

    /// <summary>The offset in its segment just past the current record's last fragment.</summary>
    public long EndOffset { get; private set; }

    /// <summary>An exception locating a problem found in the current record's contents (for example a decode error).</summary>
    public WalCorruptionException CorruptionAtRecord(string reason, Exception? inner = null) =>
        new(SegmentDirectory, Segment, RecordOffset, reason, inner);

    /// <summary>Moves to the next record; false at the end of the last segment. Throws <see cref="WalCorruptionException"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool Next()
    {
        _recordLength = 0;
        _snappy = false;
        var inRecord = false;
        long recordStart = 0;
        while (true)
        {
            if (_file is null && !OpenNextSegment()) return false;
            if (_position >= _fileLength)
            {
                if (inRecord) throw Corrupt(recordStart, "last record is torn: the segment ends inside it");
                CloseSegment();
                continue;
            }
            var pageRemaining = WalFormat.PageSize - (int)(_position % WalFormat.PageSize);
            var available = (int)Math.Min(pageRemaining, _fileLength - _position);
            var span = PageSpan(available);
            if (span.Length < available)
            {
                available = span.Length;
                if (available == 0) continue;
            }
            if (pageRemaining < WalFormat.FragmentHeaderSize || span[0] == 0)
            {
                // Zero padding to the end of the page; a short file's missing tail counts as padding too.
                var nonZero = span.IndexOfAnyExcept((byte)0);
                if (nonZero >= 0) throw Corrupt(_position + nonZero, "unexpected non-zero byte in padded page");
                _position += available;
                continue;
            }
            if (available < WalFormat.FragmentHeaderSize) throw Corrupt(_position, "torn fragment header: the segment ends inside it");
            var typeByte = span[0];
            var kind = (WalFragmentType)(typeByte & WalFormat.FragmentKindMask);
            if ((typeByte & ~(WalFormat.FragmentKindMask | WalFormat.SnappyFlag | WalFormat.ZstdFlag)) != 0 || kind > WalFragmentType.Last || kind == WalFragmentType.PageTerm)
            {
                throw Corrupt(_position, $"invalid fragment type byte 0x{typeByte:X2}");
            }
            if ((typeByte & WalFormat.ZstdFlag) != 0) throw Corrupt(_position, "zstd-compressed WAL records are not supported");
            var length = BinaryPrimitives.ReadUInt16BigEndian(span[1..]);
            if (WalFormat.FragmentHeaderSize + length > pageRemaining) throw Corrupt(_position, $"fragment length {length} overruns its page");
            if (WalFormat.FragmentHeaderSize + length > available) throw Corrupt(_position, "torn fragment: the segment ends inside it");
            var data = span.Slice(WalFormat.FragmentHeaderSize, length);
            var crc = BinaryPrimitives.ReadUInt32BigEndian(span[3..]);
            var actual = Crc32C.Compute(data);
            if (actual != crc) throw Corrupt(_position, $"unexpected checksum {actual:x8}, expected {crc:x8}");
            var snappy = (typeByte & WalFormat.SnappyFlag) != 0;
            switch (kind)
            {
                case WalFragmentType.Full or WalFragmentType.First:
                    if (inRecord) throw Corrupt(_position, $"{kind} fragment inside a record begun at {recordStart}");
                    inRecord = true;
                    recordStart = _position;
                    _snappy = snappy;
                    break;
                default:
                    if (!inRecord) throw Corrupt(_position, $"{kind} fragment outside a record");
                    if (snappy != _snappy) throw Corrupt(_position, "fragments of one record disagree on compression");
                    break;
            }
            Append(data);
            _position += WalFormat.FragmentHeaderSize + length;
            if (kind is WalFragmentType.Full or WalFragmentType.Last)
            {
                Segment = _segments[_current].Index;
                SegmentDirectory = Path.GetDirectoryName(_segments[_current].Path);
                RecordOffset = recordStart;
                EndOffset = _position;
                if (_snappy) Decompress(recordStart);
                return true;
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Append(ReadOnlySpan<byte> data)
    {
        if (_record.Length - _recordLength < data.Length)
        {
            // Growth is bounded by the segment file's size: a record never spans segments.
            Array.Resize(ref _record, Math.Max(_record.Length * 2, _recordLength + data.Length));
        }
        data.CopyTo(_record.AsSpan(_recordLength));
        _recordLength += data.Length;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Decompress(long recordStart)
    {
        var compressed = _record.AsSpan(0, _recordLength);
        try
        {
            var length = Snappy.GetUncompressedLength(compressed);
            // Snappy expands at most 64 bytes from a 3-byte copy tag; a larger claim is a corrupt header,
            // refused before it can make us allocate.
            if (length < 0 || length > ((long)compressed.Length * 22) + 64) throw Corrupt(recordStart, $"snappy record claims {length} bytes");
            if (_decompressed.Length < length) _decompressed = new byte[Math.Max(length, _decompressed.Length * 2)];
            _recordLength = Snappy.Decompress(compressed, _decompressed);
        }
        catch (WalCorruptionException)
        {
            throw;
        }
        catch (Exception e) when (e is InvalidDataException or ArgumentException or IndexOutOfRangeException)
        {
            throw new WalCorruptionException(SegmentDirectory, _segments[_current].Index, recordStart, "invalid snappy data: " + e.Message, e);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private ReadOnlySpan<byte> PageSpan(int available)
    {
        if (_position < _bufferStart || _position + available > _bufferStart + _bufferLength)
        {
            _bufferStart = _position - (_position % WalFormat.PageSize);
            var want = (int)Math.Min(_buffer.Length, _fileLength - _bufferStart);
            _bufferLength = 0;
            while (_bufferLength < want)
            {
                var n = RandomAccess.Read(_file!, _buffer.AsSpan(_bufferLength, want - _bufferLength), _bufferStart + _bufferLength);
                if (n == 0) break;
                _bufferLength += n;
            }
            if (_position + available > _bufferStart + _bufferLength)
            {
                // The file shrank under us: treat what is missing as the end of the segment.
                _fileLength = _bufferStart + _bufferLength;
                available = (int)Math.Max(0, _fileLength - _position);
            }
        }
        return _buffer.AsSpan((int)(_position - _bufferStart), available);
    }

    private bool OpenNextSegment()
    {
        if (_current + 1 >= _segments.Count) return false;
        _current++;
        _file = File.OpenHandle(_segments[_current].Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        _fileLength = RandomAccess.GetLength(_file);
        _position = 0;
        _bufferStart = 0;
        _bufferLength = 0;
        return true;
    }

    private void CloseSegment()
    {
        _file?.Dispose();
        _file = null;
    }

    private WalCorruptionException Corrupt(long offset, string reason)
    {
        var s = _segments[_current];
        return new WalCorruptionException(Path.GetDirectoryName(s.Path), s.Index, offset, reason);
    }

    public void Dispose()
    {
        CloseSegment();
        _current = _segments.Count;
    }
}
