using System.Diagnostics;

namespace MetricsServer.Web.Tests.EndToEnd;

/// <summary>Runs Debian's <c>promtool</c>, failing the test with an install hint when it is missing.</summary>
internal static class Promtool
{
    public const string Path = "/usr/bin/promtool";

    public static async Task<string> RunAsync(params string[] args)
    {
        Assert.True(File.Exists(Path), $"{Path} is missing: install Debian's prometheus package (apt-get install prometheus) to run the interop tests");
        var psi = new ProcessStartInfo(Path)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await p.WaitForExitAsync(timeout.Token);
        Assert.True(p.ExitCode == 0, $"promtool {string.Join(' ', args)} exited with {p.ExitCode}:\n{await stderr}\n{await stdout}");
        return await stdout + await stderr;
    }
}
