using System.Diagnostics;
using MetricsServer.Config;
using MetricsServer.Model.Time;
using MetricsServer.Web.Flags;
using MetricsServer.Web.Lifecycle;

namespace MetricsServer.Web.Api;

/// <summary><c>/api/v1/status/*</c>: config, flags, build and runtime information; the TSDB's in <see cref="TsdbStatusApi"/>.</summary>
public static class StatusApi
{
    private static readonly DateTimeOffset StartTime = Process.GetCurrentProcess().StartTime.ToUniversalTime();

    public static void Map(IEndpointRouteBuilder api)
    {
        TsdbStatusApi.Map(api);
        api.MapGet("/status/config", (ConfigReloader reloader) =>
            ApiResponse.Success(new Dictionary<string, string> { ["yaml"] = ConfigPrinter.ToYaml(reloader.Current) }));
        api.MapGet("/status/flags", (ServerOptions options) => ApiResponse.Success(options.ToFlagValues()));
        api.MapGet("/status/buildinfo", () =>
        {
            var b = BuildInfo.Current;
            return ApiResponse.Success(new Dictionary<string, string>
            {
                ["version"] = b.Version,
                ["revision"] = b.Revision,
                ["branch"] = b.Branch,
                ["buildUser"] = b.BuildUser,
                ["buildDate"] = b.BuildDate,
                ["goVersion"] = b.RuntimeVersion,
            });
        });
        api.MapGet("/status/runtimeinfo", (ServerOptions options, ConfigReloader reloader) =>
        {
            var retention = new List<string>();
            if (options.TsdbRetentionTime > TimeSpan.Zero) retention.Add(PromDuration.Format(options.TsdbRetentionTime));
            if (options.TsdbRetentionSize > 0) retention.Add(ByteSize.Format(options.TsdbRetentionSize));
            return ApiResponse.Success(new Dictionary<string, object?>
            {
                ["startTime"] = ApiParams.FormatTime(StartTime),
                ["CWD"] = Environment.CurrentDirectory,
                ["hostname"] = Environment.MachineName,
                ["serverTime"] = ApiParams.FormatTime(DateTimeOffset.UtcNow),
                ["reloadConfigSuccess"] = reloader.LastReloadSuccessful,
                ["lastConfigTime"] = ApiParams.FormatTime(reloader.LastReloadTime),
                ["corruptionCount"] = 0,
                ["goroutineCount"] = ThreadPool.ThreadCount,
                ["GOMAXPROCS"] = Environment.ProcessorCount,
                ["GOMEMLIMIT"] = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes,
                ["GOGC"] = "",
                ["GODEBUG"] = "",
                ["storageRetention"] = retention.Count == 0 ? "" : string.Join(" or ", retention),
            });
        });
    }
}
