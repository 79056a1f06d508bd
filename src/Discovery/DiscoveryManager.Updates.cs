using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace MetricsServer.Discovery;

/// <summary>How the manager receives discoverers' updates, merges them and sends snapshots.</summary>
public sealed partial class DiscoveryManager
{
    /// <summary>Updates a discoverer may have written and the manager not yet merged; past this its writes wait.</summary>
    private const int ProviderBacklog = 16;

    private static readonly IReadOnlyList<TargetGroup> NoGroups = [];

    private long _lastSendTimestamp = -1;

    /// <summary>Runs one discoverer and merges what it writes until it finishes. Owned by the manager.</summary>
    private async Task RunProviderAsync(Provider provider)
    {
        var updates = Channel.CreateBounded<IReadOnlyList<TargetGroup>>(new BoundedChannelOptions(ProviderBacklog) { SingleReader = true });
        var run = RunDiscovererAsync(provider, updates.Writer);
        // No token: the reader drains until the discoverer, cancelled, completes the channel.
        await foreach (var groups in updates.Reader.ReadAllAsync().ConfigureAwait(false)) OnUpdate(provider, groups);
        await run.ConfigureAwait(false);
    }

    private async Task RunDiscovererAsync(Provider provider, ChannelWriter<IReadOnlyList<TargetGroup>> updates)
    {
        var token = provider.Cancellation.Token;
        try
        {
            await provider.Discoverer.RunAsync(updates, token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            // The contract allows a discoverer to end its run this way.
        }
#pragma warning disable CA1031 // A failing discoverer must not take the manager or other jobs down with it.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            _logger.LogError(ex, "discovery: {Discoverer} of job {Job} failed; it will send no more updates", provider.Discoverer.GetType().Name, provider.Job.Name);
        }
        finally
        {
            updates.TryComplete();
            // A discoverer that ended counts as having reported: the job's old targets must not wait for it.
            MarkReported(provider);
        }
    }

    private void OnUpdate(Provider provider, IReadOnlyList<TargetGroup> groups)
    {
        lock (_lock)
        {
            // A stopped discoverer's late writes must not bring back targets of a removed or replaced job.
            if (!provider.Active) return;
            _metrics.ReceivedUpdates.WithLabels(_options.Name).Inc();
            foreach (var group in groups)
            {
                if (group is null) continue;
                if (group.Targets.Count == 0) provider.Groups.Remove(group.Source);
                else provider.Groups[group.Source] = group;
            }
            MarkReportedLocked(provider);
        }
        _trigger.Writer.TryWrite(true);
    }

    private void MarkReported(Provider provider)
    {
        bool changed;
        lock (_lock)
        {
            changed = provider.Active && !provider.Reported && provider.Job.Previous is not null;
            MarkReportedLocked(provider);
        }
        if (changed) _trigger.Writer.TryWrite(true);
    }

    private static void MarkReportedLocked(Provider provider)
    {
        if (provider.Reported) return;
        provider.Reported = true;
        var job = provider.Job;
        if (job.Previous is null) return;
        foreach (var p in job.Providers)
        {
            if (!p.Reported) return;
        }
        job.Previous = null;
    }

    /// <summary>Sends a snapshot whenever something changed, at most once per interval. Owned by the manager.</summary>
    private async Task SendLoopAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (await _trigger.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                if (_lastSendTimestamp >= 0)
                {
                    var wait = _options.UpdateInterval - _timeProvider.GetElapsedTime(_lastSendTimestamp);
                    if (wait > TimeSpan.Zero) await Task.Delay(wait, _timeProvider, cancellationToken).ConfigureAwait(false);
                }
                var writable = _sync.Writer.WaitToWriteAsync(cancellationToken);
                if (!writable.IsCompleted) _metrics.DelayedUpdates.WithLabels(_options.Name).Inc();
                if (!await writable.ConfigureAwait(false)) return;
                // Everything that triggered until now is in the snapshot built next.
                _trigger.Reader.TryRead(out _);
                var snapshot = BuildSnapshot();
                // Counted first so that a consumer that has the snapshot also sees it counted; the write cannot
                // fail, as this task is the only writer and waited for room.
                _metrics.Updates.WithLabels(_options.Name).Inc();
                _lastSendTimestamp = _timeProvider.GetTimestamp();
                _sync.Writer.TryWrite(snapshot);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    private Dictionary<string, IReadOnlyList<TargetGroup>> BuildSnapshot()
    {
        lock (_lock)
        {
            var snapshot = new Dictionary<string, IReadOnlyList<TargetGroup>>(_jobs.Count + _removedJobs.Count, StringComparer.Ordinal);
            foreach (var (name, job) in _jobs)
            {
                var groups = CurrentGroups(job);
                var targets = 0;
                foreach (var group in groups) targets += group.Targets.Count;
                _metrics.DiscoveredTargets.WithLabels(_options.Name, name).Set(targets);
                snapshot[name] = groups;
            }
            foreach (var name in _removedJobs)
            {
                snapshot[name] = NoGroups;
                _metrics.DiscoveredTargets.WithLabels(_options.Name, name).Remove();
            }
            _removedJobs.Clear();
            return snapshot;
        }
    }

    /// <summary>The groups in force for a job: its old discoverers' while it restarts, then its discoverers'. Under the lock.</summary>
    private static List<TargetGroup> CurrentGroups(Job job)
    {
        var groups = new List<TargetGroup>();
        if (job.Previous is not null) groups.AddRange(job.Previous);
        foreach (var provider in job.Providers)
        {
            foreach (var group in provider.Groups.Values) groups.Add(group);
        }
        return groups;
    }

    /// <summary>A job's state. Guarded by the manager's lock.</summary>
    private sealed class Job(string name)
    {
        public string Name { get; } = name;

        public string Key { get; set; } = string.Empty;

        public List<Provider> Providers { get; } = [];

        /// <summary>The replaced discoverers' groups, in force until every new discoverer has reported once.</summary>
        public List<TargetGroup>? Previous { get; set; }
    }

    /// <summary>One running discoverer and the groups it has sent, by source. Guarded by the manager's lock.</summary>
    private sealed class Provider(Job job, IDiscoverer discoverer)
    {
        public Job Job { get; } = job;

        public IDiscoverer Discoverer { get; } = discoverer;

        public CancellationTokenSource Cancellation { get; } = new();

        public Task? Task { get; set; }

        public Dictionary<string, TargetGroup> Groups { get; } = new(StringComparer.Ordinal);

        /// <summary>False once stopped: later writes are ignored.</summary>
        public bool Active { get; set; } = true;

        public bool Reported { get; set; }
    }
}
