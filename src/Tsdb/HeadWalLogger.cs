using MetricsServer.Model.Storage;
using MetricsServer.Tsdb.Wal;

namespace MetricsServer.Tsdb;

/// <summary>
/// Writes an append batch to the head's WAL: new series first, then the samples, then changed metadata, so that a
/// replay meets every series record before the samples that refer to it. Records are capped in size so that a huge
/// commit does not need one huge buffer.
/// </summary>
internal static class HeadWalLogger
{
    private const int SeriesPerRecord = 1000;
    private const int SamplesPerRecord = 10000;

    /// <summary>Logs the batch's new series (also on rollback: the series exist in memory whatever happens).</summary>
    public static void LogSeries(WriteAheadLog wal, AppendBatch batch)
    {
        var created = batch.NewSeries;
        if (created.Count == 0) return;
        var refs = new RefSeries[Math.Min(created.Count, SeriesPerRecord)];
        for (var start = 0; start < created.Count; start += SeriesPerRecord)
        {
            var n = Math.Min(SeriesPerRecord, created.Count - start);
            for (var i = 0; i < n; i++)
            {
                var s = created[start + i];
                refs[i] = new RefSeries(new SeriesRef(s.Ref), s.Labels);
            }
            var record = batch.Record;
            WalRecordEncoder.Series(refs.AsSpan(0, n), record);
            wal.Log(record.WrittenSpan);
        }
    }

    /// <summary>Logs the whole batch and flushes it to the file, so that it survives the process being killed.</summary>
    public static void LogCommit(WriteAheadLog wal, AppendBatch batch)
    {
        LogSeries(wal, batch);
        var samples = batch.Samples;
        if (samples.Length > 0)
        {
            var refs = batch.RefSamples(Math.Min(samples.Length, SamplesPerRecord));
            for (var start = 0; start < samples.Length; start += SamplesPerRecord)
            {
                var n = Math.Min(SamplesPerRecord, samples.Length - start);
                for (var i = 0; i < n; i++)
                {
                    ref readonly var p = ref samples[start + i];
                    refs[i] = new RefSample(new SeriesRef(p.Series.Ref), p.T, p.V);
                }
                var record = batch.Record;
                WalRecordEncoder.Samples(refs.AsSpan(0, n), record);
                wal.Log(record.WrittenSpan);
            }
        }
        if (batch.Metadata.Count > 0)
        {
            var metadata = new List<RefMetadata>(batch.Metadata.Count);
            foreach (var (s, m) in batch.Metadata)
            {
                // Only changes are logged, as Prometheus does: a scrape re-reports unchanged metadata every time.
                if (!Equals(s.Metadata, m)) metadata.Add(new RefMetadata(new SeriesRef(s.Ref), m.Type, m.Unit, m.Help));
            }
            if (metadata.Count > 0)
            {
                var record = batch.Record;
                WalRecordEncoder.Metadata(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(metadata), record);
                wal.Log(record.WrittenSpan);
            }
        }
        wal.Flush();
    }
}
