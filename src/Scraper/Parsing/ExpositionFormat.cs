using System.Globalization;
using System.Text;

namespace MetricsServer.Scraper.Parsing;

/// <summary>
/// Content negotiation for scrapes: the <c>Accept</c> header Prometheus sends for a <c>scrape_protocols</c> list, and
/// the parser for the <c>Content-Type</c> a target answers with.
/// </summary>
public static class ExpositionFormat
{
    public const string PrometheusProto = "PrometheusProto";
    public const string PrometheusText004 = "PrometheusText0.0.4";
    public const string PrometheusText100 = "PrometheusText1.0.0";
    public const string OpenMetricsText001 = "OpenMetricsText0.0.1";
    public const string OpenMetricsText100 = "OpenMetricsText1.0.0";

    public const string OpenMetricsMediaType = "application/openmetrics-text";
    public const string TextMediaType = "text/plain";
    public const string ProtobufMediaType = "application/vnd.google.protobuf";

    /// <summary>The media type (with parameters) Prometheus announces for each scrape protocol.</summary>
    public static string ProtocolHeader(string protocol) => protocol switch
    {
        PrometheusProto => "application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited",
        PrometheusText004 => "text/plain;version=0.0.4",
        PrometheusText100 => "text/plain;version=1.0.0",
        OpenMetricsText001 => "application/openmetrics-text;version=0.0.1",
        OpenMetricsText100 => "application/openmetrics-text;version=1.0.0",
        _ => throw new ArgumentException($"unknown scrape protocol {protocol}", nameof(protocol)),
    };

    /// <summary>
    /// The <c>Accept</c> header for <paramref name="protocols"/> in order of preference, built as Prometheus builds it:
    /// each protocol's media type with q-values counting down from 0.6 (one more than the five known protocols), then
    /// <c>*/*</c> with the next lower weight, joined by commas. With an <paramref name="escapingScheme"/> (Prometheus 3's
    /// <c>metric_name_escaping_scheme</c>, e.g. <c>allow-utf-8</c> or <c>underscores</c>), the two 1.0.0 text protocols
    /// carry <c>;escaping=…</c> before their q-value, as Prometheus 3 sends them.
    /// </summary>
    /// <remarks>
    /// PrometheusProto is left out (its weight is still used up, so the other q-values stay Prometheus's): we have no
    /// protobuf parser yet, and asking for protobuf would make every scrape of a target that speaks it fail, while
    /// leaving it out makes such a target answer in text.
    /// </remarks>
    public static string AcceptHeader(IReadOnlyList<string> protocols, string? escapingScheme = null)
    {
        ArgumentNullException.ThrowIfNull(protocols);
        var sb = new StringBuilder(256);
        var weight = 6;
        foreach (var protocol in protocols)
        {
            var header = ProtocolHeader(protocol);
            if (protocol != PrometheusProto)
            {
                sb.Append(header);
                if (escapingScheme is not null && protocol is PrometheusText100 or OpenMetricsText100)
                {
                    sb.Append(";escaping=").Append(escapingScheme);
                }
                sb.Append(";q=0.").Append(weight.ToString(CultureInfo.InvariantCulture)).Append(',');
            }
            weight--;
        }
        sb.Append("*/*;q=0.").Append(weight.ToString(CultureInfo.InvariantCulture));
        return sb.ToString();
    }

    /// <summary>
    /// Which format a response's <c>Content-Type</c> is in: <c>application/openmetrics-text</c> is OpenMetrics,
    /// <c>text/plain</c> the text format. A missing, empty or unsupported type uses <paramref name="fallbackProtocol"/>
    /// (<c>fallback_scrape_protocol</c>) when set; without one, a missing type means the text format and an unsupported
    /// one is an <see cref="ExpositionException"/> (line 0), as in Prometheus 3.
    /// </summary>
    public static bool IsOpenMetrics(string? contentType, string? fallbackProtocol)
    {
        var mediaType = MediaTypeOf(contentType);
        if (mediaType.Equals(OpenMetricsMediaType, StringComparison.OrdinalIgnoreCase)) return true;
        if (mediaType.Equals(TextMediaType, StringComparison.OrdinalIgnoreCase)) return false;
        if (!string.IsNullOrEmpty(fallbackProtocol))
        {
            return fallbackProtocol switch
            {
                OpenMetricsText001 or OpenMetricsText100 => true,
                PrometheusText004 or PrometheusText100 => false,
                PrometheusProto => throw new ExpositionException(0, 0, "fallback_scrape_protocol PrometheusProto is not supported: no protobuf parser"),
                _ => throw new ArgumentException($"unknown scrape protocol {fallbackProtocol}", nameof(fallbackProtocol)),
            };
        }
        if (mediaType.IsEmpty) return false;
        throw new ExpositionException(0, 0, $"received unsupported Content-Type \"{contentType}\" and no fallback_scrape_protocol specified");
    }

    /// <summary>A new parser for a response's <c>Content-Type</c>, chosen by <see cref="IsOpenMetrics"/>.</summary>
    public static ExpositionParser CreateParser(string? contentType, string? fallbackProtocol) =>
        IsOpenMetrics(contentType, fallbackProtocol) ? new OpenMetricsParser() : new PrometheusTextParser();

    private static ReadOnlySpan<char> MediaTypeOf(string? contentType)
    {
        if (string.IsNullOrEmpty(contentType)) return default;
        var span = contentType.AsSpan();
        var semicolon = span.IndexOf(';');
        return (semicolon < 0 ? span : span[..semicolon]).Trim();
    }
}
