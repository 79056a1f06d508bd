using System.Diagnostics;

namespace MetricsServer.Tsdb.Tests.Blocks;

/// <summary>Runs Debian's <c>promtool</c>, failing the test with an install hint when it is missing.</summary>
internal static class Promtool
{
    public const string Path = "/usr/bin/promtool";

    public static string Run(params string[] args)
    {
        Assert.True(File.Exists(Path), $"{Path} is missing: install Debian's prometheus package (apt-get install prometheus) to run the block interop tests");
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
}
