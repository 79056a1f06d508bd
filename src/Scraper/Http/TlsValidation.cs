using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using MetricsServer.Config;

namespace MetricsServer.Scraper.Http;

/// <summary>
/// Builds the TLS side of a scrape client from <c>tls_config</c>: a custom CA (file or inline), a client
/// certificate, <c>server_name</c> checked against the certificate, <c>insecure_skip_verify</c> and the minimum version.
/// </summary>
public static class TlsValidation
{
    public static void Apply(SslClientAuthenticationOptions ssl, TlsConfig tls)
    {
        ssl.EnabledSslProtocols = ParseMinVersion(tls.MinVersion);
        var certFile = tls.CertFile;
        if (!string.IsNullOrEmpty(certFile) || !string.IsNullOrEmpty(tls.Cert))
        {
            var cert = !string.IsNullOrEmpty(certFile)
                ? X509Certificate2.CreateFromPemFile(certFile, tls.KeyFile)
                : X509Certificate2.CreateFromPem(tls.Cert, tls.Key?.Value);
            ssl.ClientCertificates = [cert];
        }
        if (tls.InsecureSkipVerify)
        {
#pragma warning disable CA5359 // insecure_skip_verify asks for exactly this.
            ssl.RemoteCertificateValidationCallback = static (_, _, _, _) => true;
#pragma warning restore CA5359
            return;
        }
        X509Certificate2Collection? roots = null;
        if (!string.IsNullOrEmpty(tls.CaFile))
        {
            roots = [];
            roots.ImportFromPemFile(tls.CaFile);
        }
        else if (!string.IsNullOrEmpty(tls.Ca))
        {
            roots = [];
            roots.ImportFromPem(tls.Ca);
        }
        var serverName = string.IsNullOrEmpty(tls.ServerName) ? null : tls.ServerName;
        if (roots is null && serverName is null) return;
        ssl.RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
            Validate(certificate as X509Certificate2, errors, roots, serverName);
    }

    private static bool Validate(X509Certificate2? certificate, SslPolicyErrors errors, X509Certificate2Collection? roots, string? serverName)
    {
        if (certificate is null) return false;
        if (serverName is not null)
        {
            // The request's host is not the name to check; server_name is.
            errors &= ~SslPolicyErrors.RemoteCertificateNameMismatch;
            if (!certificate.MatchesHostname(serverName)) return false;
        }
        if (roots is null) return errors == SslPolicyErrors.None;
        errors &= ~SslPolicyErrors.RemoteCertificateChainErrors;
        if (errors != SslPolicyErrors.None) return false;
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(roots);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(certificate);
    }

    private static SslProtocols ParseMinVersion(string? minVersion) => minVersion switch
    {
        "TLS13" => SslProtocols.Tls13,
        _ => SslProtocols.Tls12 | SslProtocols.Tls13,
    };
}
