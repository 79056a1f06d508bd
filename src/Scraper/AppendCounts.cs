namespace MetricsServer.Scraper;

/// <summary>Per-scrape sample counts, reported as <c>scrape_samples_scraped</c> and friends.</summary>
public record struct AppendCounts(long Scraped, long PostRelabeling, long SeriesAdded, long OutOfOrder, long Duplicate, long OutOfBounds);
