using MetricsServer.Web.Flags;
using Microsoft.Extensions.Logging;

namespace MetricsServer.Web.Tests.Flags;

public class FlagParserTests
{
    public static TheoryData<string, string[], string, string> Forms => new()
    {
        // case, command line, flag, value it must end up with (as /api/v1/status/flags prints it)
        { "string with equals", ["--config.file=/etc/prometheus/prometheus.yml"], "config.file", "/etc/prometheus/prometheus.yml" },
        { "string as next argument", ["--config.file", "/etc/p.yml"], "config.file", "/etc/p.yml" },
        { "empty string with equals", ["--web.external-url="], "web.external-url", "" },
        { "value containing equals", ["--web.page-title=a=b"], "web.page-title", "a=b" },
        { "value that is a lone dash", ["--config.file", "-"], "config.file", "-" },
        { "bare boolean", ["--web.enable-admin-api"], "web.enable-admin-api", "true" },
        { "boolean =true", ["--web.enable-lifecycle=true"], "web.enable-lifecycle", "true" },
        { "boolean =false", ["--storage.tsdb.wal-compression=false"], "storage.tsdb.wal-compression", "false" },
        { "boolean =1", ["--web.enable-lifecycle=1"], "web.enable-lifecycle", "true" },
        { "boolean =FALSE", ["--web.enable-lifecycle=FALSE"], "web.enable-lifecycle", "false" },
        { "negated boolean", ["--web.enable-lifecycle", "--no-web.enable-lifecycle"], "web.enable-lifecycle", "false" },
        { "negated default-true boolean", ["--no-alertmanager.drain-notification-queue-on-shutdown"], "alertmanager.drain-notification-queue-on-shutdown", "false" },
        { "bare boolean keeps next flag", ["--web.enable-admin-api", "--config.file=x.yml"], "config.file", "x.yml" },
        { "duration seconds", ["--config.auto-reload-interval=15s"], "config.auto-reload-interval", "15s" },
        { "duration compound", ["--query.timeout", "1h30m"], "query.timeout", "1h30m" },
        { "duration days", ["--storage.tsdb.retention.time=1d"], "storage.tsdb.retention.time", "1d" },
        { "duration weeks", ["--storage.tsdb.retention.time=2w"], "storage.tsdb.retention.time", "2w" },
        { "duration year", ["--storage.tsdb.retention.time=1y"], "storage.tsdb.retention.time", "1y" },
        { "duration milliseconds", ["--scrape.timestamp-tolerance=15ms"], "scrape.timestamp-tolerance", "15ms" },
        { "size MB", ["--storage.tsdb.retention.size=512MB"], "storage.tsdb.retention.size", "512MiB" },
        { "size GB", ["--storage.tsdb.retention.size", "10GB"], "storage.tsdb.retention.size", "10GiB" },
        { "int", ["--query.max-concurrency=4"], "query.max-concurrency", "4" },
        { "int in exponent notation", ["--storage.remote.read-sample-limit=1e6"], "storage.remote.read-sample-limit", "1000000" },
        { "int64", ["--rules.max-concurrent-evals=8"], "rules.max-concurrent-evals", "8" },
        { "float", ["--auto-gomemlimit.ratio=0.5"], "auto-gomemlimit.ratio", "0.5" },
        { "enum log.level", ["--log.level=debug"], "log.level", "debug" },
        { "enum log.format", ["--log.format", "json"], "log.format", "json" },
        { "enum wal compression", ["--storage.tsdb.wal-compression-type=zstd"], "storage.tsdb.wal-compression-type", "zstd" },
        { "enum escaping", ["--scrape.name-escaping-scheme=underscores"], "scrape.name-escaping-scheme", "underscores" },
        { "later occurrence wins", ["--config.file=a.yml", "--config.file=b.yml"], "config.file", "b.yml" },
        { "later duration wins", ["--query.timeout=1m", "--query.timeout", "3m"], "query.timeout", "3m" },
        { "repeated feature flags split on commas", ["--enable-feature=a,b", "--enable-feature=c"], "enable-feature", "a,b,c" },
        { "feature flag as next argument", ["--enable-feature", "exemplar-storage"], "enable-feature", "exemplar-storage" },
        { "listen address replaces default", ["--web.listen-address=:9091"], "web.listen-address", ":9091" },
        { "listen address repeated", ["--web.listen-address=:9091", "--web.listen-address", "[::1]:9092"], "web.listen-address", ":9091,[::1]:9092" },
        { "listen address not split on commas", ["--web.remote-write-receiver.accepted-protobuf-messages=io.prometheus.write.v2.Request"], "web.remote-write-receiver.accepted-protobuf-messages", "io.prometheus.write.v2.Request" },
        { "double dash at the end", ["--web.enable-lifecycle", "--"], "web.enable-lifecycle", "true" },
        { "hidden flag accepted", ["--storage.tsdb.min-block-duration=30m"], "storage.tsdb.min-block-duration", "30m" },
        { "deprecated flag accepted", ["--storage.tsdb.allow-overlapping-blocks"], "storage.tsdb.allow-overlapping-blocks", "true" },
        { "agent flag in agent mode", ["--agent", "--storage.agent.path=/agent"], "storage.agent.path", "/agent" },
        { "agent mode set after agent flag", ["--storage.agent.no-lockfile", "--agent"], "storage.agent.no-lockfile", "true" },
    };

    [Theory]
    [MemberData(nameof(Forms))]
    public void Parse_Form_SetsFlag(string caseName, string[] args, string flag, string expected)
    {
        var result = FlagParser.Parse(args);

        Assert.True(result.IsSuccess, $"{caseName}: {result.Error}");
        Assert.Equal(expected, result.Options.ToFlagValues()[flag]);
    }

    public static TheoryData<string, string[], string> Errors => new()
    {
        // case, command line, error message
        { "unknown long flag", ["--web.listen-adress=:9090"], "unknown long flag '--web.listen-adress'" },
        { "unknown long flag without value", ["--nope"], "unknown long flag '--nope'" },
        { "negation of a non-boolean", ["--no-config.file"], "unknown long flag '--no-config.file'" },
        { "unknown short flag", ["-x"], "unknown short flag '-x'" },
        { "single-dash long flag", ["-config.file=x"], "unknown short flag '-c'" },
        { "bad duration", ["--storage.tsdb.retention.time=abc"], "invalid value \"abc\" for flag --storage.tsdb.retention.time: not a valid duration string: \"abc\"" },
        { "duration without unit", ["--query.timeout", "10"], "invalid value \"10\" for flag --query.timeout: not a valid duration string: \"10\"" },
        { "empty duration", ["--query.lookback-delta="], "invalid value \"\" for flag --query.lookback-delta: empty duration string" },
        { "bad size", ["--storage.tsdb.retention.size=10XB"], "invalid value \"10XB\" for flag --storage.tsdb.retention.size: invalid size \"10XB\": unknown unit \"XB\"" },
        { "bad int", ["--query.max-concurrency=many"], "invalid value \"many\" for flag --query.max-concurrency: not an integer" },
        { "fractional int", ["--query.max-samples=1.5"], "invalid value \"1.5\" for flag --query.max-samples: not an integer" },
        { "int out of range", ["--web.max-connections=99999999999"], "invalid value \"99999999999\" for flag --web.max-connections: integer out of range" },
        { "bad float", ["--auto-gomemlimit.ratio=half"], "invalid value \"half\" for flag --auto-gomemlimit.ratio: not a number" },
        { "float out of range", ["--auto-gomemlimit.ratio=1.5"], "invalid value \"1.5\" for flag --auto-gomemlimit.ratio: must be greater than 0 and less than or equal to 1" },
        { "bad boolean value", ["--web.enable-admin-api=yes"], "invalid value \"yes\" for flag --web.enable-admin-api: expected true or false" },
        { "negated boolean with value", ["--no-web.enable-admin-api=true"], "flag --no-web.enable-admin-api does not take a value" },
        { "bad log level", ["--log.level=trace"], "invalid value \"trace\" for flag --log.level: must be one of debug, info, warn, error" },
        { "log level is case-sensitive", ["--log.level=INFO"], "invalid value \"INFO\" for flag --log.level: must be one of debug, info, warn, error" },
        { "bad log format", ["--log.format=text"], "invalid value \"text\" for flag --log.format: must be one of logfmt, json" },
        { "bad protobuf message", ["--web.remote-write-receiver.accepted-protobuf-messages=foo"], "invalid value \"foo\" for flag --web.remote-write-receiver.accepted-protobuf-messages: must be one of prometheus.WriteRequest, io.prometheus.write.v2.Request" },
        { "missing value at the end", ["--config.file"], "expected argument for flag --config.file" },
        { "missing value before a flag", ["--config.file", "--web.enable-lifecycle"], "expected argument for flag --config.file" },
        { "missing value before double dash", ["--query.timeout", "--"], "expected argument for flag --query.timeout" },
        { "positional argument", ["prometheus.yml"], "unexpected prometheus.yml" },
        { "bare boolean does not swallow", ["--web.enable-admin-api", "true"], "unexpected true" },
        { "argument after double dash", ["--", "--config.file=x"], "unexpected --config.file=x" },
        { "bad listen address", ["--web.listen-address=9090"], "invalid value \"9090\" for flag --web.listen-address: missing port in address" },
        { "server flag in agent mode", ["--agent", "--storage.tsdb.path=/data"], "the following flag(s) can not be used in agent mode: --storage.tsdb.path" },
        { "agent flag in server mode", ["--storage.agent.path=/agent", "--storage.agent.no-lockfile"], "the following flag(s) can only be used in agent mode: --storage.agent.path, --storage.agent.no-lockfile" },
    };

    [Theory]
    [MemberData(nameof(Errors))]
    public void Parse_BadCommandLine_ReturnsErrorNamingFlag(string caseName, string[] args, string expected)
    {
        var result = FlagParser.Parse(args);

        Assert.Equal(FlagParseOutcome.Error, result.Outcome);
        Assert.Equal(expected, result.Error);
        Assert.Null(result.OptionsOrNull);
        Assert.False(string.IsNullOrEmpty(caseName));
    }

    public static TheoryData<string, string[], FlagParseOutcome> Requests => new()
    {
        { "-h", ["-h"], FlagParseOutcome.HelpRequested },
        { "--help", ["--help"], FlagParseOutcome.HelpRequested },
        { "--help after flags", ["--config.file=x.yml", "--help"], FlagParseOutcome.HelpRequested },
        { "--help before a bad flag", ["--help", "--nope"], FlagParseOutcome.HelpRequested },
        { "--version", ["--version"], FlagParseOutcome.VersionRequested },
        { "--version after flags", ["--web.enable-lifecycle", "--version"], FlagParseOutcome.VersionRequested },
        { "bad flag before --help", ["--nope", "--help"], FlagParseOutcome.Error },
    };

    [Theory]
    [MemberData(nameof(Requests))]
    public void Parse_HelpOrVersion_ReturnsRequest(string caseName, string[] args, FlagParseOutcome expected)
    {
        var result = FlagParser.Parse(args);

        Assert.True(expected == result.Outcome, $"{caseName}: got {result.Outcome} {result.Error}");
    }

    [Fact]
    public void Parse_NoArguments_GivesPrometheusDefaults()
    {
        var result = FlagParser.Parse([]);

        Assert.True(result.IsSuccess, result.Error);
        var o = result.Options;
        Assert.Equal(ServerOptions.Default, o);
        Assert.Equal("prometheus.yml", o.ConfigFile);
        Assert.Equal(TimeSpan.FromSeconds(30), o.ConfigAutoReloadInterval);
        Assert.Equal(["0.0.0.0:9090"], o.ListenAddresses);
        Assert.Equal("", o.WebConfigFile);
        Assert.Equal(TimeSpan.FromMinutes(5), o.WebReadTimeout);
        Assert.Equal(512, o.WebMaxConnections);
        Assert.Equal(16, o.WebMaxNotificationsSubscribers);
        Assert.Equal("", o.WebExternalUrl);
        Assert.Equal("", o.WebRoutePrefix);
        Assert.False(o.WebEnableLifecycle);
        Assert.False(o.WebEnableAdminApi);
        Assert.False(o.WebEnableRemoteWriteReceiver);
        Assert.False(o.WebEnableOtlpReceiver);
        Assert.Equal(["prometheus.WriteRequest"], o.WebRemoteWriteReceiverAcceptedProtobufMessages);
        Assert.Equal("consoles", o.WebConsoleTemplates);
        Assert.Equal("console_libraries", o.WebConsoleLibraries);
        Assert.Equal("Prometheus Time Series Collection and Processing Server", o.WebPageTitle);
        Assert.Equal(".*", o.WebCorsOrigin);
        Assert.Equal("data/", o.TsdbPath);
        Assert.Equal(TimeSpan.FromDays(15), o.TsdbRetentionTime);
        Assert.Equal(0, o.TsdbRetentionSize);
        Assert.Equal(TimeSpan.FromHours(2), o.TsdbMinBlockDuration);
        Assert.Equal(TimeSpan.FromHours(36), o.TsdbMaxBlockDuration);
        Assert.False(o.TsdbNoLockfile);
        Assert.True(o.TsdbWalCompression);
        Assert.Equal(WalCompressionType.Snappy, o.TsdbWalCompressionType);
        Assert.Equal(0, o.TsdbHeadChunksWriteQueueSize);
        Assert.Equal(120, o.TsdbSamplesPerChunk);
        Assert.Equal("data-agent/", o.AgentPath);
        Assert.True(o.AgentWalCompression);
        Assert.Equal(TimeSpan.FromMinutes(1), o.RemoteFlushDeadline);
        Assert.Equal(50_000_000, o.RemoteReadSampleLimit);
        Assert.Equal(10, o.RemoteReadConcurrentLimit);
        Assert.Equal(1_048_576, o.RemoteReadMaxBytesInFrame);
        Assert.Equal(TimeSpan.FromHours(1), o.RulesAlertForOutageTolerance);
        Assert.Equal(TimeSpan.FromMinutes(10), o.RulesAlertForGracePeriod);
        Assert.Equal(TimeSpan.FromMinutes(1), o.RulesAlertResendDelay);
        Assert.Equal(4, o.RulesMaxConcurrentEvals);
        Assert.Equal(10_000, o.AlertmanagerNotificationQueueCapacity);
        Assert.Equal(256, o.AlertmanagerNotificationBatchSize);
        Assert.True(o.AlertmanagerDrainNotificationQueueOnShutdown);
        Assert.Equal(TimeSpan.FromMinutes(5), o.QueryLookbackDelta);
        Assert.Equal(TimeSpan.FromMinutes(2), o.QueryTimeout);
        Assert.Equal(20, o.QueryMaxConcurrency);
        Assert.Equal(50_000_000, o.QueryMaxSamples);
        Assert.True(o.ScrapeAdjustTimestamps);
        Assert.Equal(TimeSpan.FromMilliseconds(2), o.ScrapeTimestampTolerance);
        Assert.Equal(TimeSpan.FromSeconds(5), o.ScrapeDiscoveryReloadInterval);
        Assert.Equal(NameEscapingScheme.Values, o.ScrapeNameEscapingScheme);
        Assert.Empty(o.EnableFeatures);
        Assert.False(o.Agent);
        Assert.Equal(LogLevel.Information, o.LogLevel);
        Assert.Equal(LogFormat.Logfmt, o.LogFormat);
        Assert.Empty(result.SetFlags);
    }

    [Fact]
    public void Parse_TypedValues_ReachTheirProperties()
    {
        var result = FlagParser.Parse([
            "--storage.tsdb.retention.time=1h30m", "--storage.tsdb.retention.size=512MB", "--log.level=warn",
            "--web.enable-admin-api", "--no-storage.tsdb.wal-compression", "--enable-feature=a, b",
        ]);

        Assert.True(result.IsSuccess, result.Error);
        var o = result.Options;
        Assert.Equal(TimeSpan.FromMinutes(90), o.TsdbRetentionTime);
        Assert.Equal(512L << 20, o.TsdbRetentionSize);
        Assert.Equal(LogLevel.Warning, o.LogLevel);
        Assert.True(o.WebEnableAdminApi);
        Assert.False(o.TsdbWalCompression);
        Assert.Equal(["a", "b"], o.EnableFeatures);
        Assert.True(o.IsFeatureEnabled("b"));
        Assert.Equal(
            ["storage.tsdb.retention.time", "storage.tsdb.retention.size", "log.level", "web.enable-admin-api", "storage.tsdb.wal-compression", "enable-feature"],
            result.SetFlags);
    }

    public static TheoryData<string, string[], string, string> Retention => new()
    {
        // case, command line, expected retention.time, expected max-block-duration
        { "neither time nor size", [], "15d", "1d12h" },
        { "size only keeps time unset", ["--storage.tsdb.retention.size=1GB"], "0s", "31d" },
        { "time only", ["--storage.tsdb.retention.time=30d"], "30d", "3d" },
        { "long time caps block duration", ["--storage.tsdb.retention.time=1y"], "1y", "31d" },
        { "explicit block duration kept", ["--storage.tsdb.max-block-duration=6h"], "15d", "6h" },
        { "agent mode leaves both unset", ["--agent"], "0s", "0s" },
    };

    [Theory]
    [MemberData(nameof(Retention))]
    public void Parse_Retention_AppliesPrometheusDefaultRule(string caseName, string[] args, string time, string maxBlock)
    {
        var result = FlagParser.Parse(args);

        Assert.True(result.IsSuccess, $"{caseName}: {result.Error}");
        var values = result.Options.ToFlagValues();
        Assert.Equal(time, values["storage.tsdb.retention.time"]);
        Assert.Equal(maxBlock, values["storage.tsdb.max-block-duration"]);
    }
}
