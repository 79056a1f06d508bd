using MetricsServer.Config;

namespace MetricsServer.Discovery.Tests;

/// <summary>Makes one <see cref="FakeDiscoverer"/> per static config entry and remembers what it made per job.</summary>
internal sealed class FakeDiscovererFactory : IDiscovererFactory
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, List<IReadOnlyList<FakeDiscoverer>>> _created = [];

    /// <summary>When set, the discoverers this makes for that job throw on start.</summary>
    public string? FailingJob { get; set; }

    public IReadOnlyList<IDiscoverer> Create(ScrapeConfig config)
    {
        var made = new List<FakeDiscoverer>();
        foreach (var _ in config.StaticConfigs) made.Add(new FakeDiscoverer { Fail = config.JobName == FailingJob });
        lock (_lock)
        {
            if (!_created.TryGetValue(config.JobName, out var calls)) _created[config.JobName] = calls = [];
            calls.Add(made);
        }
        return made;
    }

    /// <summary>The discoverers made for <paramref name="job"/> by each call, oldest first.</summary>
    public IReadOnlyList<IReadOnlyList<FakeDiscoverer>> CreatedFor(string job)
    {
        lock (_lock) return _created.TryGetValue(job, out var calls) ? [.. calls] : [];
    }

    /// <summary>The discoverers of the latest call for <paramref name="job"/>.</summary>
    public IReadOnlyList<FakeDiscoverer> Latest(string job) => CreatedFor(job)[^1];
}
