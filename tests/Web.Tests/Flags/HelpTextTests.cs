using MetricsServer.Web.Flags;

namespace MetricsServer.Web.Tests.Flags;

public class HelpTextTests
{
    private static readonly string Help = HelpText.Render(FlagTable.Default);

    [Fact]
    public void Render_StartsWithKingpinUsageLine()
    {
        Assert.StartsWith("usage: metrics-server [<flags>]\n", Help, StringComparison.Ordinal);
        Assert.Contains("-h, --help", Help, StringComparison.Ordinal);
        Assert.Contains("--version", Help, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_ListsEveryVisibleFlagOfTheTable()
    {
        var visible = FlagTable.Default.Flags.Where(f => !f.Hidden).ToList();

        Assert.NotEmpty(visible);
        foreach (var flag in visible)
        {
            Assert.Contains("  " + HelpText.Usage(flag), Help, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Render_LeavesHiddenFlagsOut()
    {
        var hidden = FlagTable.Default.Flags.Where(f => f.Hidden).ToList();

        Assert.NotEmpty(hidden);
        foreach (var flag in hidden)
        {
            Assert.DoesNotContain("--" + flag.Name + "=", Help, StringComparison.Ordinal);
            Assert.DoesNotContain("]" + flag.Name + "\n", Help, StringComparison.Ordinal);
        }
    }

    public static TheoryData<string, string> Usages => new()
    {
        { "config.file", "--config.file=\"prometheus.yml\"" },
        { "web.listen-address", "--web.listen-address=\"0.0.0.0:9090\" ..." },
        { "web.read-timeout", "--web.read-timeout=5m" },
        { "web.external-url", "--web.external-url=<URL>" },
        { "web.enable-lifecycle", "--[no-]web.enable-lifecycle" },
        { "storage.tsdb.retention.time", "--storage.tsdb.retention.time=STORAGE.TSDB.RETENTION.TIME" },
        { "storage.remote.read-sample-limit", "--storage.remote.read-sample-limit=5e7" },
        { "enable-feature", "--enable-feature=ENABLE-FEATURE ..." },
        { "log.level", "--log.level=info" },
    };

    [Theory]
    [MemberData(nameof(Usages))]
    public void Usage_ShowsDefaultOrPlaceholder(string name, string expected)
    {
        var flag = FlagTable.Default.Find(name)!;

        Assert.Equal(expected, HelpText.Usage(flag));
        Assert.Contains(expected, Help, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_WrapsLines()
    {
        var longest = Help.Split('\n').Max(l => l.Length);

        Assert.True(longest <= 110, $"longest line has {longest} characters");
    }
}
