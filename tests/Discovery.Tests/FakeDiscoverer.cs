using System.Threading.Channels;

namespace MetricsServer.Discovery.Tests;

/// <summary>A discoverer the test drives: it sends what <see cref="SendAsync"/> is given and honours the contract.</summary>
internal sealed class FakeDiscoverer : IDiscoverer
{
    private readonly TaskCompletionSource<ChannelWriter<IReadOnlyList<TargetGroup>>> _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private CancellationToken _token;

    public Task Started => _started.Task;

    public Task Stopped => _stopped.Task;

    public int Runs { get; private set; }

    /// <summary>When true, the run throws right after starting, as a broken discoverer would.</summary>
    public bool Fail { get; init; }

    public async Task RunAsync(ChannelWriter<IReadOnlyList<TargetGroup>> updates, CancellationToken cancellationToken)
    {
        Runs++;
        _token = cancellationToken;
        _started.TrySetResult(updates);
        try
        {
            if (Fail) throw new InvalidOperationException("discoverer broke");
            await Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        finally
        {
            _stopped.TrySetResult();
        }
    }

    public async Task SendAsync(params TargetGroup[] groups)
    {
        var writer = await _started.Task.WithTimeout();
        await writer.WriteAsync(groups, _token);
    }
}
