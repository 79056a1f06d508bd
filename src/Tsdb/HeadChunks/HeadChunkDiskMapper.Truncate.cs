namespace MetricsServer.Tsdb.HeadChunks;

public sealed partial class HeadChunkDiskMapper
{
    /// <summary>
    /// Deletes the complete files with a sequence number below <paramref name="firstFileToKeep"/>: the head calls this
    /// with the file of the oldest chunk it still references. The file being written is never deleted (call
    /// <see cref="CutNewFile"/> first to let it go). Reads of a deleted file that are already copying finish; later
    /// ones throw <see cref="ArgumentOutOfRangeException"/>.
    /// </summary>
    /// <returns>The number of files deleted.</returns>
    public int Truncate(int firstFileToKeep)
    {
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var files = _sealed.Files;
            var drop = 0;
            while (drop < files.Length && files[drop].Index < firstFileToKeep) drop++;
            if (drop == 0) return 0;
            _sealed = new SealedFiles(files[drop..]);
            for (var i = 0; i < drop; i++) Delete(files[i]);
            return drop;
        }
    }

    /// <summary>
    /// Deletes the file <paramref name="fileIndex"/> and every later one, the file being written included: what replay
    /// does after <see cref="IterateAllChunks"/> reported corruption there (the WAL still holds those samples). New
    /// chunks then continue the sequence from <paramref name="fileIndex"/>, so references into the deleted files
    /// must be dropped before writing again.
    /// </summary>
    /// <returns>The number of files deleted.</returns>
    public int DeleteFilesFrom(int fileIndex)
    {
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var deleted = 0;
            if (_active is { } active && active.Index >= fileIndex)
            {
                active.Dispose();
                File.Delete(active.Path);
                _active = null;
                deleted++;
            }
            var files = _sealed.Files;
            var keep = 0;
            while (keep < files.Length && files[keep].Index < fileIndex) keep++;
            if (keep < files.Length)
            {
                _sealed = new SealedFiles(files[..keep]);
                for (var i = keep; i < files.Length; i++) Delete(files[i]);
                deleted += files.Length - keep;
            }
            var last = _active?.Index ?? (keep > 0 ? files[keep - 1].Index : 0);
            if (deleted > 0) _nextIndex = Math.Max(last + 1, Math.Min(_nextIndex, fileIndex));
            return deleted;
        }
    }

    // The file is already unpublished: the mapping goes once in-flight copies finish, and Linux keeps the inode
    // until then.
    private static void Delete(MappedHeadChunkFile file)
    {
        file.Dispose();
        File.Delete(file.Path);
    }
}
