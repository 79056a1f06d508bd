namespace MetricsServer.Tsdb;

/// <summary>
/// The <c>lock</c> file in a data directory, held with an exclusive OS lock (flock on Linux, as Prometheus does) for
/// the life of the database, so that a second server on the same directory fails at start instead of corrupting it.
/// A lock file left by a killed process is not a problem: the OS lock went with the process.
/// </summary>
public sealed class DirectoryLock : IDisposable
{
    public const string FileName = "lock";

    private readonly FileStream _file;

    private DirectoryLock(FileStream file) => _file = file;

    /// <exception cref="IOException">Another process holds the lock; the message says so and names the directory.</exception>
    public static DirectoryLock Acquire(string directory)
    {
        var path = Path.Combine(directory, FileName);
        try
        {
            // FileShare.None takes an exclusive advisory lock on Unix, released when the handle closes or the process dies.
            return new DirectoryLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
        }
        catch (IOException e)
        {
            throw new IOException(
                $"lock DB directory: {path} is locked by another process; is another server (ours or Prometheus) using the data directory {directory}? ({e.Message})", e);
        }
    }

    public void Dispose()
    {
        _file.Dispose();
    }
}
