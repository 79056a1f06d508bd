namespace MetricsServer.Discovery.FileSd;

/// <summary>A file_sd target file that is not a valid list of target groups; the message says where and why.</summary>
public sealed class FileSdFormatException : Exception
{
    public FileSdFormatException() { }

    public FileSdFormatException(string message) : base(message) { }

    public FileSdFormatException(string message, Exception innerException) : base(message, innerException) { }
}
