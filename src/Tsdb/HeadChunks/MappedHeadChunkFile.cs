using System.IO.MemoryMappedFiles;
using Microsoft.Win32.SafeHandles;

namespace MetricsServer.Tsdb.HeadChunks;

/// <summary>
/// A complete head chunk file, memory-mapped read-only so its chunks live in the page cache rather than the managed
/// heap. Reads copy out of the mapping through <see cref="SafeBuffer.ReadSpan{T}"/>, which holds a reference on the
/// view's handle for the copy: <see cref="Dispose"/> racing a read defers the unmap until the copy is done, and
/// reads that start after it throw <see cref="ObjectDisposedException"/>. So no read ever touches unmapped memory.
/// Thread-safe.
/// </summary>
internal sealed class MappedHeadChunkFile : IHeadChunkFileBytes, IDisposable
{
    private readonly MemoryMappedFile _map;
    private readonly MemoryMappedViewAccessor _view;
    private readonly SafeMemoryMappedViewHandle _bytes;

    private MappedHeadChunkFile(int index, string path, long length, MemoryMappedFile map, MemoryMappedViewAccessor view)
    {
        Index = index;
        Path = path;
        Length = length;
        _map = map;
        _view = view;
        _bytes = view.SafeMemoryMappedViewHandle;
    }

    public int Index { get; }

    public string Path { get; }

    public long Length { get; }

    /// <summary>Maps the file at <paramref name="path"/>, which must not be empty (a mapping cannot be).</summary>
    public static MappedHeadChunkFile Open(int index, string path)
    {
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1);
        MemoryMappedFile? map = null;
        try
        {
            var length = stream.Length;
            if (length == 0) throw new HeadChunkCorruptionException(path, index, "file is empty");
            map = MemoryMappedFile.CreateFromFile(stream, null, 0, MemoryMappedFileAccess.Read, HandleInheritability.None, leaveOpen: false);
            var view = map.CreateViewAccessor(0, 0, MemoryMappedFileAccess.Read);
            return new MappedHeadChunkFile(index, path, length, map, view);
        }
        catch
        {
            if (map is null) stream.Dispose();
            else map.Dispose();
            throw;
        }
    }

    public void Read(long offset, Span<byte> destination)
    {
        if (offset < 0 || offset > Length - destination.Length) throw new ArgumentOutOfRangeException(nameof(offset), offset, $"past the end of {Path} ({Length} bytes)");
        _bytes.ReadSpan((ulong)offset, destination);
    }

    public void Dispose()
    {
        _view.Dispose();
        _map.Dispose();
    }
}
