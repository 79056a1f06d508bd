using MetricsServer.Web.Flags;

namespace MetricsServer.Web.Tests.Flags;

public class ServerOptionsTests
{
    [Fact]
    public void ToFlagValues_Defaults_ListEveryFlagAsPrometheusPrintsIt()
    {
        var values = ServerOptions.Default.ToFlagValues();

        Assert.Equal(FlagTable.Default.Flags.Select(f => f.Name), values.Keys);
        Assert.Equal("prometheus.yml", values["config.file"]);
        Assert.Equal("0.0.0.0:9090", values["web.listen-address"]);
        Assert.Equal("false", values["web.enable-admin-api"]);
        Assert.Equal("true", values["storage.tsdb.wal-compression"]);
        Assert.Equal("5m", values["web.read-timeout"]);
        Assert.Equal("15d", values["storage.tsdb.retention.time"]);
        Assert.Equal("0B", values["storage.tsdb.retention.size"]);
        Assert.Equal("2h", values["storage.tsdb.min-block-duration"]);
        Assert.Equal("50000000", values["storage.remote.read-sample-limit"]);
        Assert.Equal("0.9", values["auto-gomemlimit.ratio"]);
        Assert.Equal("info", values["log.level"]);
        Assert.Equal("logfmt", values["log.format"]);
        Assert.Equal("snappy", values["storage.tsdb.wal-compression-type"]);
        Assert.Equal("", values["enable-feature"]);
        Assert.Equal("", values["web.external-url"]);
    }

    public static TheoryData<string, string[]> RoundTrips => new()
    {
        { "defaults", [] },
        { "common server flags", [
            "--config.file=/etc/prometheus/prometheus.yml", "--storage.tsdb.path=/prometheus",
            "--storage.tsdb.retention.time=1h30m", "--storage.tsdb.retention.size=10GB",
            "--web.listen-address=:9091", "--web.listen-address=[::1]:9092", "--web.enable-lifecycle",
            "--web.enable-admin-api", "--web.external-url=http://example.com/prom", "--web.route-prefix=/",
            "--query.timeout=30s", "--query.max-samples=1000", "--query.lookback-delta=2m", "--log.level=debug",
            "--log.format=json", "--enable-feature=exemplar-storage,native-histograms", "--enable-feature=x",
            "--no-storage.tsdb.wal-compression", "--storage.tsdb.wal-compression-type=zstd",
            "--auto-gomemlimit.ratio=0.75", "--scrape.timestamp-tolerance=15ms", "--web.page-title=a, b",
        ] },
        { "size only", ["--storage.tsdb.retention.size=1536B"] },
        { "odd durations", ["--storage.tsdb.retention.time=2w", "--web.read-timeout=1d2h3m4s5ms", "--rules.alert.resend-delay=0"] },
        { "agent mode", ["--agent", "--storage.agent.path=/agent", "--storage.agent.retention.max-time=4h"] },
    };

    [Theory]
    [MemberData(nameof(RoundTrips))]
    public void ToFlagValues_ParsedAgain_GivesSameOptions(string caseName, string[] args)
    {
        var first = FlagParser.Parse(args);
        Assert.True(first.IsSuccess, $"{caseName}: {first.Error}");

        var again = FlagParser.Parse(ToArgs(first.Options.ToFlagValues()));

        Assert.True(again.IsSuccess, $"{caseName}: {again.Error}");
        Assert.Equal(first.Options, again.Options);
    }

    [Fact]
    public void Equality_ComparesListsByContent()
    {
        var a = ServerOptions.Default with { ListenAddresses = StringList.Of(":1", ":2") };
        var b = ServerOptions.Default with { ListenAddresses = new StringList([":1", ":2"]) };
        var c = ServerOptions.Default with { ListenAddresses = StringList.Of(":2", ":1") };

        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.NotEqual(a, c);
    }

    [Fact]
    public void Resolve_IsIdempotent()
    {
        var once = new ServerOptions().Resolve();

        Assert.Equal(once, once.Resolve());
        Assert.Equal(TimeSpan.FromDays(15), once.TsdbRetentionTime);
        Assert.Equal(TimeSpan.Zero, new ServerOptions().TsdbRetentionTime);
    }

    [Fact]
    public void StoragePath_FollowsMode()
    {
        Assert.Equal("data/", ServerOptions.Default.StoragePath);
        Assert.Equal("data-agent/", (ServerOptions.Default with { Agent = true }).StoragePath);
    }

    // Turns /api/v1/status/flags values back into a command line: a repeatable flag once per element, and flags at
    // their plain default left out, since Prometheus refuses server-only flags in agent mode and the reverse.
    private static List<string> ToArgs(IReadOnlyDictionary<string, string> values)
    {
        var plain = new ServerOptions().ToFlagValues();
        var args = new List<string>();
        foreach (var (name, value) in values)
        {
            if (plain[name] == value) continue;
            var flag = FlagTable.Default.Find(name)!;
            if (flag.IsRepeatable)
            {
                foreach (var item in value.Split(',', StringSplitOptions.RemoveEmptyEntries)) args.Add($"--{name}={item}");
            }
            else
            {
                args.Add($"--{name}={value}");
            }
        }
        return args;
    }
}
