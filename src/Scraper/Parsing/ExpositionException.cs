namespace MetricsServer.Scraper.Parsing;

/// <summary>
/// Malformed exposition input. <see cref="Line"/> and <see cref="Column"/> are 1-based and count bytes within the line;
/// both are 0 when the problem is not tied to a place in the body (for example an unsupported Content-Type).
/// </summary>
public sealed class ExpositionException : Exception
{
    public ExpositionException()
    {
    }

    public ExpositionException(string message)
        : base(message)
    {
    }

    public ExpositionException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public ExpositionException(int line, int column, string message)
        : base(message)
    {
        Line = line;
        Column = column;
    }

    public int Line { get; }

    public int Column { get; }
}
