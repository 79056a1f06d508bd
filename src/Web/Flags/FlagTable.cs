using Microsoft.Extensions.Logging;

namespace MetricsServer.Web.Flags;

/// <summary>
/// The single table of the server's flags: Prometheus 3's names and defaults (docs/command-line/prometheus.md), plus
/// the hidden flags Prometheus accepts but leaves out of <c>--help</c>. The parser, <c>--help</c> and
/// <c>/api/v1/status/flags</c> all read this table, so a flag is added in one place.
/// </summary>
public sealed class FlagTable
{
    private const string ServerOnlyNote = " Use with server mode only.";
    private const string AgentOnlyNote = " Use with agent mode only.";

    private readonly Dictionary<string, FlagDefinition> _byName;

    public FlagTable(IReadOnlyList<FlagDefinition> flags)
    {
        ArgumentNullException.ThrowIfNull(flags);
        Flags = flags;
        _byName = new Dictionary<string, FlagDefinition>(StringComparer.Ordinal);
        foreach (var flag in flags)
        {
            if (!_byName.TryAdd(flag.Name, flag)) throw new ArgumentException($"duplicate flag --{flag.Name}", nameof(flags));
        }
    }

    /// <summary>The server's flags.</summary>
    public static FlagTable Default { get; } = new(CreateDefaultFlags());

    /// <summary>In the order <c>--help</c> lists them.</summary>
    public IReadOnlyList<FlagDefinition> Flags { get; }

    public FlagDefinition? Find(string name) => _byName.GetValueOrDefault(name);

    /// <summary>Every flag's value in <paramref name="options"/>, in table order.</summary>
    public IReadOnlyDictionary<string, string> FormatValues(ServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var values = new Dictionary<string, string>(Flags.Count, StringComparer.Ordinal);
        foreach (var flag in Flags) values[flag.Name] = flag.FormatValue(options);
        return values;
    }

    private static List<FlagDefinition> CreateDefaultFlags()
    {
        (string, WalCompressionType)[] walCompression = [("snappy", WalCompressionType.Snappy), ("zstd", WalCompressionType.Zstd)];
        return
        [
            // --- configuration and process ---
            FlagDefinition.String("config.file", "Path of the Prometheus configuration file.", "prometheus.yml",
                o => o.ConfigFile, (o, v) => o with { ConfigFile = v }),
            FlagDefinition.Bool("config.auto-reload", "Reload the configuration file by itself when it changes. See also --config.auto-reload-interval.", false,
                o => o.ConfigAutoReload, (o, v) => o with { ConfigAutoReload = v }),
            FlagDefinition.Duration("config.auto-reload-interval", "How often to check the configuration file for changes and reload it.", "30s",
                o => o.ConfigAutoReloadInterval, (o, v) => o with { ConfigAutoReloadInterval = v }),
            FlagDefinition.StringList("web.listen-address", "Address to serve the UI, API and telemetry on. May be repeated.",
                StringList.Of("0.0.0.0:9090"), o => o.ListenAddresses, (o, v) => o with { ListenAddresses = v }),
            // Go runtime tuning: accepted so Prometheus command lines start unchanged; the .NET runtime sizes itself.
            FlagDefinition.Bool("auto-gomaxprocs", "Accepted for compatibility with Prometheus (Go runtime tuning; no effect here).", true,
                o => o.AutoGoMaxProcs, (o, v) => o with { AutoGoMaxProcs = v }),
            FlagDefinition.Bool("auto-gomemlimit", "Accepted for compatibility with Prometheus (Go runtime tuning; no effect here).", true,
                o => o.AutoGoMemLimit, (o, v) => o with { AutoGoMemLimit = v }),
            FlagDefinition.Float("auto-gomemlimit.ratio", "Accepted for compatibility with Prometheus (Go runtime tuning; no effect here). Must be in (0, 1].", "0.9",
                o => o.AutoGoMemLimitRatio, (o, v) => o with { AutoGoMemLimitRatio = v }),

            // --- web ---
            FlagDefinition.String("web.config.file", "[EXPERIMENTAL] Path of a web configuration file enabling TLS or authentication.", "",
                o => o.WebConfigFile, (o, v) => o with { WebConfigFile = v }),
            FlagDefinition.Duration("web.read-timeout", "Longest time to read a request, and to keep an idle connection open.", "5m",
                o => o.WebReadTimeout, (o, v) => o with { WebReadTimeout = v }),
            FlagDefinition.Int("web.max-connections", "Most simultaneous connections, over all listeners.", "512",
                o => o.WebMaxConnections, (o, v) => o with { WebMaxConnections = v }),
            FlagDefinition.Int("web.max-notifications-subscribers", "Most clients receiving live notifications at once; further subscriptions are refused until one closes.", "16",
                o => o.WebMaxNotificationsSubscribers, (o, v) => o with { WebMaxNotificationsSubscribers = v }),
            FlagDefinition.String("web.external-url", "URL under which the server is reachable from outside (e.g. behind a reverse proxy), used for links back to it. A path in it prefixes every HTTP endpoint. Derived automatically when omitted.", null,
                o => o.WebExternalUrl, (o, v) => o with { WebExternalUrl = v }) with { PlaceHolder = "<URL>" },
            FlagDefinition.String("web.route-prefix", "Prefix of the internal routes of the web endpoints. Defaults to the path of --web.external-url.", null,
                o => o.WebRoutePrefix, (o, v) => o with { WebRoutePrefix = v }) with { PlaceHolder = "<path>" },
            FlagDefinition.String("web.user-assets", "Directory of static assets served at /user.", null,
                o => o.WebUserAssets, (o, v) => o with { WebUserAssets = v }) with { PlaceHolder = "<path>" },
            FlagDefinition.Bool("web.enable-lifecycle", "Allow shutdown and reload through HTTP requests.", false,
                o => o.WebEnableLifecycle, (o, v) => o with { WebEnableLifecycle = v }),
            FlagDefinition.Bool("web.enable-admin-api", "Enable the admin API endpoints.", false,
                o => o.WebEnableAdminApi, (o, v) => o with { WebEnableAdminApi = v }),
            FlagDefinition.Bool("web.enable-remote-write-receiver", "Enable the endpoint receiving remote write requests.", false,
                o => o.WebEnableRemoteWriteReceiver, (o, v) => o with { WebEnableRemoteWriteReceiver = v }),
            FlagDefinition.StringList("web.remote-write-receiver.accepted-protobuf-messages", "Remote write protobuf messages the receiver accepts. Supported: prometheus.WriteRequest, io.prometheus.write.v2.Request",
                StringList.Of("prometheus.WriteRequest"), o => o.WebRemoteWriteReceiverAcceptedProtobufMessages,
                (o, v) => o with { WebRemoteWriteReceiverAcceptedProtobufMessages = v },
                allowed: ["prometheus.WriteRequest", "io.prometheus.write.v2.Request"]),
            FlagDefinition.Bool("web.enable-otlp-receiver", "Enable the endpoint receiving OTLP write requests.", false,
                o => o.WebEnableOtlpReceiver, (o, v) => o with { WebEnableOtlpReceiver = v }),
            FlagDefinition.String("web.console.templates", "Directory of console templates, served at /consoles.", "consoles",
                o => o.WebConsoleTemplates, (o, v) => o with { WebConsoleTemplates = v }),
            FlagDefinition.String("web.console.libraries", "Directory of console libraries.", "console_libraries",
                o => o.WebConsoleLibraries, (o, v) => o with { WebConsoleLibraries = v }),
            FlagDefinition.String("web.page-title", "Title of the web pages.", "Prometheus Time Series Collection and Processing Server",
                o => o.WebPageTitle, (o, v) => o with { WebPageTitle = v }),
            FlagDefinition.String("web.cors.origin", "Fully anchored regular expression of the allowed CORS origins, e.g. 'https?://(domain1|domain2)\\.com'", ".*",
                o => o.WebCorsOrigin, (o, v) => o with { WebCorsOrigin = v }),

            // --- storage.tsdb (server mode) ---
            FlagDefinition.String("storage.tsdb.path", "Directory of the metrics storage." + ServerOnlyNote, "data/",
                o => o.TsdbPath, (o, v) => o with { TsdbPath = v }) with { Mode = FlagMode.ServerOnly },
            FlagDefinition.Duration("storage.tsdb.min-block-duration", "Shortest time span of a block before it is persisted. For testing.", "2h",
                o => o.TsdbMinBlockDuration, (o, v) => o with { TsdbMinBlockDuration = v }) with { Hidden = true, Mode = FlagMode.ServerOnly },
            FlagDefinition.Duration("storage.tsdb.max-block-duration", "Longest time span a compacted block may cover. For testing. (Defaults to 10% of the retention time, at most 31d.)", null,
                o => o.TsdbMaxBlockDuration, (o, v) => o with { TsdbMaxBlockDuration = v }) with { Hidden = true, Mode = FlagMode.ServerOnly, PlaceHolder = "<duration>" },
            FlagDefinition.Size("storage.tsdb.max-block-chunk-segment-size", "Largest chunk segment file of a block. Example: 512MB", null,
                o => o.TsdbMaxBlockChunkSegmentSize, (o, v) => o with { TsdbMaxBlockChunkSegmentSize = v }) with { Hidden = true, Mode = FlagMode.ServerOnly, PlaceHolder = "<bytes>" },
            FlagDefinition.Size("storage.tsdb.wal-segment-size", "Size at which WAL segment files are cut. Example: 100MB", null,
                o => o.TsdbWalSegmentSize, (o, v) => o with { TsdbWalSegmentSize = v }) with { Hidden = true, Mode = FlagMode.ServerOnly, PlaceHolder = "<bytes>" },
            FlagDefinition.Duration("storage.tsdb.retention.time", "How long samples are kept. When neither this nor \"storage.tsdb.retention.size\" is set, 15d. Units: y, w, d, h, m, s, ms." + ServerOnlyNote, null,
                o => o.TsdbRetentionTime, (o, v) => o with { TsdbRetentionTime = v }) with { Mode = FlagMode.ServerOnly },
            FlagDefinition.Size("storage.tsdb.retention.size", "Most bytes the blocks may take. A unit is required: B, KB, MB, GB, TB, PB, EB, e.g. \"512MB\"; powers of 2, so 1KB is 1024B." + ServerOnlyNote, null,
                o => o.TsdbRetentionSize, (o, v) => o with { TsdbRetentionSize = v }) with { Mode = FlagMode.ServerOnly },
            FlagDefinition.Bool("storage.tsdb.no-lockfile", "Do not create a lock file in the data directory." + ServerOnlyNote, false,
                o => o.TsdbNoLockfile, (o, v) => o with { TsdbNoLockfile = v }) with { Mode = FlagMode.ServerOnly },
            FlagDefinition.Bool("storage.tsdb.allow-overlapping-compaction", "Compact overlapping blocks vertically; when false they are left for another component to compact.", true,
                o => o.TsdbAllowOverlappingCompaction, (o, v) => o with { TsdbAllowOverlappingCompaction = v }) with { Hidden = true, Mode = FlagMode.ServerOnly },
            FlagDefinition.Bool("storage.tsdb.allow-overlapping-blocks", "[DEPRECATED] No effect: overlapping blocks are always allowed.", false,
                o => o.TsdbAllowOverlappingBlocks, (o, v) => o with { TsdbAllowOverlappingBlocks = v }) with { Hidden = true, Mode = FlagMode.ServerOnly },
            FlagDefinition.Bool("storage.tsdb.wal-compression", "Compress the WAL. When false, --storage.tsdb.wal-compression-type is ignored.", true,
                o => o.TsdbWalCompression, (o, v) => o with { TsdbWalCompression = v }) with { Hidden = true, Mode = FlagMode.ServerOnly },
            FlagDefinition.Enum("storage.tsdb.wal-compression-type", "Compression algorithm of the WAL, used when --storage.tsdb.wal-compression is true.", WalCompressionType.Snappy, walCompression,
                o => o.TsdbWalCompressionType, (o, v) => o with { TsdbWalCompressionType = v }) with { Hidden = true, Mode = FlagMode.ServerOnly },
            FlagDefinition.Int("storage.tsdb.head-chunks-write-queue-size", "Length of the queue of head chunks waiting to be written to disk and memory-mapped; 0 disables the queue. Experimental." + ServerOnlyNote, "0",
                o => o.TsdbHeadChunksWriteQueueSize, (o, v) => o with { TsdbHeadChunksWriteQueueSize = v }) with { Mode = FlagMode.ServerOnly },
            FlagDefinition.Int("storage.tsdb.samples-per-chunk", "Target number of samples in a chunk.", "120",
                o => o.TsdbSamplesPerChunk, (o, v) => o with { TsdbSamplesPerChunk = v }) with { Hidden = true, Mode = FlagMode.ServerOnly },
            FlagDefinition.Int("storage.tsdb.delayed-compaction.max-percent", "Upper bound of the random compaction delay, in percent of the head chunk range. Only with the delayed-compaction feature.", "10",
                o => o.TsdbDelayedCompactionMaxPercent, (o, v) => o with { TsdbDelayedCompactionMaxPercent = v }) with { Hidden = true, Mode = FlagMode.ServerOnly },
            FlagDefinition.String("storage.tsdb.delay-compact-file.path", "JSON file listing uploaded blocks (e.g. Thanos shipper's meta file); when set, level-1 blocks are compacted only once listed there." + ServerOnlyNote, "",
                o => o.TsdbDelayCompactFilePath, (o, v) => o with { TsdbDelayCompactFilePath = v }) with { Mode = FlagMode.ServerOnly },
            FlagDefinition.Duration("storage.tsdb.block-reload-interval", "How often to look for blocks added to or removed from the data directory.", "1m",
                o => o.TsdbBlockReloadInterval, (o, v) => o with { TsdbBlockReloadInterval = v }) with { Hidden = true, Mode = FlagMode.ServerOnly },

            // --- storage.agent (agent mode) ---
            FlagDefinition.String("storage.agent.path", "Directory of the metrics storage." + AgentOnlyNote, "data-agent/",
                o => o.AgentPath, (o, v) => o with { AgentPath = v }) with { Mode = FlagMode.AgentOnly },
            FlagDefinition.Size("storage.agent.wal-segment-size", "Size at which WAL segment files are cut. Example: 100MB", null,
                o => o.AgentWalSegmentSize, (o, v) => o with { AgentWalSegmentSize = v }) with { Hidden = true, Mode = FlagMode.AgentOnly, PlaceHolder = "<bytes>" },
            FlagDefinition.Bool("storage.agent.wal-compression", "Compress the agent's WAL. When false, --storage.agent.wal-compression-type is ignored." + AgentOnlyNote, true,
                o => o.AgentWalCompression, (o, v) => o with { AgentWalCompression = v }) with { Mode = FlagMode.AgentOnly },
            FlagDefinition.Enum("storage.agent.wal-compression-type", "Compression algorithm of the agent's WAL, used when --storage.agent.wal-compression is true.", WalCompressionType.Snappy, walCompression,
                o => o.AgentWalCompressionType, (o, v) => o with { AgentWalCompressionType = v }) with { Hidden = true, Mode = FlagMode.AgentOnly },
            FlagDefinition.Duration("storage.agent.wal-truncate-frequency", "How often the WAL is truncated and old data removed.", null,
                o => o.AgentWalTruncateFrequency, (o, v) => o with { AgentWalTruncateFrequency = v }) with { Hidden = true, Mode = FlagMode.AgentOnly, PlaceHolder = "<duration>" },
            FlagDefinition.Duration("storage.agent.retention.min-time", "Youngest age at which samples may be deleted when the WAL is truncated." + AgentOnlyNote, null,
                o => o.AgentRetentionMinTime, (o, v) => o with { AgentRetentionMinTime = v }) with { Mode = FlagMode.AgentOnly },
            FlagDefinition.Duration("storage.agent.retention.max-time", "Age at which samples are deleted when the WAL is truncated, whatever else holds." + AgentOnlyNote, null,
                o => o.AgentRetentionMaxTime, (o, v) => o with { AgentRetentionMaxTime = v }) with { Mode = FlagMode.AgentOnly },
            FlagDefinition.Bool("storage.agent.no-lockfile", "Do not create a lock file in the data directory." + AgentOnlyNote, false,
                o => o.AgentNoLockfile, (o, v) => o with { AgentNoLockfile = v }) with { Mode = FlagMode.AgentOnly },

            // --- remote storage ---
            FlagDefinition.Duration("storage.remote.flush-deadline", "How long to keep flushing samples on shutdown or configuration reload.", "1m",
                o => o.RemoteFlushDeadline, (o, v) => o with { RemoteFlushDeadline = v }) with { PlaceHolder = "<duration>" },
            FlagDefinition.Int("storage.remote.read-sample-limit", "Most samples one remote read query returns in total; 0 is no limit. Not applied to streamed responses." + ServerOnlyNote, "5e7",
                o => o.RemoteReadSampleLimit, (o, v) => o with { RemoteReadSampleLimit = v }) with { Mode = FlagMode.ServerOnly },
            FlagDefinition.Int("storage.remote.read-concurrent-limit", "Most remote read calls at once; 0 is no limit." + ServerOnlyNote, "10",
                o => o.RemoteReadConcurrentLimit, (o, v) => o with { RemoteReadConcurrentLimit = v }) with { Mode = FlagMode.ServerOnly },
            FlagDefinition.Int("storage.remote.read-max-bytes-in-frame", "Most bytes in one frame of a streamed remote read response before marshalling; 1MB as protobuf recommends. Clients may limit frames too." + ServerOnlyNote, "1048576",
                o => o.RemoteReadMaxBytesInFrame, (o, v) => o with { RemoteReadMaxBytesInFrame = v }) with { Mode = FlagMode.ServerOnly },

            // --- rules and alerting ---
            FlagDefinition.Duration("rules.alert.for-outage-tolerance", "Longest outage tolerated when restoring the \"for\" state of alerts." + ServerOnlyNote, "1h",
                o => o.RulesAlertForOutageTolerance, (o, v) => o with { RulesAlertForOutageTolerance = v }) with { Mode = FlagMode.ServerOnly },
            FlagDefinition.Duration("rules.alert.for-grace-period", "Shortest time between an alert and its restored \"for\" state; only for alerts whose \"for\" is longer than this." + ServerOnlyNote, "10m",
                o => o.RulesAlertForGracePeriod, (o, v) => o with { RulesAlertForGracePeriod = v }) with { Mode = FlagMode.ServerOnly },
            FlagDefinition.Duration("rules.alert.resend-delay", "Shortest time before an alert is sent to Alertmanager again." + ServerOnlyNote, "1m",
                o => o.RulesAlertResendDelay, (o, v) => o with { RulesAlertResendDelay = v }) with { Mode = FlagMode.ServerOnly },
            FlagDefinition.Int64("rules.max-concurrent-evals", "Most independent rules evaluated at once, over all groups; \"query.max-concurrency\" may need raising with it." + ServerOnlyNote, "4",
                o => o.RulesMaxConcurrentEvals, (o, v) => o with { RulesMaxConcurrentEvals = v }) with { Mode = FlagMode.ServerOnly },
            FlagDefinition.Bool("scrape.adjust-timestamps", "Move scrape timestamps by up to --scrape.timestamp-tolerance to the intended schedule. Experimental.", true,
                o => o.ScrapeAdjustTimestamps, (o, v) => o with { ScrapeAdjustTimestamps = v }) with { Hidden = true, Mode = FlagMode.Any },
            FlagDefinition.Duration("scrape.timestamp-tolerance", "Largest scrape timestamp adjustment. Experimental.", "2ms",
                o => o.ScrapeTimestampTolerance, (o, v) => o with { ScrapeTimestampTolerance = v }) with { Hidden = true, Mode = FlagMode.Any },
            FlagDefinition.Int("alertmanager.notification-queue-capacity", "Length of the queue of notifications waiting for Alertmanager." + ServerOnlyNote, "10000",
                o => o.AlertmanagerNotificationQueueCapacity, (o, v) => o with { AlertmanagerNotificationQueueCapacity = v }) with { Mode = FlagMode.ServerOnly },
            FlagDefinition.Int("alertmanager.notification-batch-size", "Most notifications sent to Alertmanager in one batch." + ServerOnlyNote, "256",
                o => o.AlertmanagerNotificationBatchSize, (o, v) => o with { AlertmanagerNotificationBatchSize = v }) with { Mode = FlagMode.ServerOnly },
            FlagDefinition.Bool("alertmanager.drain-notification-queue-on-shutdown", "Send the notifications still queued when shutting down; when false they are dropped." + ServerOnlyNote, true,
                o => o.AlertmanagerDrainNotificationQueueOnShutdown, (o, v) => o with { AlertmanagerDrainNotificationQueueOnShutdown = v }) with { Mode = FlagMode.ServerOnly },

            // --- query ---
            FlagDefinition.Duration("query.lookback-delta", "How far back expression evaluation and federation look for a sample." + ServerOnlyNote, "5m",
                o => o.QueryLookbackDelta, (o, v) => o with { QueryLookbackDelta = v }) with { Mode = FlagMode.ServerOnly },
            FlagDefinition.Duration("query.timeout", "Longest time a query may run before it is aborted." + ServerOnlyNote, "2m",
                o => o.QueryTimeout, (o, v) => o with { QueryTimeout = v }) with { Mode = FlagMode.ServerOnly },
            FlagDefinition.Int("query.max-concurrency", "Most queries running at once." + ServerOnlyNote, "20",
                o => o.QueryMaxConcurrency, (o, v) => o with { QueryMaxConcurrency = v }) with { Mode = FlagMode.ServerOnly },
            FlagDefinition.Int("query.max-samples", "Most samples one query may hold in memory; a query needing more fails, so this also bounds what a query returns." + ServerOnlyNote, "50000000",
                o => o.QueryMaxSamples, (o, v) => o with { QueryMaxSamples = v }) with { Mode = FlagMode.ServerOnly },

            // --- scrape, features, logging ---
            FlagDefinition.Duration("scrape.discovery-reload-interval", "Shortest time between two applications of discovered target updates.", "5s",
                o => o.ScrapeDiscoveryReloadInterval, (o, v) => o with { ScrapeDiscoveryReloadInterval = v }) with { Hidden = true, Mode = FlagMode.Any },
            FlagDefinition.Enum("scrape.name-escaping-scheme", "How names that are not legacy-valid are escaped for a Prometheus without UTF-8 support: \"values\", \"underscores\" or \"dots\".", NameEscapingScheme.Values,
                [("values", NameEscapingScheme.Values), ("underscores", NameEscapingScheme.Underscores), ("dots", NameEscapingScheme.Dots)],
                o => o.ScrapeNameEscapingScheme, (o, v) => o with { ScrapeNameEscapingScheme = v }),
            FlagDefinition.StringList("enable-feature", "Comma-separated names of features to enable; may be repeated. See https://prometheus.io/docs/prometheus/latest/feature_flags/.",
                StringList.Empty, o => o.EnableFeatures, (o, v) => o with { EnableFeatures = v }, splitOnComma: true),
            FlagDefinition.Bool("agent", "Run in agent mode.", false,
                o => o.Agent, (o, v) => o with { Agent = v }),
            FlagDefinition.Enum("log.level", "Log only messages of this severity or above. One of: [debug, info, warn, error]", LogLevel.Information,
                [("debug", LogLevel.Debug), ("info", LogLevel.Information), ("warn", LogLevel.Warning), ("error", LogLevel.Error)],
                o => o.LogLevel, (o, v) => o with { LogLevel = v }),
            FlagDefinition.Enum("log.format", "Format of log messages. One of: [logfmt, json]", LogFormat.Logfmt,
                [("logfmt", LogFormat.Logfmt), ("json", LogFormat.Json)],
                o => o.LogFormat, (o, v) => o with { LogFormat = v }),
        ];
    }
}
