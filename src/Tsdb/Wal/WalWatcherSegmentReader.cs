using System.Buffers.Binary;
using Microsoft.Win32.SafeHandles;
using Snappier;

namespace MetricsServer.Tsdb.Wal;

/// <summary>
/// Reads the records of one segment that may still be being written, resuming where it stopped. Unlike
/// <see cref="WalReader"/>, reaching the end of the file inside a record (or inside a fragment, or in a page the
/// writer has not padded yet) is not corruption but "not written yet": <see cref="Next"/> returns false and the next
/// call starts again at that record. A fragment whose checksum fails and that ends exactly at the end of the file is
/// treated the same way, because the writer may be half way through writing it. Any other problem throws
/// <see cref="WalCorruptionException"/>. Not thread-safe; <see cref="Record"/> stays valid until the next call.
/// </summary>
public sealed class WalWatcherSegmentReader : IDisposable
{
    private const int BufferPages = 16;

    private readonly SafeFileHandle _file;
    private readonly string _directory;
    private readonly byte[] _buffer = new byte[BufferPages * WalFormat.PageSize];
    private long _bufferStart;
    private int _bufferLength;
    private long _fileLength;
    private byte[] _record = new byte[WalFormat.PageSize];
    private int _recordLength;
    private byte[] _decompressed = [];
    private bool _snappy;

    public WalWatcherSegmentReader(string path, int index)
    {
        ArgumentNullException.ThrowIfNull(path);
        Index = index;
        _directory = Path.GetDirectoryName(path) ?? ".";
        _file = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
    }

    /// <summary>The segment's index.</summary>
    public int Index { get; }

    /// <summary>The offset just past the last whole record returned: where the next read starts.</summary>
    public long Offset { get; private set; }

    /// <summary>True when bytes past <see cref="Offset"/> were seen that do not (yet) form a whole record.</summary>
    public bool HasPartialRecord { get; private set; }

    /// <summary>The current record's bytes (decompressed), valid until the next call to <see cref="Next"/>.</summary>
    public ReadOnlySpan<byte> Record => _snappy ? _decompressed.AsSpan(0, _recordLength) : _record.AsSpan(0, _recordLength);

    /// <summary>Moves to the next whole record; false when none is complete in the file yet.</summary>
    public bool Next()
    {
        _fileLength = RandomAccess.GetLength(_file);
        var position = Offset;
        _recordLength = 0;
        _snappy = false;
        var inRecord = false;
        var recordStart = position;
        HasPartialRecord = false;
        while (true)
        {
            if (position >= _fileLength) return Incomplete(inRecord);
            var pageEnd = position - (position % WalFormat.PageSize) + WalFormat.PageSize;
            var pageRemaining = (int)(pageEnd - position);
            if (pageRemaining < WalFormat.FragmentHeaderSize)
            {
                // Padding the writer adds when a page completes; it arrives with the rest of the page.
                if (_fileLength < pageEnd) return Incomplete(true);
                position = pageEnd;
                if (!inRecord) Offset = position;
                continue;
            }
            var available = (int)Math.Min(pageRemaining, _fileLength - position);
            var span = Window(position, available);
            if (span[0] == 0)
            {
                if (inRecord) throw Corrupt(position, "zero padding inside a record");
                if (_fileLength < pageEnd) return Incomplete(true);
                var nonZero = span.IndexOfAnyExcept((byte)0);
                if (nonZero >= 0) throw Corrupt(position + nonZero, "unexpected non-zero byte in padded page");
                position = pageEnd;
                Offset = position;
                continue;
            }
            if (available < WalFormat.FragmentHeaderSize) return Incomplete(true);
            var typeByte = span[0];
            var kind = (WalFragmentType)(typeByte & WalFormat.FragmentKindMask);
            if ((typeByte & ~(WalFormat.FragmentKindMask | WalFormat.SnappyFlag)) != 0 || kind > WalFragmentType.Last || kind == WalFragmentType.PageTerm)
                throw Corrupt(position, $"invalid fragment type byte 0x{typeByte:X2}");
            var length = BinaryPrimitives.ReadUInt16BigEndian(span[1..]);
            if (WalFormat.FragmentHeaderSize + length > pageRemaining) throw Corrupt(position, $"fragment length {length} overruns its page");
            if (WalFormat.FragmentHeaderSize + length > available) return Incomplete(true);
            var data = span.Slice(WalFormat.FragmentHeaderSize, length);
            if (Crc32C.Compute(data) != BinaryPrimitives.ReadUInt32BigEndian(span[3..]))
            {
                if (position + WalFormat.FragmentHeaderSize + length == _fileLength) return Incomplete(true);
                throw Corrupt(position, "fragment checksum mismatch");
            }
            var snappy = (typeByte & WalFormat.SnappyFlag) != 0;
            if (kind is WalFragmentType.Full or WalFragmentType.First)
            {
                if (inRecord) throw Corrupt(position, $"{kind} fragment inside a record begun at {recordStart}");
                inRecord = true;
                recordStart = position;
                _snappy = snappy;
            }
            else if (!inRecord)
            {
                throw Corrupt(position, $"{kind} fragment outside a record");
            }
            Append(data);
            position += WalFormat.FragmentHeaderSize + length;
            if (kind is WalFragmentType.Full or WalFragmentType.Last)
            {
                Offset = position;
                if (_snappy) Decompress(recordStart);
                return true;
            }
        }
    }

    private bool Incomplete(bool partial)
    {
        HasPartialRecord = partial;
        _recordLength = 0;
        return false;
    }

    private ReadOnlySpan<byte> Window(long position, int available)
    {
        if (position < _bufferStart || position + available > _bufferStart + _bufferLength)
        {
            _bufferStart = position - (position % WalFormat.PageSize);
            var want = (int)Math.Min(_buffer.Length, _fileLength - _bufferStart);
            _bufferLength = 0;
            while (_bufferLength < want)
            {
                var n = RandomAccess.Read(_file, _buffer.AsSpan(_bufferLength, want - _bufferLength), _bufferStart + _bufferLength);
                if (n == 0) break;
                _bufferLength += n;
            }
            available = (int)Math.Min(available, Math.Max(0, _bufferStart + _bufferLength - position));
        }
        return _buffer.AsSpan((int)(position - _bufferStart), available);
    }

    private void Append(ReadOnlySpan<byte> data)
    {
        if (_record.Length - _recordLength < data.Length) Array.Resize(ref _record, Math.Max(_record.Length * 2, _recordLength + data.Length));
        data.CopyTo(_record.AsSpan(_recordLength));
        _recordLength += data.Length;
    }

    private void Decompress(long recordStart)
    {
        var compressed = _record.AsSpan(0, _recordLength);
        try
        {
            var length = Snappy.GetUncompressedLength(compressed);
            if (length < 0 || length > ((long)compressed.Length * 22) + 64) throw Corrupt(recordStart, $"snappy record claims {length} bytes");
            if (_decompressed.Length < length) _decompressed = new byte[Math.Max(length, _decompressed.Length * 2)];
            _recordLength = Snappy.Decompress(compressed, _decompressed);
        }
        catch (Exception e) when (e is InvalidDataException or ArgumentException or IndexOutOfRangeException)
        {
            throw new WalCorruptionException(_directory, Index, recordStart, "invalid snappy data: " + e.Message, e);
        }
    }

    private WalCorruptionException Corrupt(long offset, string reason) => new(_directory, Index, offset, reason);

    public void Dispose() => _file.Dispose();
}
