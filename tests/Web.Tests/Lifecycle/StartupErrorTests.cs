using MetricsServer.Web.Tests.Hosting;

namespace MetricsServer.Web.Tests.Lifecycle;

public sealed class StartupErrorTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ms-startup-").FullName;

    public static TheoryData<string, string, string> BadConfigs => new()
    {
        {
            "unknown field",
            "scrape_configs:\n  - job_name: a\n    scrape_intervall: 5s\n",
            "bad.yml:3:5: field scrape_intervall not found"
        },
        {
            "bad regex",
            "scrape_configs:\n  - job_name: a\n    relabel_configs:\n      - source_labels: [x]\n        regex: '(unclosed'\n",
            "bad.yml:5: scrape_configs[0] (job \"a\").relabel_configs[0]: invalid regex"
        },
        {
            "duplicate job",
            "scrape_configs:\n  - job_name: a\n  - job_name: a\n",
            "bad.yml:3: scrape_configs[1] (job \"a\").job_name: found multiple scrape configs with job name \"a\""
        },
    };

    [Theory]
    [MemberData(nameof(BadConfigs))]
    public async Task BadConfig_ExitsNonZero_NamingFileLineAndField(string name, string yaml, string expected)
    {
        _ = name;
        await File.WriteAllTextAsync(Path.Combine(_dir, "bad.yml"), yaml);
        var (exit, output) = await ServerProcess.RunAsync(_dir, "--config.file=bad.yml", "--web.listen-address=127.0.0.1:0");

        Assert.NotEqual(0, exit);
        Assert.Contains(expected, output);
    }

    [Theory]
    [InlineData("--web.listen-adress=:9090", "unknown long flag '--web.listen-adress'")]
    [InlineData("--storage.tsdb.retention.time=abc", "--storage.tsdb.retention.time")]
    public async Task BadFlag_ExitsNonZero_NamingFlag(string flag, string expected)
    {
        var (exit, output) = await ServerProcess.RunAsync(_dir, flag);

        Assert.Equal(2, exit);
        Assert.Contains(expected, output);
    }

    [Fact]
    public async Task Version_PrintsVersionAndExitsZero()
    {
        var (exit, output) = await ServerProcess.RunAsync(_dir, "--version");

        Assert.Equal(0, exit);
        Assert.StartsWith("metrics-server, version ", output);
    }

    [Fact]
    public async Task LockedDataDirectory_SecondServerExitsOne_SayingItIsLocked()
    {
        await using var first = await TestServer.StartAsync("scrape_configs: []\n");
        var data = Path.Combine(first.Directory, "data");

        var (exit, output) = await ServerProcess.RunAsync(_dir, $"--storage.tsdb.path={data}", "--web.listen-address=127.0.0.1:0");

        Assert.Equal(1, exit);
        Assert.Contains("opening storage failed: lock DB directory", output);
        Assert.Contains("is locked by another process", output);
        // The first server is untouched: still ready, its lock still held.
        using var ready = await first.Http.GetAsync("/-/ready");
        Assert.True(ready.IsSuccessStatusCode);
    }

    [Fact]
    public async Task CorruptWalCheckpoint_ServerExitsOne_SayingStorageFailed()
    {
        var checkpoint = Directory.CreateDirectory(Path.Combine(_dir, "data", "wal", "checkpoint.00000003")).FullName;
        await File.WriteAllBytesAsync(Path.Combine(checkpoint, "00000000"), Enumerable.Repeat((byte)0xFF, 4096).ToArray());

        var (exit, output) = await ServerProcess.RunAsync(_dir, "--storage.tsdb.path=data", "--web.listen-address=127.0.0.1:0");

        Assert.Equal(1, exit);
        Assert.Contains("Opening storage failed", output);
        Assert.Contains("checkpoint", output);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
