using MetricsServer.Model.Labels;
using MetricsServer.Model.Storage;
using MetricsServer.Tsdb;

namespace MetricsServer.Query.Tests.PromqlTest;

/// <summary>
/// Applies a script's <c>load</c> and <c>clear</c> commands to an in-memory <see cref="Tsdb.Head"/>: sample i of a
/// series is appended at i × step ms, <c>_</c> appends nothing, <c>stale</c> appends Prometheus's stale NaN. One
/// appender per load command, committed at its end. Histograms go through AppendHistogram; what the head refuses is
/// counted in <see cref="Stats"/>, not thrown.
/// </summary>
public sealed class ScriptLoader
{
    public ScriptLoader() => Head = NewHead();

    /// <summary>The storage the next query runs against; replaced by <c>clear</c>.</summary>
    public Head Head { get; private set; }

    public LoadStats Stats { get; } = new();

    /// <summary>Applies a load or clear; other commands are ignored.</summary>
    public void Apply(ScriptCommand command)
    {
        switch (command)
        {
            case ClearCommand:
                Head = NewHead();
                break;
            case LoadCommand load:
                Load(load);
                break;
        }
    }

    private void Load(LoadCommand load)
    {
        var stepMs = (long)load.Step.TotalMilliseconds;
        var app = Head.Appender();
        // Prometheus's harness keys a load's series by labels: a later line for the same series replaces an earlier one.
        var lastDefinition = new Dictionary<LabelSet, LoadSeries>();
        foreach (var s in load.Series) lastDefinition[s.Labels] = s;
        foreach (var s in load.Series)
        {
            if (!ReferenceEquals(lastDefinition[s.Labels], s)) continue;
            var reference = SeriesRef.None;
            for (var i = 0; i < s.Values.Count; i++)
            {
                if (s.Values[i] is not { } v) continue;
                var t = i * stepMs;
                AppendResult r;
                if (v.Histogram is not null)
                {
                    r = app.AppendHistogram(ref reference, s.Labels, t, v.Histogram);
                    if (r == AppendResult.Unsupported)
                    {
                        Stats.HistogramsSkipped++;
                        continue;
                    }
                }
                else
                {
                    r = app.Append(ref reference, s.Labels, t, v.Float);
                    if (r == AppendResult.Ok)
                    {
                        if (v.IsStale) Stats.StaleMarkers++;
                        else Stats.FloatSamples++;
                    }
                }
                if (r != AppendResult.Ok)
                {
                    Stats.Rejected[r] = Stats.Rejected.TryGetValue(r, out var c) ? (c.Count + 1, c.FirstLine) : (1, s.Line);
                    // A rejected series ref would be wrong for the next sample.
                    reference = SeriesRef.None;
                }
            }
        }
        foreach (var s in load.StartTimestamps) Stats.StartTimestampsSkipped += s.Values.Count(v => v is not null);
        app.Commit();
    }

    // A small stripe count: scripts hold a few dozen series, and clear creates a new head each time.
    private static Head NewHead() =>
        new(new HeadOptions { StripeSize = 16 }, new HeadMetrics(Prometheus.Metrics.NewCustomRegistry()));
}
