using System.Buffers;
using MetricsServer.Model.Labels;
using MetricsServer.Model.Storage;
using MetricsServer.Scraper.Parsing;
using MetricsServer.Scraper.Targets;
using Microsoft.Extensions.Logging;

namespace MetricsServer.Scraper;

/// <summary>
/// Scrapes one target on its interval, at a per-target offset so that a pool's scrapes spread over the interval,
/// and appends what it scraped. Owns its task: <see cref="StopAsync"/> cancels it and waits for it to end.
/// </summary>
public sealed partial class ScrapeLoop : IAsyncDisposable
{
    private readonly HttpClient _client;
    private readonly IAppendable _storage;
    private readonly ScrapeMetrics _metrics;
    private readonly TimeProvider _clock;
    private readonly ILogger _logger;
    private readonly ScrapeCache _cache;
    private readonly MetadataTracker _metadata = new();
    private readonly LabelSetBuilder _builder = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly ulong _offsetSeed;
    private Task? _task;
    private readonly ArrayPool<byte> _buffers;
    private byte[] _buffer = [];
    private int _lastBodyLength = 16 * 1024;
    private PrometheusTextParser? _textParser;
    private OpenMetricsParser? _openMetricsParser;
    private DateTimeOffset _lastScrapeStart;
    private bool _hasScraped;
    private bool _stopped;

    public ScrapeLoop(Target target, ScrapeLoopOptions options, HttpClient client, IAppendable storage, ScrapeMetrics metrics,
        TimeProvider clock, ILogger logger, ulong offsetSeed = 0, ScrapeLoop? predecessor = null, ArrayPool<byte>? buffers = null)
    {
        // Bodies are rented for the length of one scrape from a pool the pool's loops share: scrapes are spread
        // over the interval, so a few buffers serve many targets.
        _buffers = buffers ?? ArrayPool<byte>.Shared;
        // A loop restarted by a reload takes over its predecessor's cache, so that its series keep their refs and
        // still get staleness markers when they disappear later.
        _cache = predecessor?._cache ?? new ScrapeCache();
        Target = target;
        Options = options;
        _client = client;
        _storage = storage;
        _metrics = metrics;
        _clock = clock;
        _logger = logger;
        _offsetSeed = offsetSeed;
    }

    public Target Target { get; }

    public ScrapeLoopOptions Options { get; }

    /// <summary>Starts scraping: the first scrape at this target's offset within the interval, then every interval.</summary>
    public void Start()
    {
        if (_task is not null) throw new InvalidOperationException("scrape loop already started");
        _task = RunAsync(_stop.Token);
    }

    /// <summary>
    /// Stops the loop and waits for it. With <paramref name="markStale"/> (the target went away) every series of
    /// the last scrape, and the report series, get a staleness marker; on a reload they do not, since the same
    /// target goes on in a new loop.
    /// </summary>
    public async Task StopAsync(bool markStale)
    {
        if (_stopped) return;
        _stopped = true;
        await _stop.CancelAsync().ConfigureAwait(false);
        if (_task is not null)
        {
            try
            {
                await _task.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }
        }
        if (markStale && _hasScraped) AppendEndOfRunStaleness(_clock.GetUtcNow());
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(markStale: false).ConfigureAwait(false);
        _stop.Dispose();
    }

    /// <summary>The delay before the first scrape: Prometheus spreads targets by their hash over the interval.</summary>
    internal TimeSpan Offset(DateTimeOffset now)
    {
        var intervalTicks = (ulong)Target.Interval.Ticks;
        if (intervalTicks == 0) return TimeSpan.Zero;
        var wanted = (Target.Hash ^ _offsetSeed) % intervalTicks;
        var nowInInterval = (ulong)now.UtcTicks % intervalTicks;
        var delay = (wanted + intervalTicks - nowInInterval) % intervalTicks;
        return TimeSpan.FromTicks((long)delay);
    }

    /// <summary>How far before its slot a scrape's coarse timer wait ends, for the precise sleep to take over.</summary>
    private static readonly TimeSpan PreciseLead = TimeSpan.FromMilliseconds(5);

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        var now = _clock.GetUtcNow();
        var scheduled = now + Offset(now);
        while (true)
        {
            // Each wait aims at the next slot of a fixed schedule, so that timer lateness never accumulates (a
            // periodic timer restarted late keeps every later scrape off its slot).
            now = _clock.GetUtcNow();
            if (scheduled < now - Target.Interval)
            {
                // Slots missed while a scrape ran long are skipped, as Prometheus's ticker drops ticks.
                var missed = (now - scheduled).Ticks / Target.Interval.Ticks;
                scheduled += TimeSpan.FromTicks(missed * Target.Interval.Ticks);
            }
            // .NET timers run on a 4 ms coarse clock, so a delay ends up to 4 ms early or late: more than the 2 ms
            // timestamp tolerance, and jittery timestamps cost chunk space (about 1.7 bytes a sample at ±3 ms). On
            // the real clock the delay stops a few ms short and a precise sleep covers the rest, blocking this
            // thread-pool thread for at most that long once per scrape.
            var precise = Options.TimestampTolerance > TimeSpan.Zero && ReferenceEquals(_clock, TimeProvider.System);
            var wait = scheduled - now - (precise ? PreciseLead : TimeSpan.Zero);
            try
            {
                if (wait > TimeSpan.Zero) await Task.Delay(wait, _clock, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            if (precise)
            {
                var remaining = scheduled - _clock.GetUtcNow();
                if (remaining > TimeSpan.Zero && remaining <= PreciseLead * 2) Thread.Sleep(remaining);
            }
            var start = _clock.GetUtcNow();
            var late = start - scheduled;
            var sampleTime = late.Duration() <= Options.TimestampTolerance ? scheduled : start;
            // A scrape far off its schedule (a paused process, a clock step) starts a new schedule from now.
            scheduled = late.Duration() > Target.Interval ? start + Target.Interval : scheduled + Target.Interval;
            if (_lastScrapeStart != default)
            {
                _metrics.IntervalLength.WithLabels(Model.Time.PromDuration.Format(Target.Interval)).Observe((start - _lastScrapeStart).TotalSeconds);
            }
            _lastScrapeStart = start;
            try
            {
                await ScrapeAndAppendAsync(start, cancellationToken, sampleTime).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // One target's failure must never end its loop; it is reported as the target's error.
            catch (Exception e)
#pragma warning restore CA1031
            {
                _logger.LogError(e, "Unexpected error scraping {Target}", Target);
            }
        }
    }

    /// <summary>One scrape: fetch, parse and append, then the report series. Never throws for a target's fault.</summary>
    internal async Task<ScrapeResult> ScrapeAndAppendAsync(DateTimeOffset start, CancellationToken cancellationToken, DateTimeOffset? sampleTime = null)
    {
        _hasScraped = true;
        var timestampMs = (sampleTime ?? start).ToUnixTimeMilliseconds();
        string? error = null;
        AppendCounts counts = default;
        try
        {
            _buffer = _buffers.Rent(_lastBodyLength + (_lastBodyLength >> 3));
            var (length, contentType) = await FetchAsync(cancellationToken).ConfigureAwait(false);
            _lastBodyLength = Math.Max(length, 1024);
            counts = Append(_buffer.AsMemory(0, length), contentType, timestampMs);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (OperationCanceledException)
        {
            error = $"Get \"{Target.ScrapeUrlText}\": context deadline exceeded";
        }
        catch (HttpRequestException e)
        {
            error = $"Get \"{Target.ScrapeUrlText}\": {e.Message}";
        }
        catch (IOException e)
        {
            error = $"Get \"{Target.ScrapeUrlText}\": {e.Message}";
        }
        catch (ScrapeFailedException e)
        {
            error = e.Message;
        }
        catch (ExpositionException e)
        {
            error = e.Message;
        }
        finally
        {
            if (_buffer.Length > 0) _buffers.Return(_buffer);
            _buffer = [];
        }
        if (error is not null)
        {
            AppendFailureStaleness(timestampMs);
            counts = default;
            _logger.LogDebug("Scrape of {Target} failed: {Error}", Target, error);
        }
        var duration = _clock.GetUtcNow() - start;
        AppendReport(timestampMs, duration, error is null, counts);
        Target.Report(start, duration, error, counts.Scraped);
        return new ScrapeResult(error, counts);
    }
}

/// <summary>What one scrape did: the error (null on success) and its sample counts.</summary>
public readonly record struct ScrapeResult(string? Error, AppendCounts Counts);
