using MetricsServer.Model.Labels;
using MetricsServer.Model.Storage;
using MetricsServer.Remote.Protocol;
using MatchType = MetricsServer.Model.Labels.MatchType;

namespace MetricsServer.Remote.Read;

/// <summary>
/// A querier over one <c>remote_read</c> endpoint for a fixed time range, as Prometheus's: a selection lacking any
/// of <c>required_matchers</c> (as equality matchers) is not sent; with <c>filter_external_labels</c> each external
/// label the selection does not constrain is added as an equality matcher and removed from the answer. A failed
/// read is a warning and no series, as for Prometheus's secondary queriers, so that a remote outage does not fail
/// local queries. Label names and values are not asked of the remote (remote read 0.1.0 has no such call).
/// </summary>
public sealed class RemoteReadQuerier : IQuerier
{
    private readonly RemoteReadClient _client;
    private readonly RemoteReadClientOptions _options;
    private readonly long _minTimeMs;
    private readonly long _maxTimeMs;
    private readonly CancellationToken _cancellationToken;

    public RemoteReadQuerier(RemoteReadClient client, RemoteReadClientOptions options, long minTimeMs, long maxTimeMs, CancellationToken cancellationToken = default)
    {
        _client = client;
        _options = options;
        _minTimeMs = minTimeMs;
        _maxTimeMs = maxTimeMs;
        _cancellationToken = cancellationToken;
    }

    public ISeriesSet Select(bool sortSeries, SelectHints? hints, params Matcher[] matchers)
    {
        ArgumentNullException.ThrowIfNull(matchers);
        foreach (var required in _options.RequiredMatchers)
        {
            if (!Array.Exists(matchers, m => m.Type == MatchType.Equal && m.Name == required.Name && m.Value == required.Value)) return new RemoteSeriesSet([], []);
        }
        var query = new Query { StartTimestampMs = _minTimeMs, EndTimestampMs = _maxTimeMs };
        foreach (var m in matchers) query.Matchers.Add(ToProto(m));
        var added = new HashSet<string>(StringComparer.Ordinal);
        if (_options.FilterExternalLabels)
        {
            foreach (var l in _options.ExternalLabels)
            {
                if (Array.Exists(matchers, m => m.Name == l.Name)) continue;
                query.Matchers.Add(new LabelMatcher { Type = LabelMatcher.Types.Type.Eq, Name = l.Name, Value = l.Value });
                added.Add(l.Name);
            }
        }
        if (hints is not null)
            query.Hints = new ReadHints { StartMs = hints.StartMs, EndMs = hints.EndMs, StepMs = hints.StepMs, Func = hints.Function ?? "", RangeMs = hints.RangeMs };
        QueryResult result;
        try
        {
            // The querier seam is synchronous; the query engine calls it from a worker thread.
            result = _client.ReadAsync(query, _cancellationToken).GetAwaiter().GetResult();
        }
        catch (Exception e) when (e is RemoteProtocolException or HttpRequestException or OperationCanceledException or IOException)
        {
            return RemoteSeriesSet.Warning($"remote_read {_options.Name}: {e.Message}");
        }
        var series = new List<ISeries>(result.Timeseries.Count);
        foreach (var ts in result.Timeseries)
        {
            var labels = ProtoLabels.ToLabelSet(ts.Labels, out _, requireMetricName: false);
            if (labels is null) continue;
            if (added.Count > 0)
            {
                var builder = labels.ToBuilder();
                foreach (var name in added) builder.Delete(name);
                labels = builder.ToLabelSet();
            }
            var t = new long[ts.Samples.Count];
            var v = new double[ts.Samples.Count];
            for (var i = 0; i < t.Length; i++)
            {
                t[i] = ts.Samples[i].Timestamp;
                v[i] = ts.Samples[i].Value;
            }
            series.Add(new RemoteSeries(labels, t, v));
        }
        if (sortSeries) series.Sort(static (a, b) => LabelSetComparer.Instance.Compare(a.Labels, b.Labels));
        return new RemoteSeriesSet(series, []);
    }

    public IReadOnlyList<string> LabelValues(string name, params Matcher[] matchers) => [];

    public IReadOnlyList<string> LabelNames(params Matcher[] matchers) => [];

    public void Dispose()
    {
    }

    private static LabelMatcher ToProto(Matcher m) => new()
    {
        Name = m.Name,
        Value = m.Value,
        Type = m.Type switch
        {
            MatchType.Equal => LabelMatcher.Types.Type.Eq,
            MatchType.NotEqual => LabelMatcher.Types.Type.Neq,
            MatchType.Regex => LabelMatcher.Types.Type.Re,
            _ => LabelMatcher.Types.Type.Nre,
        },
    };
}
