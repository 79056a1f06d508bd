using System.Buffers;
using System.Globalization;
using System.Runtime.InteropServices;
using MetricsServer.Model.Storage;

namespace MetricsServer.Tsdb.Wal;

/// <summary>
/// Checkpoints: directories <c>wal/checkpoint.NNNNNNNN</c> holding segments in the WAL's own format, that stand for
/// all WAL segments up to NNNNNNNN once those are truncated. A checkpoint is written under
/// <c>checkpoint.NNNNNNNN.tmp</c>, fsynced and renamed, so a crash never leaves a half-written one under the real name.
/// </summary>
public static class WalCheckpoint
{
    public const string Prefix = "checkpoint.";
    public const string TemporarySuffix = ".tmp";

    // Records are batched so that one stays around a megabyte at most, as Prometheus flushes them.
    private const int SeriesPerRecord = 1000;
    private const int SamplesPerRecord = 10000;

    /// <summary>The path of checkpoint <paramref name="index"/> in <paramref name="walDirectory"/>.</summary>
    public static string DirectoryPath(string walDirectory, int index) =>
        Path.Combine(walDirectory, Prefix + index.ToString("D8", CultureInfo.InvariantCulture));

    /// <summary>The newest checkpoint in <paramref name="walDirectory"/>, if any; temporary ones are ignored.</summary>
    public static bool TryFindLast(string walDirectory, out string path, out int index)
    {
        path = string.Empty;
        index = -1;
        foreach (var (p, i) in List(walDirectory))
        {
            if (i > index)
            {
                path = p;
                index = i;
            }
        }
        return index >= 0;
    }

    /// <summary>Deletes the checkpoints numbered below <paramref name="index"/>.</summary>
    public static void DeleteBefore(string walDirectory, int index)
    {
        foreach (var (p, i) in List(walDirectory))
        {
            if (i < index) Directory.Delete(p, recursive: true);
        }
    }

    /// <summary>Deletes <c>checkpoint.*.tmp</c> directories left by a crash while checkpointing.</summary>
    public static void DeleteTemporary(string walDirectory)
    {
        if (!Directory.Exists(walDirectory)) return;
        foreach (var d in Directory.EnumerateDirectories(walDirectory, Prefix + "*" + TemporarySuffix))
        {
            Directory.Delete(d, recursive: true);
        }
    }

    /// <summary>
    /// Writes checkpoint <paramref name="index"/> holding the given series, samples, tombstones and metadata, and
    /// returns its path. An existing checkpoint of that index is replaced.
    /// </summary>
    public static string Write(
        string walDirectory,
        int index,
        ReadOnlySpan<RefSeries> series,
        ReadOnlySpan<RefSample> samples,
        ReadOnlySpan<RefTombstone> tombstones = default,
        ReadOnlySpan<RefMetadata> metadata = default,
        WalCompression compression = WalCompression.None)
    {
        var buffer = new ArrayBufferWriter<byte>();
        var wal = OpenTemporary(walDirectory, index, compression, out var temporary);
        try
        {
            using (wal)
            {
                for (var i = 0; i < series.Length; i += SeriesPerRecord)
                {
                    buffer.ResetWrittenCount();
                    WalRecordEncoder.Series(series.Slice(i, Math.Min(SeriesPerRecord, series.Length - i)), buffer);
                    wal.Log(buffer.WrittenSpan);
                }
                for (var i = 0; i < samples.Length; i += SamplesPerRecord)
                {
                    buffer.ResetWrittenCount();
                    WalRecordEncoder.Samples(samples.Slice(i, Math.Min(SamplesPerRecord, samples.Length - i)), buffer);
                    wal.Log(buffer.WrittenSpan);
                }
                if (!tombstones.IsEmpty)
                {
                    buffer.ResetWrittenCount();
                    WalRecordEncoder.Tombstones(tombstones, buffer);
                    wal.Log(buffer.WrittenSpan);
                }
                if (!metadata.IsEmpty)
                {
                    buffer.ResetWrittenCount();
                    WalRecordEncoder.Metadata(metadata, buffer);
                    wal.Log(buffer.WrittenSpan);
                }
            }
            return Publish(walDirectory, index, temporary);
        }
        catch
        {
            Abandon(temporary);
            throw;
        }
    }

    /// <summary>
    /// Prometheus's truncation checkpoint: reads the newest checkpoint (if any) and WAL segments
    /// <paramref name="from"/>..<paramref name="to"/>, and writes <c>checkpoint.{to}</c> keeping the series for which
    /// <paramref name="keep"/> is true, samples, tombstones and exemplars at or after <paramref name="minTime"/>, and the
    /// latest metadata of each kept series. Records of types not decoded here (native histograms) are copied as they
    /// are. Corruption while reading throws: a checkpoint must not silently lose series.
    /// </summary>
    public static WalCheckpointStats Create(
        string walDirectory,
        int from,
        int to,
        Func<SeriesRef, bool> keep,
        long minTime,
        WalCompression compression = WalCompression.None)
    {
        ArgumentNullException.ThrowIfNull(keep);
        var ranges = new List<WalSegmentRange>(2);
        if (TryFindLast(walDirectory, out var lastPath, out var lastIndex))
        {
            if (from > lastIndex + 1)
            {
                throw new InvalidOperationException($"unexpected gap to the last checkpoint: expected segment {lastIndex + 1}, requested {from}");
            }
            from = lastIndex + 1;
            ranges.Add(new WalSegmentRange(lastPath));
        }
        ranges.Add(new WalSegmentRange(walDirectory, from, to));

        var stats = new WalCheckpointStats();
        var decoder = new WalRecordDecoder();
        var buffer = new ArrayBufferWriter<byte>();
        var series = new List<RefSeries>();
        var samples = new List<RefSample>();
        var tombstones = new List<RefTombstone>();
        var exemplars = new List<RefExemplar>();
        var metadata = new List<RefMetadata>();
        var latestMetadata = new Dictionary<SeriesRef, RefMetadata>();

        var wal = OpenTemporary(walDirectory, to, compression, out var temporary);
        try
        {
            using (wal)
            {
                using var reader = WalReader.Open(ranges.ToArray());
                while (reader.Next())
                {
                    var record = reader.Record;
                    buffer.ResetWrittenCount();
                    try
                    {
                        switch (WalRecordDecoder.Type(record))
                        {
                            case WalRecordType.Series:
                                series.Clear();
                                decoder.Series(record, series);
                                stats.TotalSeries += series.Count;
                                stats.DroppedSeries += series.RemoveAll(s => !keep(s.Ref));
                                if (series.Count > 0) WalRecordEncoder.Series(CollectionsMarshal.AsSpan(series), buffer);
                                break;
                            case WalRecordType.Samples:
                                samples.Clear();
                                WalRecordDecoder.Samples(record, samples);
                                stats.TotalSamples += samples.Count;
                                stats.DroppedSamples += samples.RemoveAll(s => s.T < minTime);
                                if (samples.Count > 0) WalRecordEncoder.Samples(CollectionsMarshal.AsSpan(samples), buffer);
                                break;
                            case WalRecordType.Tombstones:
                                tombstones.Clear();
                                WalRecordDecoder.Tombstones(record, tombstones);
                                stats.TotalTombstones += tombstones.Count;
                                stats.DroppedTombstones += tombstones.RemoveAll(t => t.MaxTime < minTime);
                                if (tombstones.Count > 0) WalRecordEncoder.Tombstones(CollectionsMarshal.AsSpan(tombstones), buffer);
                                break;
                            case WalRecordType.Exemplars:
                                exemplars.Clear();
                                decoder.Exemplars(record, exemplars);
                                stats.TotalExemplars += exemplars.Count;
                                stats.DroppedExemplars += exemplars.RemoveAll(e => e.T < minTime);
                                if (exemplars.Count > 0) WalRecordEncoder.Exemplars(CollectionsMarshal.AsSpan(exemplars), buffer);
                                break;
                            case WalRecordType.Metadata:
                                metadata.Clear();
                                decoder.Metadata(record, metadata);
                                stats.TotalMetadata += metadata.Count;
                                foreach (var m in metadata)
                                {
                                    if (keep(m.Ref)) latestMetadata[m.Ref] = m;
                                }
                                break;
                            case WalRecordType.Unknown:
                                break;
                            default:
                                buffer.Write(record);
                                break;
                        }
                    }
                    catch (WalCorruptionException e)
                    {
                        throw reader.CorruptionAtRecord(e.Reason, e);
                    }
                    if (buffer.WrittenCount > 0) wal.Log(buffer.WrittenSpan);
                }
                if (latestMetadata.Count > 0)
                {
                    stats.DroppedMetadata = stats.TotalMetadata - latestMetadata.Count;
                    buffer.ResetWrittenCount();
                    WalRecordEncoder.Metadata(latestMetadata.Values.ToArray(), buffer);
                    wal.Log(buffer.WrittenSpan);
                }
                else
                {
                    stats.DroppedMetadata = stats.TotalMetadata;
                }
            }
            Publish(walDirectory, to, temporary);
            return stats;
        }
        catch
        {
            Abandon(temporary);
            throw;
        }
    }

    private static WriteAheadLog OpenTemporary(string walDirectory, int index, WalCompression compression, out string temporary)
    {
        DeleteTemporary(walDirectory);
        temporary = DirectoryPath(walDirectory, index) + TemporarySuffix;
        return WriteAheadLog.Open(temporary, new WalOptions { Compression = compression });
    }

    // The WAL was disposed (last page padded, fsynced, closed) before this: only now may the real name appear.
    private static string Publish(string walDirectory, int index, string temporary)
    {
        var final = DirectoryPath(walDirectory, index);
        if (Directory.Exists(final)) Directory.Delete(final, recursive: true);
        Directory.Move(temporary, final);
        return final;
    }

    private static void Abandon(string temporary)
    {
        if (Directory.Exists(temporary)) Directory.Delete(temporary, recursive: true);
    }

    private static IEnumerable<(string Path, int Index)> List(string walDirectory)
    {
        if (!Directory.Exists(walDirectory)) yield break;
        foreach (var d in Directory.EnumerateDirectories(walDirectory, Prefix + "*"))
        {
            var name = Path.GetFileName(d);
            if (WalSegments.TryParseIndex(name[Prefix.Length..], out var i)) yield return (d, i);
        }
    }
}
