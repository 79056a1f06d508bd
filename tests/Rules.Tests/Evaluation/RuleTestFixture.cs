using MetricsServer.Model.Labels;
using MetricsServer.Model.Storage;
using MetricsServer.Query.Engine;
using MetricsServer.Rules.Evaluation;
using MetricsServer.Rules.Loading;
using MetricsServer.Tsdb;
using Microsoft.Extensions.Time.Testing;

namespace MetricsServer.Rules.Tests.Evaluation;

/// <summary>A head as storage, a fake clock, a recording notifier, and a rule manager over them.</summary>
internal sealed class RuleTestFixture : IAsyncDisposable
{
    public static readonly DateTimeOffset Start = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public RuleTestFixture(Head? head = null, FakeTimeProvider? clock = null)
    {
        Head = head ?? new Head(new HeadOptions(), new HeadMetrics(Prometheus.Metrics.NewCustomRegistry()));
        Clock = clock ?? new FakeTimeProvider(Start);
        Registry = Prometheus.Metrics.NewCustomRegistry();
        Options = new RuleManagerOptions
        {
            Engine = new PromQLEngine(new EngineOptions()),
            Queryable = Head,
            Appendable = Head,
            Metrics = new RuleMetrics(Registry),
            Clock = Clock,
            Notifier = Notifier,
        };
        Manager = new RuleManager(Options);
        Context = new RuleEvalContext { Engine = Options.Engine, Queryable = Head, ExternalUrl = new Uri("http://prom.example:9090/") };
    }

    public Head Head { get; }
    public FakeTimeProvider Clock { get; }
    public Prometheus.CollectorRegistry Registry { get; }
    public RuleManagerOptions Options { get; }
    public RuleManager Manager { get; }
    public RuleEvalContext Context { get; }
    public RecordingNotifier Notifier { get; } = new();

    public void Add(LabelSet labels, DateTimeOffset t, double v)
    {
        var app = Head.Appender();
        var r = SeriesRef.None;
        app.Append(ref r, labels, t.ToUnixTimeMilliseconds(), v);
        app.Commit();
    }

    /// <summary>A group built from rule-file text, not started: tests call Evaluate at chosen times.</summary>
    public RuleGroup Group(string yaml, bool shouldRestore = false, TimeSpan? interval = null)
    {
        var def = Assert.Single(RuleFileLoader.Parse(yaml, "test.yml"));
        return new RuleGroup(def, interval ?? def.Interval ?? TimeSpan.FromMinutes(1), def.QueryOffset ?? TimeSpan.Zero, Context, Options, shouldRestore);
    }

    public IReadOnlyList<(long T, double V)> Samples(LabelSet labels, DateTimeOffset from, DateTimeOffset to)
    {
        using var q = Head.Querier(from.ToUnixTimeMilliseconds(), to.ToUnixTimeMilliseconds());
        var matchers = labels.Select(l => Matcher.Equal(l.Name, l.Value)).ToArray();
        var set = q.Select(false, null, matchers);
        var result = new List<(long, double)>();
        while (set.MoveNext())
        {
            if (!set.Current.Labels.Equals(labels)) continue;
            var it = set.Current.Iterator();
            while (it.Next() == ValueKind.Float) result.Add(it.At());
        }
        return result;
    }

    public async ValueTask DisposeAsync() => await Manager.DisposeAsync();
}

internal sealed class RecordingNotifier : INotifier
{
    private readonly Lock _lock = new();
    private readonly List<NotifierAlert> _sent = [];

    public IReadOnlyList<NotifierAlert> Sent
    {
        get
        {
            lock (_lock) return [.. _sent];
        }
    }

    public void Send(IReadOnlyList<NotifierAlert> alerts)
    {
        lock (_lock) _sent.AddRange(alerts);
    }
}
