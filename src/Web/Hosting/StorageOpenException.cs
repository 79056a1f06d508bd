namespace MetricsServer.Web.Hosting;

/// <summary>The data directory could not be opened (locked by another server, unreadable block): the server exits 1.</summary>
public sealed class StorageOpenException : Exception
{
    public StorageOpenException()
    {
    }

    public StorageOpenException(string message) : base(message)
    {
    }

    public StorageOpenException(string message, Exception inner) : base(message, inner)
    {
    }
}
