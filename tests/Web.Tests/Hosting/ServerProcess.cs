using System.Diagnostics;

namespace MetricsServer.Web.Tests.Hosting;

/// <summary>Runs the built executable as a real process, for what only a process shows: exit codes, stderr, signals.</summary>
internal static class ServerProcess
{
    public static string Dll => Path.Combine(AppContext.BaseDirectory, "metrics-server.dll");

    public static Process Start(string workingDirectory, params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add(Dll);
        foreach (var a in args) psi.ArgumentList.Add(a);
        return Process.Start(psi) ?? throw new InvalidOperationException("could not start the server");
    }

    /// <summary>Runs to completion (bounded) and returns the exit code and everything printed.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(string workingDirectory, params string[] args)
    {
        using var p = Start(workingDirectory, args);
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await p.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            p.Kill(entireProcessTree: true);
            throw new Xunit.Sdk.XunitException("the server did not exit within 60 s");
        }
        return (p.ExitCode, await stdout + await stderr);
    }
}
