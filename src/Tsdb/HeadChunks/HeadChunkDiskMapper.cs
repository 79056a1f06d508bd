namespace MetricsServer.Tsdb.HeadChunks;

/// <summary>
/// Full head chunks on disk in Prometheus's <c>chunks_head/</c> format, so that the managed heap holds only each
/// series' open chunk. A chunk is written once, addressed by the reference <see cref="Write"/> returns (file sequence
/// number in the upper 32 bits, byte offset in the lower 32), read back by that reference, and dropped a whole file
/// at a time by <see cref="Truncate"/>.
/// </summary>
/// <remarks>
/// <para>Thread-safe. Writes, file cuts, truncation and reads of the file being written are serialised by one lock;
/// reads of complete files take no lock.</para>
/// <para>Storage: complete files are memory-mapped read-only (their bytes live in the page cache, outside the GC
/// heap). The file being written is not mapped: chunks collect in one write buffer (<see
/// cref="HeadChunkDiskMapperOptions.WriteBufferSize"/>) and are written with positioned writes when it fills. A chunk
/// is readable as soon as <see cref="Write"/> returns: a read of the file being written copies from the buffer what
/// has not been written out and reads the rest from the file, so reads never force a flush.</para>
/// <para>Reads copy: <see cref="Read"/> copies the chunk's data into a buffer the caller owns. A span into the
/// mapping would save a copy of about 150 bytes (tens of nanoseconds next to decoding 120 samples) but could outlive
/// the mapping once <see cref="Truncate"/> unmaps its file; the copy cannot, and needs no unsafe code. The copy reads
/// through the view's SafeHandle, whose reference count keeps the mapping alive for the copy's duration.</para>
/// <para>Durability: nothing is fsynced per chunk (the WAL is what makes samples durable, and replay rewrites what
/// was lost here). A file is flushed and fsynced when it is sealed, so only the newest file can end in a torn chunk;
/// <see cref="Open"/> cuts that off and reports it in <see cref="Repair"/>. Writes after <see cref="Open"/> always
/// start a new file, as Prometheus's do.</para>
/// </remarks>
public sealed partial class HeadChunkDiskMapper : IDisposable
{
    private readonly string _directory;
    private readonly HeadChunkDiskMapperOptions _options;
    private readonly Lock _lock = new();

    // Complete, mapped files, replaced as a whole on every change so that readers need no lock.
    private volatile SealedFiles _sealed;

    // Guarded by _lock.
    private ActiveHeadChunkFile? _active;
    private int _nextIndex;
    private byte[]? _writeBuffer;
    private long _chunksWritten;
    private bool _disposed;

    private HeadChunkDiskMapper(string directory, HeadChunkDiskMapperOptions options, SealedFiles files, int nextIndex, HeadChunkRepairReport repair)
    {
        _directory = directory;
        _options = options;
        _sealed = files;
        _nextIndex = nextIndex;
        Repair = repair;
    }

    /// <summary>What <see cref="Open"/> dropped from the end of the newest file; <see cref="HeadChunkRepairReport.IsEmpty"/> when nothing.</summary>
    public HeadChunkRepairReport Repair { get; }

    public string Directory => _directory;

    /// <summary>Bytes of all files on disk or in the write buffer: what size-based retention counts.</summary>
    public long Size
    {
        get
        {
            lock (_lock) return _sealed.TotalLength + (_active?.Length ?? 0);
        }
    }

    /// <summary>Chunks written since <see cref="Open"/>.</summary>
    public long ChunksWritten
    {
        get
        {
            lock (_lock) return _chunksWritten;
        }
    }

    /// <summary>The sequence numbers of the files present, oldest first (the file being written last).</summary>
    public IReadOnlyList<int> FileIndexes
    {
        get
        {
            lock (_lock)
            {
                var files = _sealed.Files;
                var indexes = new List<int>(files.Length + 1);
                foreach (var f in files) indexes.Add(f.Index);
                if (_active is not null) indexes.Add(_active.Index);
                return indexes;
            }
        }
    }

    /// <summary>
    /// Opens <paramref name="directory"/> (created when missing; usually <c>&lt;data&gt;/chunks_head</c>): checks each
    /// file's header, cuts a torn or corrupt tail off the newest file, deletes trailing files left without a chunk
    /// (see <see cref="Repair"/>), and maps the files.
    /// </summary>
    /// <exception cref="HeadChunkCorruptionException">A file other than a tail being repaired has a bad header, or the sequence has a gap.</exception>
    public static HeadChunkDiskMapper Open(string directory, HeadChunkDiskMapperOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        options ??= new HeadChunkDiskMapperOptions();
        options.Validate();
        System.IO.Directory.CreateDirectory(directory);

        var files = HeadChunkFiles.List(directory);
        var repair = HeadChunkFiles.RepairTail(files);
        foreach (var (index, path) in files) HeadChunkFiles.CheckHeader(index, path);

        var mapped = new List<MappedHeadChunkFile>(files.Count);
        try
        {
            foreach (var (index, path) in files) mapped.Add(MappedHeadChunkFile.Open(index, path));
        }
        catch
        {
            foreach (var m in mapped) m.Dispose();
            throw;
        }
        var nextIndex = files.Count == 0 ? 1 : files[^1].Index + 1;
        return new HeadChunkDiskMapper(directory, options, new SealedFiles([.. mapped]), nextIndex, repair);
    }

    /// <summary>Writes out and fsyncs the buffered chunks, then closes every file. Reads after this throw <see cref="ObjectDisposedException"/>.</summary>
    public void Dispose()
    {
        lock (_lock)
        {
            if (_disposed) return;
            _disposed = true;
            try
            {
                _active?.Sync();
            }
            finally
            {
                _active?.Dispose();
                _active = null;
                foreach (var f in _sealed.Files) f.Dispose();
                _sealed = SealedFiles.Empty;
            }
        }
    }

    private string PathOf(int index) => Path.Combine(_directory, HeadChunkFormat.FileName(index));

    /// <summary>An immutable, contiguous run of mapped files, oldest first.</summary>
    private sealed class SealedFiles(MappedHeadChunkFile[] files)
    {
        public static readonly SealedFiles Empty = new([]);

        public MappedHeadChunkFile[] Files { get; } = files;

        public long TotalLength { get; } = SumLengths(files);

        public MappedHeadChunkFile? Find(int index)
        {
            if (Files.Length == 0) return null;
            var i = (long)index - Files[0].Index;
            return i >= 0 && i < Files.Length ? Files[i] : null;
        }

        private static long SumLengths(MappedHeadChunkFile[] files)
        {
            long total = 0;
            foreach (var f in files) total += f.Length;
            return total;
        }
    }
}
