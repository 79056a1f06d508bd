using System.Buffers;
using System.Collections.Concurrent;
using MetricsServer.Model.Labels;
using MetricsServer.Model.Storage;
using MetricsServer.TestSupport;
using MetricsServer.Tsdb.Wal;

namespace MetricsServer.Remote.Tests.Write;

public sealed class WalWatcherTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("walwatcher").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Watcher_SendsOnlySamplesAfterStart_FollowsFlushesAndNewSegments()
    {
        using var wal = WriteAheadLog.Open(_dir);
        Log(wal, w => WalRecordEncoder.Series([new RefSeries(new SeriesRef(1), LabelSet.FromStrings("__name__", "up"))], w));
        Log(wal, w => WalRecordEncoder.Samples([new RefSample(new SeriesRef(1), 100, 1)], w));
        wal.Flush();
        var target = new RecordingTarget();
        using var stop = new CancellationTokenSource();
        var watcher = new WalWatcher(_dir, target, 150, TimeProvider.System, TimeSpan.FromMilliseconds(5));
        var run = watcher.RunAsync(stop.Token);
        await Eventually.TrueAsync(() => target.Series.ContainsKey(1), TimeSpan.FromSeconds(10), "series read");
        Log(wal, w => WalRecordEncoder.Samples([new RefSample(new SeriesRef(1), 200, 2)], w));
        wal.Flush();
        await Eventually.TrueAsync(() => target.Samples.Count == 1, TimeSpan.FromSeconds(10), "live sample");
        wal.NextSegment();
        Log(wal, w => WalRecordEncoder.Series([new RefSeries(new SeriesRef(2), LabelSet.FromStrings("__name__", "b"))], w));
        Log(wal, w => WalRecordEncoder.Samples([new RefSample(new SeriesRef(2), 300, 3)], w));
        wal.Flush();
        await Eventually.TrueAsync(() => target.Samples.Count == 2, TimeSpan.FromSeconds(10), "sample in the next segment");
        await stop.CancelAsync();
        await run;
        Assert.Equal([200L, 300], target.Samples.Select(s => s.T));
        Assert.Equal(1, target.Series[2]);
    }

    private static void Log(WriteAheadLog wal, Action<ArrayBufferWriter<byte>> encode)
    {
        var buffer = new ArrayBufferWriter<byte>();
        encode(buffer);
        wal.Log(buffer.WrittenSpan);
    }

    private sealed class RecordingTarget : IWalWatcherTarget
    {
        public ConcurrentDictionary<ulong, int> Series { get; } = new();

        public ConcurrentQueue<RefSample> Samples { get; } = new();

        public void StoreSeries(List<RefSeries> series, int segment)
        {
            foreach (var s in series) Series[s.Ref.Value] = segment;
        }

        public ValueTask AppendAsync(List<RefSample> samples, CancellationToken cancellationToken)
        {
            foreach (var s in samples) Samples.Enqueue(s);
            return default;
        }

        public void SeriesReset(int segment)
        {
            foreach (var (r, s) in Series)
            {
                if (s < segment) Series.TryRemove(r, out _);
            }
        }
    }
}
