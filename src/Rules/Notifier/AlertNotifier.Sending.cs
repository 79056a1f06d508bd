using System.Net.Http.Headers;
using MetricsServer.Relabel;
using MetricsServer.Rules.Evaluation;
using Microsoft.Extensions.Logging;

namespace MetricsServer.Rules.Notifier;

/// <summary>How queued alerts go out: batch by batch, each batch to every Alertmanager at once.</summary>
public sealed partial class AlertNotifier
{
    private static readonly MediaTypeHeaderValue Json = new("application/json");

    /// <summary>Drains the queue whenever alerts arrive. Owned by the notifier.</summary>
    private async Task SendLoopAsync(CancellationToken cancellationToken)
    {
        try
        {
            // Until discovery has spoken, no Alertmanager is known and every batch would be dropped.
            await _firstSync.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
            while (await _more.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                _more.Reader.TryRead(out _);
                DisposeRetired();
                while (!cancellationToken.IsCancellationRequested)
                {
                    var batch = _queue.TakeBatch(_options.MaxBatchSize);
                    _options.Metrics.QueueLength.Set(_queue.Count);
                    if (batch.Count == 0) break;
                    if (!await SendAllAsync(batch, cancellationToken).ConfigureAwait(false)) _options.Metrics.Dropped.Inc(batch.Count);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    /// <summary>Posts <paramref name="batch"/> to every active Alertmanager; true when at least one accepted it.</summary>
    private async Task<bool> SendAllAsync(List<NotifierAlert> batch, CancellationToken cancellationToken)
    {
        var sends = new List<Task<bool>>();
        foreach (var set in _sets)
        {
            var active = set.Active;
            if (active.Count == 0) continue;
            var alerts = RelabelForSet(batch, set.AlertRelabel);
            if (alerts.Count == 0) continue;
            var body = AlertPayload.Encode(alerts);
            foreach (var am in active) sends.Add(PostAsync(set, am.Url, body, alerts.Count, cancellationToken));
        }
        if (sends.Count == 0) return false;
        var results = await Task.WhenAll(sends).ConfigureAwait(false);
        return results.Any(ok => ok);
    }

    /// <summary>An entry's own <c>alert_relabel_configs</c>, applied to the alerts sent to its Alertmanagers only.</summary>
    private static List<NotifierAlert> RelabelForSet(List<NotifierAlert> batch, RelabelRules rules)
    {
        if (rules.Count == 0) return batch;
        var result = new List<NotifierAlert>(batch.Count);
        foreach (var alert in batch)
        {
            var labels = Relabeler.Process(alert.Labels, rules);
            if (labels is null || labels.Count == 0) continue;
            result.Add(alert with { Labels = labels });
        }
        return result;
    }

    private async Task<bool> PostAsync(AlertmanagerSet set, Uri url, byte[] body, int count, CancellationToken cancellationToken)
    {
        var name = url.ToString();
        var started = _options.Clock.GetTimestamp();
        try
        {
            using var timeout = new CancellationTokenSource(set.Config.Timeout, _options.Clock);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, cancellationToken);
            using var content = new ByteArrayContent(body);
            content.Headers.ContentType = Json;
            using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = content };
            request.Headers.UserAgent.ParseAdd("MetricsServer");
            using var response = await set.Client.SendAsync(request, linked.Token).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                _logger.LogError("notifier: error sending {Count} alerts to {Alertmanager}: bad response status {Status}", count, name, (int)response.StatusCode);
                _options.Metrics.Errors.WithLabels(name).Inc(count);
                return false;
            }
            _options.Metrics.Sent.WithLabels(name).Inc(count);
            return true;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException or ObjectDisposedException)
        {
            _logger.LogError("notifier: error sending {Count} alerts to {Alertmanager}: {Error}", count, name,
                e is OperationCanceledException ? $"timed out after {set.Config.Timeout}" : e.Message);
            _options.Metrics.Errors.WithLabels(name).Inc(count);
            return false;
        }
        finally
        {
            _options.Metrics.Latency.WithLabels(name).Observe(_options.Clock.GetElapsedTime(started).TotalSeconds);
        }
    }

    /// <summary>Disposes the clients of entries a reload replaced; runs between batches, so none is in use.</summary>
    private void DisposeRetired()
    {
        lock (_lock)
        {
            foreach (var set in _retired) set.Dispose();
            _retired.Clear();
        }
    }
}
