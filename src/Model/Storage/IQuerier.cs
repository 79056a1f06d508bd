using MetricsServer.Model.Labels;

namespace MetricsServer.Model.Storage;

/// <summary>
/// A read view of a storage over a fixed time range. Not thread-safe: one querier serves one query. Series sets it
/// returns stay valid until the querier is disposed.
/// </summary>
public interface IQuerier : IDisposable
{
    /// <summary>
    /// The series matching all <paramref name="matchers"/>, lazily. With <paramref name="sortSeries"/> they come in
    /// label-set order (name by name, ordinal); otherwise in any order. Each matcher must be satisfiable by some
    /// non-empty value set; a set of matchers that all match the empty string selects nothing, as in Prometheus.
    /// </summary>
    ISeriesSet Select(bool sortSeries, SelectHints? hints, params Matcher[] matchers);

    /// <summary>The sorted distinct values of label <paramref name="name"/> among series matching <paramref name="matchers"/> (all series when none).</summary>
    IReadOnlyList<string> LabelValues(string name, params Matcher[] matchers);

    /// <summary>The sorted distinct label names among series matching <paramref name="matchers"/> (all series when none).</summary>
    IReadOnlyList<string> LabelNames(params Matcher[] matchers);
}
