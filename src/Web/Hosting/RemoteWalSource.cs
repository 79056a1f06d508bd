using MetricsServer.Remote.Write;
using MetricsServer.Tsdb.Wal;

namespace MetricsServer.Web.Hosting;

/// <summary>
/// Adapts the TSDB's <see cref="WalWatcher"/> to Remote's <see cref="IWalSource"/> seam: Remote may not reference the
/// TSDB, so the composition root joins them. Samples are copied into a reused buffer of <see cref="WalSample"/>.
/// </summary>
public sealed class RemoteWalSource : IWalSource
{
    private readonly string _walDirectory;
    private readonly TimeProvider _clock;
    private readonly TimeSpan _pollInterval;
    private readonly ILoggerFactory _loggers;

    public RemoteWalSource(string walDirectory, TimeProvider clock, ILoggerFactory loggers, TimeSpan? pollInterval = null)
    {
        _walDirectory = walDirectory;
        _clock = clock;
        _loggers = loggers;
        _pollInterval = pollInterval ?? TimeSpan.FromMilliseconds(100);
    }

    public Task FollowAsync(IWalSink sink, long startTimestampMs, CancellationToken cancellationToken)
    {
        var watcher = new WalWatcher(_walDirectory, new Target(sink), startTimestampMs, _clock, _pollInterval, _loggers.CreateLogger<WalWatcher>());
        return watcher.RunAsync(cancellationToken);
    }

    private sealed class Target(IWalSink sink) : IWalWatcherTarget
    {
        private WalSample[] _buffer = new WalSample[1024];

        public void StoreSeries(List<RefSeries> series, int segment)
        {
            foreach (var s in series) sink.StoreSeries(s.Ref, s.Labels, segment);
        }

        public ValueTask AppendAsync(List<RefSample> samples, CancellationToken cancellationToken)
        {
            if (_buffer.Length < samples.Count) _buffer = new WalSample[Math.Max(samples.Count, _buffer.Length * 2)];
            for (var i = 0; i < samples.Count; i++)
            {
                var s = samples[i];
                _buffer[i] = new WalSample(s.Ref, s.T, s.V);
            }
            return sink.AppendAsync(_buffer.AsMemory(0, samples.Count), cancellationToken);
        }

        public void SeriesReset(int segment) => sink.SeriesReset(segment);
    }
}
