using System.Threading.Channels;
using MetricsServer.Config;
using Microsoft.Extensions.Logging;

namespace MetricsServer.Discovery.FileSd;

/// <summary>
/// One <c>file_sd_configs</c> entry: reads the target files its patterns match, and reads them again when a
/// watched directory changes and every refresh interval. Each refresh sends every file's groups (source
/// <c>path:index</c>) plus empty groups for the sources that went away: files that disappeared, or the tail of a
/// file that now has fewer groups. A file that cannot be read or parsed is logged and counted, and its previous
/// groups stay in force until it is fixed.
/// </summary>
public sealed class FileDiscoverer : IDiscoverer
{
    private readonly FileSdConfig _config;
    private readonly TimeProvider _timeProvider;
    private readonly DiscoveryMetrics _metrics;
    private readonly ILogger<FileDiscoverer> _logger;
    private readonly bool _watch;

    public FileDiscoverer(FileSdConfig config, TimeProvider timeProvider, DiscoveryMetrics metrics, ILogger<FileDiscoverer> logger)
        : this(config, timeProvider, metrics, logger, watch: true)
    {
    }

    /// <summary>With <paramref name="watch"/> false only the refresh interval triggers reads: for tests of the timer.</summary>
    internal FileDiscoverer(FileSdConfig config, TimeProvider timeProvider, DiscoveryMetrics metrics, ILogger<FileDiscoverer> logger, bool watch)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(metrics);
        ArgumentNullException.ThrowIfNull(logger);
        _config = config;
        _timeProvider = timeProvider;
        _metrics = metrics;
        _logger = logger;
        _watch = watch;
    }

    public async Task RunAsync(ChannelWriter<IReadOnlyList<TargetGroup>> updates, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(updates);
        var globs = ParsePatterns();
        // Watcher events and timer ticks only set a flag: a burst of events while a refresh runs costs one more refresh.
        var signal = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });
        var watchers = _watch ? StartWatchers(globs, signal.Writer) : [];
        var interval = _config.RefreshInterval > TimeSpan.Zero ? _config.RefreshInterval : Timeout.InfiniteTimeSpan;
        var timer = _timeProvider.CreateTimer(static state => ((ChannelWriter<bool>)state!).TryWrite(true), signal.Writer, interval, interval);
        try
        {
            var fileGroupCounts = new Dictionary<string, int>(StringComparer.Ordinal);
            fileGroupCounts = await RefreshAsync(globs, fileGroupCounts, updates, cancellationToken).ConfigureAwait(false);
            while (await signal.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                signal.Reader.TryRead(out _);
                fileGroupCounts = await RefreshAsync(globs, fileGroupCounts, updates, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Cancellation is how a discoverer is told to stop; it is not a failure.
        }
        finally
        {
            await timer.DisposeAsync().ConfigureAwait(false);
            foreach (var watcher in watchers) watcher.Dispose();
        }
    }

    private List<FileGlob> ParsePatterns()
    {
        var globs = new List<FileGlob>(_config.Files.Count);
        foreach (var pattern in _config.Files)
        {
            try
            {
                globs.Add(FileGlob.Parse(pattern));
            }
            catch (ArgumentException ex)
            {
                _logger.LogError("file_sd: ignoring pattern {Pattern}: {Error}", pattern, ex.Message);
            }
        }
        return globs;
    }

    /// <summary>Reads every matching file and sends one update; returns the number of groups now in force per file.</summary>
    private async Task<Dictionary<string, int>> RefreshAsync(
        List<FileGlob> globs, Dictionary<string, int> previous, ChannelWriter<IReadOnlyList<TargetGroup>> updates, CancellationToken cancellationToken)
    {
        var start = _timeProvider.GetTimestamp();
        var current = new Dictionary<string, int>(StringComparer.Ordinal);
        var groups = new List<TargetGroup>();
        foreach (var glob in globs)
        {
            foreach (var path in ListFiles(glob))
            {
                // Two patterns may match the same file; it counts once.
                if (current.ContainsKey(path)) continue;
                var fileGroups = await ReadFileAsync(path, cancellationToken).ConfigureAwait(false);
                if (fileGroups is not null)
                {
                    groups.AddRange(fileGroups);
                    current[path] = fileGroups.Count;
                }
                else if (previous.TryGetValue(path, out var kept))
                {
                    // Sending nothing for the file keeps its previous groups in force downstream.
                    current[path] = kept;
                }
            }
        }
        foreach (var (path, count) in previous)
        {
            current.TryGetValue(path, out var now);
            for (var i = now; i < count; i++) groups.Add(TargetGroup.Empty(FileSdParser.SourceOf(path, i)));
        }
        // Measured before sending: waiting for a slow reader is not scanning.
        _metrics.FileScanDuration.Observe(_timeProvider.GetElapsedTime(start).TotalSeconds);
        await updates.WriteAsync(groups, cancellationToken).ConfigureAwait(false);
        return current;
    }

    private List<string> ListFiles(FileGlob glob)
    {
        try
        {
            return glob.ListFiles();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            _metrics.FileReadErrors.Inc();
            _logger.LogError("file_sd: cannot list {Directory}: {Error}", glob.Directory, ex.Message);
            return [];
        }
    }

    /// <summary>The file's groups, or null when it could not be read or parsed (logged and counted).</summary>
    private async Task<List<TargetGroup>?> ReadFileAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            var content = await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
            return FileSdParser.Parse(path, content);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            // Deleted between listing and reading: gone, not broken; its groups are withdrawn.
            return [];
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FileSdFormatException)
        {
            _metrics.FileReadErrors.Inc();
            _logger.LogError("file_sd: error reading {Path}, keeping its previous targets: {Error}", path, ex.Message);
            return null;
        }
    }

    private List<FileSystemWatcher> StartWatchers(List<FileGlob> globs, ChannelWriter<bool> signal)
    {
        var watchers = new List<FileSystemWatcher>();
        var directories = new HashSet<string>(StringComparer.Ordinal);
        foreach (var glob in globs)
        {
            if (!directories.Add(glob.Directory)) continue;
            FileSystemWatcher? watcher = null;
            try
            {
                watcher = new FileSystemWatcher(glob.Directory)
                {
                    IncludeSubdirectories = false,
                    NotifyFilter = NotifyFilters.FileName | NotifyFilters.DirectoryName | NotifyFilters.LastWrite | NotifyFilters.Size | NotifyFilters.CreationTime,
                };
                FileSystemEventHandler changed = (_, _) => signal.TryWrite(true);
                watcher.Changed += changed;
                watcher.Created += changed;
                watcher.Deleted += changed;
                watcher.Renamed += (_, _) => signal.TryWrite(true);
                watcher.Error += (_, e) => OnWatcherError(e.GetException(), signal);
                watcher.EnableRaisingEvents = true;
                watchers.Add(watcher);
                watcher = null;
            }
            catch (Exception ex) when (ex is ArgumentException or IOException or UnauthorizedAccessException or PlatformNotSupportedException)
            {
                // A missing directory cannot be watched; the refresh interval still finds files created in it later.
                _metrics.FileWatcherErrors.Inc();
                _logger.LogWarning("file_sd: cannot watch {Directory}, relying on refresh_interval: {Error}", glob.Directory, ex.Message);
            }
            finally
            {
                watcher?.Dispose();
            }
        }
        return watchers;
    }

    private void OnWatcherError(Exception error, ChannelWriter<bool> signal)
    {
        // Events may have been lost (e.g. the watcher's buffer overflowed); a refresh catches up.
        _metrics.FileWatcherErrors.Inc();
        _logger.LogError("file_sd: watch error: {Error}", error.Message);
        signal.TryWrite(true);
    }
}
