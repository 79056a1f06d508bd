using System.Buffers;
using System.IO.MemoryMappedFiles;

namespace MetricsServer.Tsdb.Blocks;

/// <summary>
/// A read-only file mapped into memory and exposed as <see cref="Memory{T}"/>, so that a block's index is read from
/// the OS page cache instead of being copied onto the managed heap. Valid until disposed; the block that owns it
/// disposes it only when no querier reads the block any more (see the database's block handles).
/// </summary>
internal sealed unsafe class MappedFileMemory : MemoryManager<byte>
{
    private readonly MemoryMappedFile? _file;
    private readonly MemoryMappedViewAccessor? _view;
    private readonly byte* _pointer;
    private readonly int _length;
    private bool _disposed;

    public MappedFileMemory(string path)
    {
        var length = new FileInfo(path).Length;
        if (length > int.MaxValue) throw new IOException($"{path}: {length} bytes is more than this reader maps (2 GiB)");
        _length = (int)length;
        if (_length == 0) return;
        _file = MemoryMappedFile.CreateFromFile(path, FileMode.Open, mapName: null, 0, MemoryMappedFileAccess.Read);
        try
        {
            _view = _file.CreateViewAccessor(0, _length, MemoryMappedFileAccess.Read);
            byte* pointer = null;
            _view.SafeMemoryMappedViewHandle.AcquirePointer(ref pointer);
            _pointer = pointer + _view.PointerOffset;
        }
        catch
        {
            _view?.Dispose();
            _file.Dispose();
            throw;
        }
    }

    public override Span<byte> GetSpan()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _length == 0 ? [] : new Span<byte>(_pointer, _length);
    }

    public override MemoryHandle Pin(int elementIndex = 0)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return new MemoryHandle(_pointer + elementIndex);
    }

    public override void Unpin()
    {
    }

    protected override void Dispose(bool disposing)
    {
        if (_disposed) return;
        _disposed = true;
        if (_view is not null)
        {
            _view.SafeMemoryMappedViewHandle.ReleasePointer();
            _view.Dispose();
        }
        _file?.Dispose();
    }
}
