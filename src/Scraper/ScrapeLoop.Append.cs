using MetricsServer.Model.Labels;
using MetricsServer.Model.Storage;
using MetricsServer.Relabel;
using MetricsServer.Scraper.Parsing;

namespace MetricsServer.Scraper;

public sealed partial class ScrapeLoop
{
    private const string ExportedPrefix = "exported_";

    /// <summary>The loop's own parser for the response's format, so that parsers are reused from scrape to scrape.</summary>
    private ExpositionParser ParserFor(string? contentType) =>
        ExpositionFormat.IsOpenMetrics(contentType, Options.FallbackProtocol)
            ? _openMetricsParser ??= new OpenMetricsParser()
            : _textParser ??= new PrometheusTextParser { DeferLabelValidation = true };

    /// <summary>
    /// Parses a scraped body and appends it as one batch. Any failure (malformed line, limit exceeded) rolls the
    /// whole batch back, so nothing of a failed scrape is stored.
    /// </summary>
    internal AppendCounts Append(ReadOnlyMemory<byte> body, string? contentType, long timestampMs)
    {
        var parser = ParserFor(contentType);
        var appender = _storage.Appender();
        var counts = default(AppendCounts);
        _cache.BeginIteration();
        _metadata.Begin();
        var iteration = _cache.Iteration;
        try
        {
            parser.Reset(body);
            while (true)
            {
                var kind = parser.Next();
                if (kind == EntryKind.EndOfInput) break;
                switch (kind)
                {
                    case EntryKind.Type:
                        _metadata.SetType(parser.MetricFamily, parser.Type);
                        continue;
                    case EntryKind.Help:
                        _metadata.SetHelp(parser.MetricFamily, parser.HelpText);
                        continue;
                    case EntryKind.Unit:
                        _metadata.SetUnit(parser.MetricFamily, parser.UnitText);
                        continue;
                    case EntryKind.Series:
                        break;
                    default:
                        continue;
                }
                counts.Scraped++;
                var explicitTs = parser.TimestampMs;
                var t = explicitTs is { } ts && Options.HonorTimestamps ? ts : timestampMs;
                LabelSet? newLabels = null;
                if (!_cache.TryGet(parser.SeriesKey, out var entry))
                {
                    newLabels = SampleLabels(parser);
                    entry = _cache.Add(parser.SeriesKey, dropped: newLabels is null);
                    if (newLabels is not null) counts.SeriesAdded++;
                }
                entry.LastSeen = iteration;
                if (entry.Dropped) continue;
                entry.HasExplicitTimestamp = explicitTs.HasValue && Options.HonorTimestamps && !Options.TrackTimestampsStaleness;
                counts.PostRelabeling++;
                if (Options.SampleLimit > 0 && counts.PostRelabeling > Options.SampleLimit)
                {
                    _metrics.ExceededSampleLimit.Inc();
                    throw new ScrapeFailedException("sample limit exceeded");
                }
                var result = appender.Append(ref entry.Ref, newLabels ?? LabelSet.Empty, t, parser.Value);
                if (result == AppendResult.InvalidSeries && newLabels is null)
                {
                    // The storage no longer knows the cached ref (it dropped the series): resolve it by labels again.
                    entry.Ref = SeriesRef.None;
                    result = appender.Append(ref entry.Ref, SampleLabels(parser) ?? LabelSet.Empty, t, parser.Value);
                }
                switch (result)
                {
                    case AppendResult.OutOfOrder: counts.OutOfOrder++; break;
                    case AppendResult.Duplicate: counts.Duplicate++; break;
                    case AppendResult.OutOfBounds or AppendResult.TooOld: counts.OutOfBounds++; break;
                }
            }
            var sink = new StaleAppender(appender, timestampMs);
            _cache.EndIteration(ref sink);
            appender.Commit();
        }
        catch
        {
            appender.Rollback();
            throw;
        }
        if (_metadata.End() is { } snapshot) Target.SetMetadata(snapshot);
        if (counts.OutOfOrder > 0) _metrics.SampleOutOfOrder.Inc(counts.OutOfOrder);
        if (counts.Duplicate > 0) _metrics.SampleDuplicate.Inc(counts.Duplicate);
        if (counts.OutOfBounds > 0) _metrics.SampleOutOfBounds.Inc(counts.OutOfBounds);
        return counts;
    }

    /// <summary>
    /// The final labels of a series seen for the first time: the scraped labels merged with the target's by
    /// <c>honor_labels</c>, then <c>metric_relabel_configs</c>, then the label limits. Null when relabeling dropped it.
    /// </summary>
    private LabelSet? SampleLabels(ExpositionParser parser)
    {
        var b = _builder.Reset();
        parser.Labels(b);
        foreach (var l in Target.PublicLabels)
        {
            var scraped = b.Get(l.Name);
            if (Options.HonorLabels)
            {
                if (scraped.Length == 0) b.Set(l.Name, l.Value);
                continue;
            }
            if (scraped.Length > 0)
            {
                var exported = ExportedPrefix + l.Name;
                while (b.Has(exported)) exported = ExportedPrefix + exported;
                b.Set(exported, scraped);
            }
            b.Set(l.Name, l.Value);
        }
        if (!Relabeler.Process(b, Options.MetricRelabelRules)) return null;
        var labels = b.ToLabelSet();
        if (labels.Count == 0) return null;
        CheckLabelLimits(labels);
        return labels;
    }

    private void CheckLabelLimits(LabelSet labels)
    {
        if (Options.LabelLimit > 0 && labels.Count > Options.LabelLimit)
        {
            _metrics.ExceededLabelLimits.Inc();
            throw new ScrapeFailedException($"label_limit exceeded (metric: {labels.MetricName}, number of labels: {labels.Count}, limit: {Options.LabelLimit})");
        }
        foreach (var l in labels)
        {
            if (Options.LabelNameLengthLimit > 0 && l.Name.Length > Options.LabelNameLengthLimit)
            {
                _metrics.ExceededLabelLimits.Inc();
                throw new ScrapeFailedException($"label_name_length_limit exceeded (metric: {labels.MetricName}, label name: {l.Name}, length: {l.Name.Length}, limit: {Options.LabelNameLengthLimit})");
            }
            if (Options.LabelValueLengthLimit > 0 && l.Value.Length > Options.LabelValueLengthLimit)
            {
                _metrics.ExceededLabelLimits.Inc();
                throw new ScrapeFailedException($"label_value_length_limit exceeded (metric: {labels.MetricName}, label name: {l.Name}, value: \"{l.Value}\", length: {l.Value.Length}, limit: {Options.LabelValueLengthLimit})");
            }
        }
    }

    /// <summary>Appends a staleness marker per series handed to it.</summary>
    private readonly struct StaleAppender(IAppender appender, long timestampMs) : ScrapeCache.IStaleSink
    {
        public void Stale(ScrapeCache.Entry entry) => appender.Append(ref entry.Ref, LabelSet.Empty, timestampMs, StaleMarker.Value);
    }
}
