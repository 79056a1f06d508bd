using System.Net;
using MetricsServer.Config;

namespace MetricsServer.Scraper.Http;

/// <summary>Creates the one pooled <see cref="HttpClient"/> a scrape pool shares among its targets.</summary>
public static class ScrapeHttpClientFactory
{
    public static HttpClient Create(HttpClientConfig config)
    {
        var sockets = new SocketsHttpHandler
        {
            AllowAutoRedirect = config.FollowRedirects,
            // Decompression is ours: the body size limit applies to the bytes the target sends after decompression.
            AutomaticDecompression = DecompressionMethods.None,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
            MaxConnectionsPerServer = 16,
            ConnectTimeout = TimeSpan.FromSeconds(30),
            UseCookies = false,
        };
        TlsValidation.Apply(sockets.SslOptions, config.TlsConfig);
        if (!string.IsNullOrEmpty(config.ProxyUrl))
        {
            sockets.Proxy = new WebProxy(new Uri(config.ProxyUrl));
            sockets.UseProxy = true;
        }
        else
        {
            sockets.UseProxy = config.ProxyFromEnvironment;
        }
        var client = new HttpClient(new AuthenticationHandler(config, sockets), disposeHandler: true)
        {
            // Each scrape sets its own deadline from scrape_timeout.
            Timeout = Timeout.InfiniteTimeSpan,
            DefaultRequestVersion = config.EnableHttp2 ? HttpVersion.Version20 : HttpVersion.Version11,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionOrLower,
        };
        return client;
    }
}
