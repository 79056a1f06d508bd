using MetricsServer.Model.Labels;
using MetricsServer.Model.Storage;
using MetricsServer.Remote.Write;

namespace MetricsServer.Remote.Tests.Write;

/// <summary>A WAL source the test drives by hand: it hands the sink to the test, which then plays the watcher.</summary>
internal sealed class FakeWalSource : IWalSource
{
    private readonly TaskCompletionSource<IWalSink> _sink = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public long StartTimestampMs { get; private set; }

    public async Task FollowAsync(IWalSink sink, long startTimestampMs, CancellationToken cancellationToken)
    {
        StartTimestampMs = startTimestampMs;
        _sink.SetResult(sink);
        await Task.Delay(Timeout.Infinite, cancellationToken);
    }

    public Task<IWalSink> Sink => _sink.Task.WaitAsync(TimeSpan.FromSeconds(10));

    public static void Series(IWalSink sink, ulong r, params string[] labels) => sink.StoreSeries(new SeriesRef(r), LabelSet.FromStrings(labels), 0);

    public static ValueTask Samples(IWalSink sink, params (ulong Ref, long T, double V)[] samples) =>
        sink.AppendAsync(samples.Select(s => new WalSample(new SeriesRef(s.Ref), s.T, s.V)).ToArray(), CancellationToken.None);
}
