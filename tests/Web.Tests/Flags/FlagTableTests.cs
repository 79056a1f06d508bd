using MetricsServer.Web.Flags;

namespace MetricsServer.Web.Tests.Flags;

public class FlagTableTests
{
    // The flags of `prometheus --help` (Prometheus 3) that this table must carry.
    public static TheoryData<string> DocumentedFlags => new()
    {
        "config.file", "config.auto-reload-interval", "web.listen-address", "auto-gomaxprocs", "auto-gomemlimit",
        "auto-gomemlimit.ratio", "web.config.file", "web.read-timeout", "web.max-connections",
        "web.max-notifications-subscribers", "web.external-url", "web.route-prefix", "web.user-assets",
        "web.enable-lifecycle", "web.enable-admin-api", "web.enable-remote-write-receiver",
        "web.remote-write-receiver.accepted-protobuf-messages", "web.enable-otlp-receiver", "web.console.templates",
        "web.console.libraries", "web.page-title", "web.cors.origin", "storage.tsdb.path", "storage.tsdb.retention.time",
        "storage.tsdb.retention.size", "storage.tsdb.no-lockfile", "storage.tsdb.head-chunks-write-queue-size",
        "storage.tsdb.delay-compact-file.path", "storage.agent.path", "storage.agent.wal-compression",
        "storage.agent.retention.min-time", "storage.agent.retention.max-time", "storage.agent.no-lockfile",
        "storage.remote.flush-deadline", "storage.remote.read-sample-limit", "storage.remote.read-concurrent-limit",
        "storage.remote.read-max-bytes-in-frame", "rules.alert.for-outage-tolerance", "rules.alert.for-grace-period",
        "rules.alert.resend-delay", "rules.max-concurrent-evals", "alertmanager.notification-queue-capacity",
        "alertmanager.notification-batch-size", "alertmanager.drain-notification-queue-on-shutdown",
        "query.lookback-delta", "query.timeout", "query.max-concurrency", "query.max-samples",
        "scrape.name-escaping-scheme", "enable-feature", "agent", "log.level", "log.format",
    };

    [Theory]
    [MemberData(nameof(DocumentedFlags))]
    public void Default_HasDocumentedFlag_Visible(string name)
    {
        var flag = FlagTable.Default.Find(name);

        Assert.NotNull(flag);
        Assert.False(flag.Hidden);
    }

    [Fact]
    public void Default_EveryDefaultTextParsesToTheDefaultValue()
    {
        var plain = new ServerOptions();
        foreach (var flag in FlagTable.Default.Flags)
        {
            if (flag.DefaultText is null) continue;
            var builder = new ServerOptionsBuilder();
            Assert.True(flag.TryApply(builder, flag.DefaultText, out var error), $"--{flag.Name}: {error}");
            Assert.Equal(flag.FormatValue(plain), flag.FormatValue(builder.Options));
        }
    }

    [Fact]
    public void Default_EveryFlagSetterReachesItsOwnProperty()
    {
        // Catches a row whose setter writes another flag's property: setting a non-default value must change this
        // flag's printed value and no other's.
        var plain = new ServerOptions();
        var before = plain.ToFlagValues();
        foreach (var flag in FlagTable.Default.Flags)
        {
            var builder = new ServerOptionsBuilder();
            Assert.True(flag.TryApply(builder, NonDefault(flag), out var error), $"--{flag.Name}: {error}");
            var after = FlagTable.Default.FormatValues(builder.Options);
            var changed = after.Where(kv => before[kv.Key] != kv.Value).Select(kv => kv.Key).ToList();
            Assert.Equal([flag.Name], changed);
        }
    }

    [Fact]
    public void Constructor_DuplicateName_Throws()
    {
        var flag = FlagTable.Default.Find("config.file")!;

        Assert.Throws<ArgumentException>(() => new FlagTable([flag, flag]));
    }

    private static string NonDefault(FlagDefinition flag) => flag.Kind switch
    {
        FlagKind.Bool => flag.FormatValue(new ServerOptions()) == "true" ? "false" : "true",
        FlagKind.Duration => "7m",
        FlagKind.Size => "3MB",
        FlagKind.Int => "7",
        FlagKind.Float => "0.25",
        FlagKind.Enum => flag.AllowedValues[^1],
        FlagKind.StringList => flag.AllowedValues.Count > 0 ? flag.AllowedValues[^1] : "x",
        _ => "other-value",
    };
}
