using System.Buffers;
using MetricsServer.Model.Labels;
using MetricsServer.Model.Storage;
using MetricsServer.Tsdb.Wal;

namespace MetricsServer.Tsdb.Tests.Wal;

/// <summary>Temporary directories and record helpers shared by the WAL tests.</summary>
internal sealed class WalTestData : IDisposable
{
    public WalTestData()
    {
        Root = Path.Combine(Path.GetTempPath(), "waltest-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Root);
    }

    public string Root { get; }

    public string WalDir => Path.Combine(Root, "wal");

    /// <summary>A record of <paramref name="length"/> bytes whose content depends on <paramref name="seed"/>.</summary>
    public static byte[] Record(int seed, int length)
    {
        var r = new byte[length];
        new Random(seed).NextBytes(r);
        return r;
    }

    public static byte[] SeriesRecord(params RefSeries[] series)
    {
        var w = new ArrayBufferWriter<byte>();
        WalRecordEncoder.Series(series, w);
        return w.WrittenSpan.ToArray();
    }

    public static byte[] SamplesRecord(params RefSample[] samples)
    {
        var w = new ArrayBufferWriter<byte>();
        WalRecordEncoder.Samples(samples, w);
        return w.WrittenSpan.ToArray();
    }

    public static RefSeries Series(ulong id, params string[] nameValues) => new(new SeriesRef(id), LabelSet.FromStrings(nameValues));

    public static List<byte[]> ReadAll(string dir)
    {
        var result = new List<byte[]>();
        using var reader = WalReader.Open(dir);
        while (reader.Next()) result.Add(reader.Record.ToArray());
        return result;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp directory is harmless.
        }
    }
}
