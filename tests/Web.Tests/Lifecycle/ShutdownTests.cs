using System.Diagnostics;
using MetricsServer.TestSupport;
using MetricsServer.Web.Tests.Hosting;

namespace MetricsServer.Web.Tests.Lifecycle;

public sealed class ShutdownTests
{
    [Fact]
    public async Task Sigterm_StopsGracefullyWithExitCodeZero()
    {
        var dir = Directory.CreateTempSubdirectory("ms-term-").FullName;
        var port = FreePort.Next();
        using var process = ServerProcess.Start(dir, $"--web.listen-address=127.0.0.1:{port}", "--storage.tsdb.path=data");
        var output = process.StandardOutput.ReadToEndAsync();
        _ = process.StandardError.ReadToEndAsync();
        try
        {
            using var http = new HttpClient();
            await Eventually.TrueAsync(async () =>
            {
                try
                {
                    return (await http.GetAsync($"http://127.0.0.1:{port}/-/ready")).IsSuccessStatusCode;
                }
                catch (HttpRequestException)
                {
                    return false;
                }
            }, TimeSpan.FromSeconds(30), "the server to be ready");

            using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])) await kill.WaitForExitAsync();
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));

            Assert.Equal(0, process.ExitCode);
            Assert.True(Directory.Exists(Path.Combine(dir, "data")));
        }
        finally
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
            Directory.Delete(dir, recursive: true);
        }
    }
}
