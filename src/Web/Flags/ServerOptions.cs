using Microsoft.Extensions.Logging;

namespace MetricsServer.Web.Flags;

/// <summary>
/// Everything Prometheus's command line sets, typed, holding Prometheus's defaults. Built by <see cref="FlagParser"/>
/// from <see cref="FlagTable"/>; immutable, so components take it (or the part they need) through their constructors.
/// Durations of zero and sizes of zero mean "not set" where Prometheus's flag has no default.
/// </summary>
public sealed record ServerOptions
{
    /// <summary>Prometheus's defaults with the rules that depend on other flags applied (see <see cref="Resolve"/>).</summary>
    public static ServerOptions Default { get; } = new ServerOptions().Resolve();

    /// <summary>The time retention Prometheus uses when neither time nor size retention is set.</summary>
    public static TimeSpan DefaultRetention => TimeSpan.FromDays(15);

    // --- config and process ---
    public string ConfigFile { get; init; } = "prometheus.yml";
    public bool ConfigAutoReload { get; init; }
    public TimeSpan ConfigAutoReloadInterval { get; init; } = TimeSpan.FromSeconds(30);
    public bool AutoGoMaxProcs { get; init; } = true;
    public bool AutoGoMemLimit { get; init; } = true;
    public double AutoGoMemLimitRatio { get; init; } = 0.9;
    public bool Agent { get; init; }
    public StringList EnableFeatures { get; init; } = StringList.Empty;
    public LogLevel LogLevel { get; init; } = LogLevel.Information;
    public LogFormat LogFormat { get; init; } = LogFormat.Logfmt;

    // --- web ---
    public StringList ListenAddresses { get; init; } = StringList.Of("0.0.0.0:9090");
    public string WebConfigFile { get; init; } = "";
    public TimeSpan WebReadTimeout { get; init; } = TimeSpan.FromMinutes(5);
    public int WebMaxConnections { get; init; } = 512;
    public int WebMaxNotificationsSubscribers { get; init; } = 16;
    public string WebExternalUrl { get; init; } = "";
    public string WebRoutePrefix { get; init; } = "";
    public string WebUserAssets { get; init; } = "";
    public bool WebEnableLifecycle { get; init; }
    public bool WebEnableAdminApi { get; init; }
    public bool WebEnableRemoteWriteReceiver { get; init; }
    public StringList WebRemoteWriteReceiverAcceptedProtobufMessages { get; init; } = StringList.Of("prometheus.WriteRequest");
    public bool WebEnableOtlpReceiver { get; init; }
    public string WebConsoleTemplates { get; init; } = "consoles";
    public string WebConsoleLibraries { get; init; } = "console_libraries";
    public string WebPageTitle { get; init; } = "Prometheus Time Series Collection and Processing Server";
    public string WebCorsOrigin { get; init; } = ".*";

    // --- storage.tsdb (server mode) ---
    public string TsdbPath { get; init; } = "data/";

    /// <summary>Zero until resolved: then 15d when neither time nor size retention is set.</summary>
    public TimeSpan TsdbRetentionTime { get; init; }

    /// <summary>Bytes; zero means no size limit.</summary>
    public long TsdbRetentionSize { get; init; }

    public TimeSpan TsdbMinBlockDuration { get; init; } = TimeSpan.FromHours(2);

    /// <summary>Zero until resolved: then 10% of the time retention, at most 31d.</summary>
    public TimeSpan TsdbMaxBlockDuration { get; init; }

    /// <summary>Bytes; zero means the TSDB's default.</summary>
    public long TsdbMaxBlockChunkSegmentSize { get; init; }

    /// <summary>Bytes; zero means the TSDB's default (128MiB).</summary>
    public long TsdbWalSegmentSize { get; init; }

    public bool TsdbNoLockfile { get; init; }
    public bool TsdbAllowOverlappingCompaction { get; init; } = true;

    /// <summary>Deprecated and without effect: overlapping blocks are always allowed; kept so old command lines still start.</summary>
    public bool TsdbAllowOverlappingBlocks { get; init; }

    public bool TsdbWalCompression { get; init; } = true;
    public WalCompressionType TsdbWalCompressionType { get; init; } = WalCompressionType.Snappy;
    public int TsdbHeadChunksWriteQueueSize { get; init; }
    public int TsdbSamplesPerChunk { get; init; } = 120;
    public int TsdbDelayedCompactionMaxPercent { get; init; } = 10;
    public string TsdbDelayCompactFilePath { get; init; } = "";
    public TimeSpan TsdbBlockReloadInterval { get; init; } = TimeSpan.FromMinutes(1);

    // --- storage.agent (agent mode) ---
    public string AgentPath { get; init; } = "data-agent/";

    /// <summary>Bytes; zero means the WAL's default.</summary>
    public long AgentWalSegmentSize { get; init; }

    public bool AgentWalCompression { get; init; } = true;
    public WalCompressionType AgentWalCompressionType { get; init; } = WalCompressionType.Snappy;

    /// <summary>Zero means the agent's default.</summary>
    public TimeSpan AgentWalTruncateFrequency { get; init; }

    public TimeSpan AgentRetentionMinTime { get; init; }
    public TimeSpan AgentRetentionMaxTime { get; init; }
    public bool AgentNoLockfile { get; init; }

    // --- remote storage ---
    public TimeSpan RemoteFlushDeadline { get; init; } = TimeSpan.FromMinutes(1);
    public int RemoteReadSampleLimit { get; init; } = 50_000_000;
    public int RemoteReadConcurrentLimit { get; init; } = 10;
    public int RemoteReadMaxBytesInFrame { get; init; } = 1_048_576;

    // --- rules and alerting ---
    public TimeSpan RulesAlertForOutageTolerance { get; init; } = TimeSpan.FromHours(1);
    public TimeSpan RulesAlertForGracePeriod { get; init; } = TimeSpan.FromMinutes(10);
    public TimeSpan RulesAlertResendDelay { get; init; } = TimeSpan.FromMinutes(1);
    public long RulesMaxConcurrentEvals { get; init; } = 4;
    public int AlertmanagerNotificationQueueCapacity { get; init; } = 10_000;
    public int AlertmanagerNotificationBatchSize { get; init; } = 256;
    public bool AlertmanagerDrainNotificationQueueOnShutdown { get; init; } = true;

    // --- query ---
    public TimeSpan QueryLookbackDelta { get; init; } = TimeSpan.FromMinutes(5);
    public TimeSpan QueryTimeout { get; init; } = TimeSpan.FromMinutes(2);
    public int QueryMaxConcurrency { get; init; } = 20;
    public int QueryMaxSamples { get; init; } = 50_000_000;

    // --- scrape ---
    public bool ScrapeAdjustTimestamps { get; init; } = true;
    public TimeSpan ScrapeTimestampTolerance { get; init; } = TimeSpan.FromMilliseconds(2);
    public TimeSpan ScrapeDiscoveryReloadInterval { get; init; } = TimeSpan.FromSeconds(5);
    public NameEscapingScheme ScrapeNameEscapingScheme { get; init; } = NameEscapingScheme.Values;

    /// <summary>True when <c>--enable-feature</c> named <paramref name="feature"/>.</summary>
    public bool IsFeatureEnabled(string feature) => EnableFeatures.Contains(feature, StringComparer.Ordinal);

    /// <summary>The storage directory of the mode in use: <see cref="AgentPath"/> with <c>--agent</c>, else <see cref="TsdbPath"/>.</summary>
    public string StoragePath => Agent ? AgentPath : TsdbPath;

    /// <summary>
    /// Applies Prometheus's rules that depend on several flags, in server mode: no time and no size retention means
    /// 15d time retention; an unset max block duration is 10% of the time retention, at most 31d. Idempotent.
    /// </summary>
    public ServerOptions Resolve()
    {
        if (Agent) return this;
        var options = this;
        if (options.TsdbRetentionTime == TimeSpan.Zero && options.TsdbRetentionSize == 0)
        {
            options = options with { TsdbRetentionTime = DefaultRetention };
        }
        if (options.TsdbMaxBlockDuration == TimeSpan.Zero)
        {
            var max = TimeSpan.FromDays(31);
            if (options.TsdbRetentionTime != TimeSpan.Zero && options.TsdbRetentionTime / 10 < max)
            {
                max = options.TsdbRetentionTime / 10;
            }
            options = options with { TsdbMaxBlockDuration = max };
        }
        return options;
    }

    /// <summary>
    /// Every flag of <see cref="FlagTable.Default"/> (name without <c>--</c>) to its value as text, the way
    /// <c>/api/v1/status/flags</c> shows them: booleans as true/false, durations and sizes in Prometheus's form,
    /// repeatable flags comma-joined. In table order.
    /// </summary>
    public IReadOnlyDictionary<string, string> ToFlagValues() => FlagTable.Default.FormatValues(this);
}
