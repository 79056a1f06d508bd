namespace MetricsServer.Scraper;

/// <summary>A scrape that failed as a whole (a limit exceeded, a bad status); the message is the target's lastError.</summary>
public sealed class ScrapeFailedException : Exception
{
    public ScrapeFailedException(string message) : base(message) { }

    public ScrapeFailedException(string message, Exception inner) : base(message, inner) { }

    public ScrapeFailedException() { }
}
