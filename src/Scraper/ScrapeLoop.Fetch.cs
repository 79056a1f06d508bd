using System.Globalization;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;

namespace MetricsServer.Scraper;

public sealed partial class ScrapeLoop
{
    private const string UserAgent = "Prometheus/3.0.0 (MetricsServer)";

    /// <summary>
    /// GETs the target within its timeout and reads the (decompressed) body into the loop's reusable buffer,
    /// bounded by <c>body_size_limit</c>. Returns the body length and the response's content type.
    /// </summary>
    private async Task<(int Length, string? ContentType)> FetchAsync(CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(Target.Timeout, _clock);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        var token = linked.Token;
        using var request = new HttpRequestMessage(HttpMethod.Get, Target.ScrapeUrl);
        request.Headers.TryAddWithoutValidation("Accept", Options.AcceptHeader);
        if (Options.EnableCompression) request.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue("gzip"));
        else request.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue("identity"));
        request.Headers.TryAddWithoutValidation("User-Agent", UserAgent);
        request.Headers.TryAddWithoutValidation("X-Prometheus-Scrape-Timeout-Seconds",
            Target.Timeout.TotalSeconds.ToString(CultureInfo.InvariantCulture));

        using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, token).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new ScrapeFailedException($"server returned HTTP status {(int)response.StatusCode} {response.ReasonPhrase}");
        }
        var stream = await response.Content.ReadAsStreamAsync(token).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            var gzip = response.Content.Headers.ContentEncoding.Contains("gzip", StringComparer.OrdinalIgnoreCase);
            Stream body = gzip ? new GZipStream(stream, CompressionMode.Decompress, leaveOpen: true) : stream;
            try
            {
                var length = await ReadBoundedAsync(body, token).ConfigureAwait(false);
                return (length, response.Content.Headers.ContentType?.ToString());
            }
            catch (InvalidDataException e)
            {
                throw new ScrapeFailedException($"error decompressing gzip body: {e.Message}", e);
            }
            finally
            {
                if (gzip) await body.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private async Task<int> ReadBoundedAsync(Stream body, CancellationToken cancellationToken)
    {
        var limit = Options.BodySizeLimit > 0 ? Options.BodySizeLimit : long.MaxValue;
        var length = 0;
        while (true)
        {
            if (length == _buffer.Length)
            {
                if (_buffer.Length >= Array.MaxLength / 2) throw new ScrapeFailedException("body too large");
                var bigger = _buffers.Rent(_buffer.Length * 2);
                _buffer.AsSpan(0, length).CopyTo(bigger);
                _buffers.Return(_buffer);
                _buffer = bigger;
            }
            var n = await body.ReadAsync(_buffer.AsMemory(length), cancellationToken).ConfigureAwait(false);
            if (n == 0) return length;
            length += n;
            if (length > limit)
            {
                _metrics.ExceededBodySizeLimit.Inc();
                throw new ScrapeFailedException($"body size limit exceeded: response body larger than {Options.BodySizeLimit} bytes");
            }
        }
    }
}
