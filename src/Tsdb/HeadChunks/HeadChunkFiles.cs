using System.Buffers.Binary;
using System.Globalization;

namespace MetricsServer.Tsdb.HeadChunks;

/// <summary>
/// Lists, checks and repairs the files of a <c>chunks_head/</c> directory before they are mapped. Only the newest
/// file can end badly: a new file is cut only after the previous one was flushed and fsynced.
/// </summary>
internal static class HeadChunkFiles
{
    /// <summary>The numbered files in <paramref name="directory"/>, in sequence order; other names are ignored.</summary>
    /// <exception cref="HeadChunkCorruptionException">The sequence has a gap.</exception>
    public static List<(int Index, string Path)> List(string directory)
    {
        var files = new List<(int Index, string Path)>();
        foreach (var path in Directory.EnumerateFiles(directory))
        {
            var name = System.IO.Path.GetFileName(path);
            if (int.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out var index) && index > 0) files.Add((index, path));
        }
        files.Sort(static (a, b) => a.Index.CompareTo(b.Index));
        for (var i = 1; i < files.Count; i++)
        {
            if (files[i].Index != files[i - 1].Index + 1)
                throw new HeadChunkCorruptionException(files[i].Path, files[i].Index, $"files are not in sequence: {HeadChunkFormat.FileName(files[i].Index)} follows {HeadChunkFormat.FileName(files[i - 1].Index)}");
        }
        return files;
    }

    /// <summary>Checks a file's 8-byte header.</summary>
    /// <exception cref="HeadChunkCorruptionException">Too short, wrong magic or an unsupported version.</exception>
    public static void CheckHeader(int index, string path)
    {
        Span<byte> header = stackalloc byte[HeadChunkFormat.FileHeaderSize];
        var read = ReadPrefix(path, header);
        if (read < header.Length) throw new HeadChunkCorruptionException(path, index, $"file is {read} bytes, shorter than the header", 0);
        if (BinaryPrimitives.ReadUInt32BigEndian(header) != HeadChunkFormat.Magic) throw new HeadChunkCorruptionException(path, index, "bad magic number", 0);
        if (header[4] != HeadChunkFormat.Version) throw new HeadChunkCorruptionException(path, index, $"unsupported version {header[4]}", 4);
    }

    /// <summary>
    /// Makes the newest file end after its last good chunk, deleting trailing files left without one, and removes
    /// them from <paramref name="files"/>. Zero bytes after the last chunk (space preallocated by the writer) are
    /// trimmed without being reported.
    /// </summary>
    public static HeadChunkRepairReport RepairTail(List<(int Index, string Path)> files)
    {
        var deleted = new List<int>();
        long dropped = 0;
        string? reason = null;
        Span<byte> header = stackalloc byte[HeadChunkFormat.FileHeaderSize];
        while (files.Count > 0)
        {
            var (index, path) = files[^1];
            var length = new FileInfo(path).Length;
            var read = ReadPrefix(path, header);
            if (read < header.Length || !header.ContainsAnyExcept((byte)0))
            {
                // A crash between creating the file and writing its header.
                DeleteLast(files, deleted, path);
                dropped += length;
                reason ??= "file ends before its header is complete";
                continue;
            }
            CheckHeader(index, path);

            var (goodEnd, tailReason) = ScanForGoodEnd(index, path);
            if (goodEnd == HeadChunkFormat.FileHeaderSize)
            {
                DeleteLast(files, deleted, path);
                dropped += tailReason is null ? 0 : length - goodEnd;
                reason ??= tailReason;
                continue;
            }
            if (goodEnd < length) Truncate(path, goodEnd);
            if (tailReason is null && deleted.Count == 0) return HeadChunkRepairReport.None;
            return new HeadChunkRepairReport
            {
                DeletedFiles = deleted,
                TruncatedFile = tailReason is null ? -1 : index,
                TruncatedAt = tailReason is null ? -1 : goodEnd,
                BytesDropped = dropped + (tailReason is null ? 0 : length - goodEnd),
                Reason = tailReason ?? reason,
            };
        }
        return deleted.Count == 0 ? HeadChunkRepairReport.None : new HeadChunkRepairReport { DeletedFiles = deleted, BytesDropped = dropped, Reason = reason };
    }

    // Where the last good chunk ends, and why the bytes after it are not kept (null when they are only zeros).
    private static (long GoodEnd, string? Reason) ScanForGoodEnd(int index, string path)
    {
        using var file = MappedHeadChunkFile.Open(index, path);
        var buffer = new byte[256];
        long offset = HeadChunkFormat.FileHeaderSize;
        HeadChunkReadStatus status;
        while ((status = HeadChunkReader.TryRead(file, offset, ref buffer, out var header)) == HeadChunkReadStatus.Ok) offset += header.TotalLength;
        if (status != HeadChunkReadStatus.End) return (offset, $"{HeadChunkReader.Describe(status)} at offset {offset.ToString(CultureInfo.InvariantCulture)}");
        return (offset, OnlyZerosFrom(file, offset) ? null : $"data after the end of the chunks at offset {offset.ToString(CultureInfo.InvariantCulture)}");
    }

    private static bool OnlyZerosFrom(MappedHeadChunkFile file, long offset)
    {
        Span<byte> block = stackalloc byte[4096];
        while (offset < file.Length)
        {
            var part = block[..(int)Math.Min(block.Length, file.Length - offset)];
            file.Read(offset, part);
            if (part.ContainsAnyExcept((byte)0)) return false;
            offset += part.Length;
        }
        return true;
    }

    private static int ReadPrefix(string path, Span<byte> destination)
    {
        using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        var done = 0;
        while (done < destination.Length)
        {
            var n = RandomAccess.Read(handle, destination[done..], done);
            if (n <= 0) break;
            done += n;
        }
        return done;
    }

    private static void Truncate(string path, long length)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.Read | FileShare.Delete, 0);
        file.SetLength(length);
        file.Flush(flushToDisk: true);
    }

    private static void DeleteLast(List<(int Index, string Path)> files, List<int> deleted, string path)
    {
        File.Delete(path);
        deleted.Add(files[^1].Index);
        files.RemoveAt(files.Count - 1);
    }
}
