using MetricsServer.Tsdb.Blocks;

namespace MetricsServer.Tsdb;

/// <summary>
/// An open block shared by the database and the queriers reading it. Reference-counted: the database holds one
/// reference while the block is loaded, each querier one while it reads; the block's files are closed (and, when
/// the block was dropped by compaction or retention, its directory deleted) when the last reference goes.
/// </summary>
internal sealed class BlockHandle(BlockReader reader)
{
    private int _references = 1;
    private volatile bool _deleteOnClose;

    public BlockReader Reader { get; } = reader;

    public BlockMeta Meta => Reader.Meta;

    /// <summary>The block's size on disk, measured when it was opened (blocks do not grow; tombstones are tiny).</summary>
    public long Bytes { get; } = Compaction.RetentionPolicy.DirectorySizeBytes(reader.Directory);

    /// <summary>Takes a reference unless the block is already closed.</summary>
    public bool TryAcquire()
    {
        while (true)
        {
            var current = Volatile.Read(ref _references);
            if (current == 0) return false;
            if (Interlocked.CompareExchange(ref _references, current + 1, current) == current) return true;
        }
    }

    public void Release()
    {
        if (Interlocked.Decrement(ref _references) != 0) return;
        Reader.Dispose();
        if (_deleteOnClose) DeleteDirectory(Reader.Directory);
    }

    /// <summary>Drops the database's reference; the directory goes once no querier reads the block any more.</summary>
    public void Unload(bool delete)
    {
        _deleteOnClose = delete;
        Release();
    }

    /// <summary>Deletes a block directory by renaming it first, so that a crash halfway never leaves a partial block under a block's name.</summary>
    public static void DeleteDirectory(string directory)
    {
        if (!Directory.Exists(directory)) return;
        var doomed = directory + Db.DeletionSuffix;
        if (Directory.Exists(doomed)) Directory.Delete(doomed, recursive: true);
        Directory.Move(directory, doomed);
        Directory.Delete(doomed, recursive: true);
    }
}
