using MetricsServer.Config;
using MetricsServer.Web.Flags;
using MetricsServer.Web.Hosting;

namespace MetricsServer.Web;

/// <summary>Entry point: Prometheus's command line, then the server until SIGTERM, SIGINT or <c>/-/quit</c>.</summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        // `metrics-server check rules FILE...` validates rule files as `promtool check rules` does.
        if (args is ["check", "rules", .. var ruleFiles]) return Rules.Loading.RuleCheck.Run(ruleFiles, Console.Out, Console.Error);
        var parsed = FlagParser.Parse(args);
        switch (parsed.Outcome)
        {
            case FlagParseOutcome.HelpRequested:
                Console.Out.Write(HelpText.Render(FlagTable.Default));
                return 0;
            case FlagParseOutcome.VersionRequested:
                Console.Out.WriteLine(BuildInfo.Current.Render());
                return 0;
            case FlagParseOutcome.Error:
                await Console.Error.WriteLineAsync($"Error parsing command line arguments: {parsed.Error}");
                await Console.Error.WriteAsync(HelpText.Render(FlagTable.Default));
                return 2;
        }
        var options = parsed.Options;
        var configFile = ResolveConfigFile(options, parsed.SetFlags);
        try
        {
            await using var app = ServerHost.Build(options, configFile);
            // Resolved before running: RunAsync disposes the services when it returns.
            var storage = app.Services.GetRequiredService<StorageService>();
            await app.RunAsync();
            if (storage.Failure is { } failure)
            {
                await Console.Error.WriteLineAsync($"Opening storage failed: {failure.Message}");
                return 1;
            }
            return 0;
        }
        catch (StorageOpenException e)
        {
            // Prometheus exits 1 when it cannot open its storage, e.g. a directory locked by another server.
            await Console.Error.WriteLineAsync(e.Message);
            return 1;
        }
        catch (ConfigException e)
        {
            await Console.Error.WriteLineAsync($"Error loading config (--config.file={options.ConfigFile}): {e.Message}");
            return 1;
        }
        catch (IOException e) when (configFile is not null && !File.Exists(configFile))
        {
            await Console.Error.WriteLineAsync($"Error loading config (--config.file={options.ConfigFile}): {e.Message}");
            return 1;
        }
    }

    /// <summary>
    /// The config file to load, or null for the embedded default: that is used when <c>--config.file</c> was not
    /// given and there is no <c>prometheus.yml</c> in the working directory, so that a bare start scrapes itself.
    /// </summary>
    internal static string? ResolveConfigFile(ServerOptions options, IReadOnlyList<string> setFlags)
    {
        var explicitlySet = setFlags.Contains("config.file", StringComparer.Ordinal);
        if (explicitlySet || File.Exists(options.ConfigFile)) return options.ConfigFile;
        return null;
    }
}
