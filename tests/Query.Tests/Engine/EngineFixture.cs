using MetricsServer.Model.Labels;
using MetricsServer.Model.Storage;
using MetricsServer.Query.Ast;
using MetricsServer.Query.Engine;
using MetricsServer.Query.Parsing;
using MetricsServer.Tsdb;

namespace MetricsServer.Query.Tests.Engine;

/// <summary>
/// A head loaded with small hand-made series (timestamps in seconds below, every minute from 0 to 10 minutes):
/// <c>http_requests{job="api",instance="a"}</c> = 10/min, <c>{instance="b"}</c> = 20/min, a counter with a reset,
/// a series that goes stale, a lone old sample, and classic histogram buckets.
/// </summary>
internal static class EngineFixture
{
    public static Head CreateHead(Action<IAppender>? extra = null)
    {
        var head = new Head(new HeadOptions(), new HeadMetrics(Prometheus.Metrics.NewCustomRegistry()));
        var app = head.Appender();
        for (var i = 0; i <= 10; i++)
        {
            Add(app, LabelSet.FromStrings("__name__", "http_requests", "job", "api", "instance", "a"), i * 60, i * 10);
            Add(app, LabelSet.FromStrings("__name__", "http_requests", "job", "api", "instance", "b"), i * 60, i * 20);
        }
        // A counter that resets between 120s and 180s.
        var c = LabelSet.FromStrings("__name__", "counter", "job", "api");
        Add(app, c, 60, 5);
        Add(app, c, 120, 10);
        Add(app, c, 180, 2);
        Add(app, c, 240, 6);
        var stale = LabelSet.FromStrings("__name__", "stale_metric");
        Add(app, stale, 0, 1);
        Add(app, stale, 60, 2);
        Add(app, stale, 120, StaleMarker.Value);
        Add(app, LabelSet.FromStrings("__name__", "lone"), 0, 1);
        Add(app, LabelSet.FromStrings("__name__", "bucket", "le", "1"), 0, 50);
        Add(app, LabelSet.FromStrings("__name__", "bucket", "le", "2"), 0, 100);
        Add(app, LabelSet.FromStrings("__name__", "bucket", "le", "+Inf"), 0, 100);
        Add(app, LabelSet.FromStrings("__name__", "broken_bucket", "le", "1"), 0, 60);
        Add(app, LabelSet.FromStrings("__name__", "broken_bucket", "le", "2"), 0, 50);
        Add(app, LabelSet.FromStrings("__name__", "broken_bucket", "le", "+Inf"), 0, 100);
        extra?.Invoke(app);
        app.Commit();
        return head;
    }

    public static void Add(IAppender app, LabelSet labels, long seconds, double value)
    {
        var r = SeriesRef.None;
        var result = app.Append(ref r, labels, seconds * 1000, value);
        if (result != AppendResult.Ok) throw new InvalidOperationException($"append {labels}@{seconds}: {result}");
    }

    public static QueryResult Instant(string query, long seconds, EngineOptions? options = null, Head? head = null)
    {
        head ??= CreateHead();
        var engine = new PromQLEngine(options ?? new EngineOptions());
        return engine.Instant(head, PromQLParser.Parse(query), seconds * 1000, CancellationToken.None);
    }

    public static QueryResult Range(string query, long startSeconds, long endSeconds, long stepSeconds)
    {
        var engine = new PromQLEngine(new EngineOptions());
        return engine.Range(CreateHead(), PromQLParser.Parse(query), startSeconds * 1000, endSeconds * 1000, stepSeconds * 1000, CancellationToken.None);
    }

    /// <summary>The vector as "labels => value" strings sorted, for order-free comparison.</summary>
    public static string[] Render(QueryResult r)
    {
        Assert.Equal(Ast.ValueType.Vector, r.Type);
        var lines = new List<string>();
        foreach (var s in r.Vector) lines.Add($"{s.Metric} => {s.F.ToString("R", System.Globalization.CultureInfo.InvariantCulture)}");
        lines.Sort(StringComparer.Ordinal);
        return [.. lines];
    }

    public static double Single(QueryResult r)
    {
        Assert.Equal(Ast.ValueType.Vector, r.Type);
        return Assert.Single(r.Vector).F;
    }

    public static Expr Parse(string q) => PromQLParser.Parse(q);
}
