using System.Diagnostics;
using System.Globalization;
using Xunit;

namespace MetricsServer.TestSupport;

/// <summary>
/// Runs Debian's <c>promtool</c> (from the <c>prometheus</c> package), failing the test with an install hint when it
/// is missing: interop tests never pass by skipping.
/// </summary>
public static class Promtool
{
    public const string Path = "/usr/bin/promtool";

    /// <summary>Runs promtool and returns its standard output and error; a non-zero exit fails the test.</summary>
    public static string Run(params string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        Assert.True(File.Exists(Path), $"{Path} is missing: install Debian's prometheus package (apt-get install prometheus) to run the promtool interop tests");
        var psi = new ProcessStartInfo(Path)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var stderr = p.StandardError.ReadToEndAsync();
        var stdout = p.StandardOutput.ReadToEnd();
        Assert.True(p.WaitForExit(120_000), "promtool did not finish within 2 minutes");
        Assert.True(p.ExitCode == 0, $"promtool {string.Join(' ', args)} exited with {p.ExitCode}:\n{stderr.Result}\n{stdout}");
        return stdout + stderr.Result;
    }

    /// <summary>
    /// Dumps every sample in <paramref name="dataDirectory"/>, keyed by promtool's label-set text
    /// (<c>{__name__="m", i="0"}</c>). promtool opens the directory as a read-only database and insists on a
    /// <c>wal/</c> there, as a server's has, so an empty one is created.
    /// </summary>
    public static Dictionary<string, List<(long T, double V)>> Dump(string dataDirectory)
    {
        Directory.CreateDirectory(System.IO.Path.Combine(dataDirectory, "wal"));
        return ParseDump(Run("tsdb", "dump", dataDirectory));
    }

    /// <summary>Parses promtool's dump lines, <c>{labels} value timestamp</c>, into samples per label set.</summary>
    public static Dictionary<string, List<(long T, double V)>> ParseDump(string output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var result = new Dictionary<string, List<(long, double)>>(StringComparer.Ordinal);
        foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var close = line.LastIndexOf('}');
            if (!line.StartsWith('{') || close < 0) continue;
            var key = line[..(close + 1)];
            var rest = line[(close + 2)..].Split(' ');
            var v = double.Parse(rest[0], NumberStyles.Float, CultureInfo.InvariantCulture);
            var t = long.Parse(rest[1], CultureInfo.InvariantCulture);
            if (!result.TryGetValue(key, out var list)) result[key] = list = [];
            list.Add((t, v));
        }
        return result;
    }
}
