using System.IO.Hashing;
using System.Net;
using System.Text;
using MetricsServer.Config;
using MetricsServer.Discovery;
using MetricsServer.Model.Storage;
using MetricsServer.Query.Engine;
using MetricsServer.Rules.Evaluation;
using MetricsServer.Rules.Notifier;
using MetricsServer.Remote.Read;
using MetricsServer.Remote.Write;
using MetricsServer.Scraper;
using MetricsServer.Scraper.Http;
using MetricsServer.Tsdb;
using MetricsServer.Tsdb.Wal;
using MetricsServer.Web.Api;
using MetricsServer.Web.Flags;
using MetricsServer.Web.Lifecycle;
using Prometheus;

namespace MetricsServer.Web.Hosting;

/// <summary>
/// The composition root: builds every component from the flags and the config, wires them into an ASP.NET host,
/// and maps the HTTP endpoints. Nothing else constructs components or reads flags.
/// </summary>
public static class ServerHost
{
    /// <summary>
    /// Builds the server. <paramref name="configFile"/> null means the embedded default config.
    /// Throws <see cref="ConfigException"/> when the config does not load.
    /// </summary>
    public static WebApplication Build(ServerOptions options, string? configFile, Action<ILoggingBuilder>? configureLogging = null)
    {
        var config = configFile is null ? DefaultConfig.Load() : ConfigLoader.LoadFile(configFile);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        ConfigureLogging(builder.Logging, options);
        configureLogging?.Invoke(builder.Logging);
        // Kubernetes gives Prometheus pods up to 600 s to stop; .NET's default of 30 s would cut the shutdown short.
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromMinutes(10));
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Limits.MaxConcurrentConnections = options.WebMaxConnections > 0 ? options.WebMaxConnections : null;
            k.Limits.RequestHeadersTimeout = options.WebReadTimeout > TimeSpan.Zero ? options.WebReadTimeout : k.Limits.RequestHeadersTimeout;
            foreach (var text in options.ListenAddresses)
            {
                var address = ListenAddress.Parse(text);
                if (address.IsAllInterfaces) k.ListenAnyIP(address.Port);
                else if (address.Host == "localhost") k.ListenLocalhost(address.Port);
                else k.Listen(IPAddress.Parse(address.Host), address.Port);
            }
        });

        var registry = Metrics.NewCustomRegistry();
        DotNetStats.Register(registry);
        var clock = TimeProvider.System;

        var services = builder.Services;
        services.AddSingleton(options);
        services.AddSingleton(registry);
        services.AddSingleton(clock);
        // Opened when the app is built (below), so that a locked directory stops the start; the container disposes it last.
        services.AddSingleton(sp => OpenStorage(options, registry, clock, sp.GetRequiredService<ILoggerFactory>()));
        services.AddSingleton(sp => sp.GetRequiredService<Db>().Head);
        services.AddSingleton<IQueryableStorage>(sp => sp.GetRequiredService<Db>());
        services.AddSingleton<IAppendable>(sp => sp.GetRequiredService<Db>());
        services.AddSingleton<ReadinessState>();
        var engine = new PromQLEngine(new EngineOptions
        {
            LookbackDelta = options.QueryLookbackDelta,
            MaxSamples = options.QueryMaxSamples,
            Timeout = options.QueryTimeout,
            DefaultSubqueryStep = config.Global.EvaluationInterval,
            EnableDelayedNameRemoval = options.IsFeatureEnabled("promql-delayed-name-removal"),
            EnableTypeAndUnitLabels = options.IsFeatureEnabled("type-and-unit-labels"),
        });
        // Queries see local storage with the remote_read endpoints merged in; writes follow the WAL to remote_write.
        services.AddSingleton(sp => new RemoteReadStorage(sp.GetRequiredService<Db>(), () => sp.GetRequiredService<Db>().MinTime, ScrapeHttpClientFactory.Create));
        services.AddSingleton(sp => new RemoteWriteStorage(new RemoteWalSource(sp.GetRequiredService<Db>().WalDirectory, clock, sp.GetRequiredService<ILoggerFactory>()),
            ScrapeHttpClientFactory.Create, new RemoteWriteMetrics(registry), clock, sp.GetRequiredService<ILoggerFactory>()));
        services.AddSingleton(sp => new QueryService(engine, sp.GetRequiredService<RemoteReadStorage>(), options.QueryMaxConcurrency, options.QueryTimeout, clock));
        services.AddSingleton(new ScrapeMetrics(registry));
        services.AddSingleton(new DiscoveryMetrics(registry));
        services.AddSingleton(new ReloadMetrics(registry));
        services.AddSingleton(sp => new ScrapeManager(sp.GetRequiredService<Db>(), sp.GetRequiredService<ScrapeMetrics>(), clock,
            sp.GetRequiredService<ILoggerFactory>(), OffsetSeed(config),
            options.ScrapeAdjustTimestamps ? options.ScrapeTimestampTolerance : TimeSpan.Zero));
        services.AddSingleton(sp => new DiscoveryManager(
            new DefaultDiscovererFactory(clock, sp.GetRequiredService<DiscoveryMetrics>(), sp.GetRequiredService<ILoggerFactory>()),
            new DiscoveryManagerOptions { UpdateInterval = options.ScrapeDiscoveryReloadInterval },
            sp.GetRequiredService<DiscoveryMetrics>(), clock, sp.GetRequiredService<ILogger<DiscoveryManager>>()));
        services.AddSingleton(sp => new ConfigReloader(configFile, config, sp.GetRequiredService<DiscoveryManager>(),
            sp.GetRequiredService<ScrapeManager>(), sp.GetRequiredService<ReloadMetrics>(), clock, sp.GetRequiredService<ILogger<ConfigReloader>>(),
            sp.GetRequiredService<RemoteWriteStorage>(), sp.GetRequiredService<RemoteReadStorage>()));
        // Hosted services stop in reverse order: scraping stops before the storage's maintenance loop.
        services.AddSingleton<StorageService>();
        services.AddHostedService(sp => sp.GetRequiredService<StorageService>());
        services.AddHostedService<ScrapeService>();
        services.AddHostedService<SignalService>();
        services.AddSingleton(new NotifierMetrics(registry));
        services.AddSingleton(sp => new AlertNotifier(new NotifierOptions
        {
            HttpClientFactory = ScrapeHttpClientFactory.Create,
            DiscovererFactory = new DefaultDiscovererFactory(clock, sp.GetRequiredService<DiscoveryMetrics>(), sp.GetRequiredService<ILoggerFactory>()),
            Metrics = sp.GetRequiredService<NotifierMetrics>(),
            DiscoveryMetrics = sp.GetRequiredService<DiscoveryMetrics>(),
            Clock = clock,
            Loggers = sp.GetRequiredService<ILoggerFactory>(),
            QueueCapacity = options.AlertmanagerNotificationQueueCapacity,
            MaxBatchSize = options.AlertmanagerNotificationBatchSize,
            DrainOnShutdown = options.AlertmanagerDrainNotificationQueueOnShutdown,
        }));
        services.AddHostedService<NotifierService>();
        services.AddSingleton(new RuleMetrics(registry));
        services.AddSingleton(sp => new RuleManager(new RuleManagerOptions
        {
            Engine = engine,
            Queryable = sp.GetRequiredService<Db>(),
            Appendable = sp.GetRequiredService<Db>(),
            Metrics = sp.GetRequiredService<RuleMetrics>(),
            Clock = clock,
            Loggers = sp.GetRequiredService<ILoggerFactory>(),
            OutageTolerance = options.RulesAlertForOutageTolerance,
            ForGracePeriod = options.RulesAlertForGracePeriod,
            ResendDelay = options.RulesAlertResendDelay,
            Notifier = sp.GetRequiredService<AlertNotifier>(),
        }));
        services.AddHostedService<RuleService>();

        var app = builder.Build();
        try
        {
            app.Services.GetRequiredService<Db>();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            ((IDisposable)app).Dispose();
            throw new StorageOpenException($"opening storage failed: {e.Message}", e);
        }
        MapEndpoints(app, RoutePrefix(options));
        return app;
    }

    private static void MapEndpoints(WebApplication app, string prefix)
    {
        var root = app.MapGroup(prefix);
        LifecycleEndpoints.Map(root);
        root.MapGet("/metrics", async (HttpContext ctx, CollectorRegistry registry) =>
        {
            ctx.Response.ContentType = "text/plain; version=0.0.4; charset=utf-8";
            await registry.CollectAndExportAsTextAsync(ctx.Response.Body, ctx.RequestAborted);
        });
        var api = root.MapGroup("/api/v1").RequireReady();
        TargetsApi.Map(api);
        StatusApi.Map(api);
        SeriesApi.Map(api);
        QueryApi.Map(api);
        AdminApi.Map(api);
        RemoteWriteApi.Map(api);
        RemoteReadApi.Map(api);
        RulesApi.Map(api);
        AlertsApi.Map(api);
        AlertmanagersApi.Map(api);
        root.MapGet("/", () => Results.Redirect(prefix.TrimEnd('/') + "/api/v1/targets"));
    }

    /// <summary>Opens the data directory with Prometheus's <c>--storage.tsdb.*</c> settings; the WAL replays later (<see cref="StorageService"/>).</summary>
    private static Db OpenStorage(ServerOptions options, CollectorRegistry registry, TimeProvider clock, ILoggerFactory loggers)
    {
        var logger = loggers.CreateLogger("MetricsServer.Tsdb.Db");
        var compression = WalCompression.None;
        if (options.TsdbWalCompression)
        {
            compression = WalCompression.Snappy;
            if (options.TsdbWalCompressionType != WalCompressionType.Snappy)
                logger.LogWarning("WAL compression {Type} is not supported; compressing the WAL with snappy", options.TsdbWalCompressionType.ToString().ToLowerInvariant());
        }
        var dbOptions = new DbOptions
        {
            Path = options.StoragePath,
            RetentionTime = options.TsdbRetentionTime,
            RetentionSize = options.TsdbRetentionSize,
            MinBlockDuration = options.TsdbMinBlockDuration,
            MaxBlockDuration = options.TsdbMaxBlockDuration > TimeSpan.Zero ? options.TsdbMaxBlockDuration : TimeSpan.FromDays(31),
            WalCompression = compression,
            WalSegmentSize = checked((int)options.TsdbWalSegmentSize),
            NoLockfile = options.TsdbNoLockfile,
            AllowOverlappingCompaction = options.TsdbAllowOverlappingCompaction,
            Head = HeadOptions.Default with { SamplesPerChunk = options.TsdbSamplesPerChunk },
        };
        return Db.Open(dbOptions, new DbMetrics(registry), clock, logger);
    }

    /// <summary>Prometheus takes the route prefix from <c>--web.route-prefix</c>, else from the external URL's path.</summary>
    private static string RoutePrefix(ServerOptions options)
    {
        var prefix = options.WebRoutePrefix;
        if (prefix.Length == 0 && Uri.TryCreate(options.WebExternalUrl, UriKind.Absolute, out var external)) prefix = external.AbsolutePath;
        prefix = "/" + prefix.Trim('/');
        return prefix;
    }

    /// <summary>Scrape offsets depend on the server's identity too, so that HA replicas do not scrape in lock-step.</summary>
    private static ulong OffsetSeed(PrometheusConfig config)
    {
        var sb = new StringBuilder(Environment.MachineName);
        foreach (var (k, v) in config.Global.ExternalLabels.OrderBy(kv => kv.Key, StringComparer.Ordinal)) sb.Append(k).Append('=').Append(v);
        return XxHash3.HashToUInt64(Encoding.UTF8.GetBytes(sb.ToString()));
    }

    private static void ConfigureLogging(ILoggingBuilder logging, ServerOptions options)
    {
        logging.SetMinimumLevel(options.LogLevel);
        logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        logging.AddFilter("Microsoft.Hosting", LogLevel.Warning);
        logging.AddFilter("System.Net.Http", LogLevel.Warning);
        if (options.LogFormat == LogFormat.Json) logging.AddJsonConsole();
        else logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
            o.UseUtcTimestamp = true;
        });
    }
}
