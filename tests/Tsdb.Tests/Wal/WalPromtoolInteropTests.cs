using System.Diagnostics;
using System.Globalization;
using MetricsServer.Model.Storage;
using MetricsServer.Tsdb.Wal;

namespace MetricsServer.Tsdb.Tests.Wal;

/// <summary>
/// Byte compatibility with Prometheus: a data directory holding only a WAL we wrote is replayed by Debian's
/// <c>promtool tsdb dump</c> (Prometheus 2.42), which must print every sample with its labels, value and timestamp.
/// </summary>
public sealed class WalPromtoolInteropTests : IDisposable
{
    private const string Promtool = "/usr/bin/promtool";

    private readonly WalTestData _data = new();

    public void Dispose() => _data.Dispose();

    [Theory]
    [InlineData(WalCompression.None)]
    [InlineData(WalCompression.Snappy)]
    public void PromtoolDump_ReplaysOurWal_PrintsEverySample(WalCompression compression)
    {
        Assert.True(File.Exists(Promtool),
            $"{Promtool} is missing: install Debian's prometheus package (apt-get install prometheus); .ci/run installs it under CI=true.");

        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var start = now - (30 * 60 * 1000);
        var series = new List<RefSeries>();
        var expected = new HashSet<string>(StringComparer.Ordinal);
        using (var wal = WriteAheadLog.Open(_data.WalDir, new WalOptions { Compression = compression }))
        {
            for (var s = 0; s < 4; s++)
            {
                series.Add(WalTestData.Series((ulong)(s + 1), "__name__", "wal_interop_total", "job", "test", "idx", s.ToString(CultureInfo.InvariantCulture)));
            }
            wal.Log(WalTestData.SeriesRecord([.. series]));
            // Several samples records, each interleaving the series, as commits of scrapes would.
            for (var round = 0; round < 30; round++)
            {
                var samples = new List<RefSample>();
                for (var s = 0; s < series.Count; s++)
                {
                    var t = start + (round * 15_000) + s;
                    var v = (round * 1.5) + (s * 1000) + 0.25;
                    samples.Add(new RefSample(new SeriesRef((ulong)(s + 1)), t, v));
                    expected.Add(Line(s, v, t));
                }
                wal.Log(WalTestData.SamplesRecord([.. samples]));
            }
            wal.Commit();
        }

        var output = Run(Promtool, "tsdb", "dump", _data.Root);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(l => l.StartsWith('{')).Select(Normalize).ToHashSet(StringComparer.Ordinal);
        var missing = expected.Where(e => !lines.Contains(e)).ToList();
        Assert.True(missing.Count == 0, $"promtool did not print {missing.Count} of {expected.Count} samples, e.g. {missing.FirstOrDefault()}; output:\n{Head(output)}");
        Assert.Equal(expected.Count, lines.Count);
    }

    private static string Line(int s, double v, long t) =>
        $"{{__name__=\"wal_interop_total\", idx=\"{s}\", job=\"test\"}} {v.ToString("R", CultureInfo.InvariantCulture)} {t}";

    // promtool prints values with Go's %g; parse and reprint them so both sides spell numbers alike.
    private static string Normalize(string line)
    {
        var close = line.LastIndexOf('}');
        var rest = line[(close + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (rest.Length != 2) return line;
        var v = double.Parse(rest[0], NumberStyles.Float, CultureInfo.InvariantCulture);
        return $"{line[..(close + 1)]} {v.ToString("R", CultureInfo.InvariantCulture)} {rest[1]}";
    }

    private static string Head(string s) => s.Length > 2000 ? s[..2000] : s;

    private static string Run(string file, params string[] args)
    {
        var psi = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var stderr = p.StandardError.ReadToEndAsync();
        var stdout = p.StandardOutput.ReadToEnd();
        if (!p.WaitForExit(60_000))
        {
            p.Kill(entireProcessTree: true);
            Assert.Fail("promtool did not finish within a minute");
        }
        Assert.True(p.ExitCode == 0, $"promtool exited with {p.ExitCode}: {stderr.Result}");
        return stdout;
    }
}
