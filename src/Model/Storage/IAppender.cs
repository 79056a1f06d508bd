using MetricsServer.Model.Labels;
using MetricsServer.Model.Metadata;

namespace MetricsServer.Model.Storage;

/// <summary>
/// A batch of appends. Not thread-safe: one appender belongs to one caller (a scrape, a rule evaluation, a remote
/// write request). Nothing is visible to queriers until <see cref="Commit"/>; <see cref="Rollback"/> discards the
/// batch. After either call the appender is finished and must not be used again.
/// </summary>
/// <remarks>
/// Every append takes a <see cref="SeriesRef"/> by reference: pass a cached ref (the labels are then not read and
/// may be <see cref="LabelSet.Empty"/>), or <see cref="SeriesRef.None"/> with the series' labels. On return the ref
/// holds the series' ref for the caller to cache. Labels passed in are kept by the storage; callers must not
/// mutate them (they are immutable anyway).
/// </remarks>
public interface IAppender
{
    /// <summary>Appends a float sample. Timestamps are milliseconds since the Unix epoch.</summary>
    AppendResult Append(ref SeriesRef series, LabelSet labels, long timestampMs, double value);

    /// <summary>Appends a native histogram sample.</summary>
    AppendResult AppendHistogram(ref SeriesRef series, LabelSet labels, long timestampMs, NativeHistogram histogram);

    /// <summary>Attaches an exemplar to a series that was appended in this batch or before.</summary>
    AppendResult AppendExemplar(ref SeriesRef series, LabelSet labels, in Exemplar exemplar);

    /// <summary>Records the metric metadata (type, help, unit) of a series.</summary>
    void UpdateMetadata(ref SeriesRef series, LabelSet labels, MetricMetadata metadata);

    /// <summary>Makes the batch durable (where the storage has a WAL) and visible.</summary>
    void Commit();

    /// <summary>Discards the batch.</summary>
    void Rollback();
}
