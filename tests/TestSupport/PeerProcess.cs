using System.Diagnostics;
using Xunit;

namespace MetricsServer.TestSupport;

/// <summary>
/// A peer program from Debian's packages (node exporter, Alertmanager, ...) run by a test: a missing binary fails
/// the test with an install hint, its output is drained so it never blocks, and it is killed with its children.
/// </summary>
public sealed class PeerProcess : IDisposable
{
    private Process? _process;

    private PeerProcess(Process process) => _process = process;

    /// <summary>Starts <paramref name="binary"/>; <paramref name="package"/> names the Debian package for the hint.</summary>
    public static PeerProcess Start(string binary, string package, params string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        Assert.True(File.Exists(binary), $"{binary} is missing: install Debian's {package} (.ci/run does)");
        var psi = new ProcessStartInfo(binary)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var a in args) psi.ArgumentList.Add(a);
        var process = Process.Start(psi) ?? throw new InvalidOperationException("could not start " + binary);
        process.ErrorDataReceived += static (_, _) => { };
        process.OutputDataReceived += static (_, _) => { };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        return new PeerProcess(process);
    }

    /// <summary>Polls <paramref name="url"/> until it answers 2xx, for at most 20 s.</summary>
    public static async Task WaitUntilOkAsync(string url, string what)
    {
        using var http = new HttpClient();
        await Eventually.TrueAsync(async () =>
        {
            try
            {
                return (await http.GetAsync(url)).IsSuccessStatusCode;
            }
            catch (HttpRequestException)
            {
                return false;
            }
        }, TimeSpan.FromSeconds(20), what);
    }

    /// <summary>Kills the peer and waits for it to exit.</summary>
    public void Stop()
    {
        if (_process is null) return;
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit(10_000);
        _process.Dispose();
        _process = null;
    }

    public void Dispose() => Stop();
}
