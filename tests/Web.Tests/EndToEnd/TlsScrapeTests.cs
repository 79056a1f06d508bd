using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using MetricsServer.TestSupport;
using MetricsServer.Web.Tests.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace MetricsServer.Web.Tests.EndToEnd;

/// <summary>Scrapes over HTTPS against a Kestrel target with a self-signed certificate, one job per tls_config variant.</summary>
public sealed class TlsScrapeTests
{
    [Fact]
    public async Task TlsConfig_VerifiesAsConfigured()
    {
        using var cert = CreateCertificate();
        var dir = Directory.CreateTempSubdirectory("ms-tls-").FullName;
        var caFile = Path.Combine(dir, "ca.pem");
        await File.WriteAllTextAsync(caFile, cert.ExportCertificatePem());
        var tokenFile = Path.Combine(dir, "token");
        await File.WriteAllTextAsync(tokenFile, "first-token\n");
        var port = FreePort.Next();
        await using var target = await StartHttpsTargetAsync(cert, port);
        await using var server = await TestServer.StartAsync($$"""
            global:
              scrape_interval: 1s
              scrape_timeout: 1s
            scrape_configs:
              - job_name: insecure
                scheme: https
                tls_config: { insecure_skip_verify: true }
                static_configs: [{ targets: ['127.0.0.1:{{port}}'] }]
              - job_name: with_ca
                scheme: https
                bearer_token_file: {{tokenFile}}
                tls_config: { ca_file: {{caFile}} }
                static_configs: [{ targets: ['127.0.0.1:{{port}}'] }]
              - job_name: server_name
                scheme: https
                tls_config: { ca_file: {{caFile}}, server_name: metrics.example }
                static_configs: [{ targets: ['127.0.0.1:{{port}}'] }]
              - job_name: wrong_name
                scheme: https
                tls_config: { ca_file: {{caFile}}, server_name: other.example }
                static_configs: [{ targets: ['127.0.0.1:{{port}}'] }]
              - job_name: untrusted
                scheme: https
                static_configs: [{ targets: ['127.0.0.1:{{port}}'] }]
            """);

        await server.WaitForTargetsAsync(t => t.Count == 5 && t.All(x => x.GetProperty("health").GetString() != "unknown"), "every target scraped once");
        var health = (await server.ActiveTargetsAsync()).ToDictionary(t => t.GetProperty("scrapePool").GetString()!, t => t.GetProperty("health").GetString());

        Assert.Equal("up", health["insecure"]);
        Assert.Equal("up", health["with_ca"]);
        Assert.Equal("up", health["server_name"]);
        Assert.Equal("down", health["wrong_name"]);
        Assert.Equal("down", health["untrusted"]);
        Assert.True(target.Saw("Bearer first-token"));

        // bearer_token_file is read on every scrape, so a rotated token is used without a reload.
        await File.WriteAllTextAsync(tokenFile, "second-token\n");
        await Eventually.TrueAsync(() => target.Saw("Bearer second-token"), TimeSpan.FromSeconds(10), "the rotated token");
        Directory.Delete(dir, recursive: true);
    }

    private static X509Certificate2 CreateCertificate()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=metrics test", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(IPAddress.Loopback);
        san.AddDnsName("metrics.example");
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        // Kestrel needs a certificate whose key it can use; a PFX round trip gives one on every platform.
        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pfx), null);
    }

    private static async Task<HttpsTarget> StartHttpsTargetAsync(X509Certificate2 cert, int port)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, port, o => o.UseHttps(cert)));
        var app = builder.Build();
        var target = new HttpsTarget(app);
        app.MapGet("/metrics", (HttpRequest r) =>
        {
            lock (target.Authorizations) target.Authorizations.Add(r.Headers.Authorization.ToString());
            return Results.Text("tls_metric 1\n", "text/plain; version=0.0.4");
        });
        await app.StartAsync();
        return target;
    }

    private sealed class HttpsTarget(WebApplication app) : IAsyncDisposable
    {
        public HashSet<string> Authorizations { get; } = [];

        public bool Saw(string authorization)
        {
            lock (Authorizations) return Authorizations.Contains(authorization);
        }

        public async ValueTask DisposeAsync() => await app.DisposeAsync();
    }
}
