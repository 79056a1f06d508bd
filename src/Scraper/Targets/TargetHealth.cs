namespace MetricsServer.Scraper.Targets;

/// <summary>A target's health as the targets API reports it: <c>up</c>, <c>down</c> or <c>unknown</c> before the first scrape.</summary>
public enum TargetHealth
{
    Unknown,
    Up,
    Down,
}
