using Prometheus;

namespace MetricsServer.Discovery.Kubernetes;

/// <summary>
/// The RBAC check results of every running <c>kubernetes_sd_configs</c> entry: read by the targets API, and
/// published as <c>prometheus_sd_kubernetes_rbac_denied{scrape_job, resource, verb, namespace}</c>, one series per refused
/// (job, resource, verb, namespace) with the number of entries refused it, gone when nothing is refused any more.
/// The job label is <c>scrape_job</c>, as on Prometheus's other per-pool metrics, so that scraping the server
/// itself does not turn it into <c>exported_job</c>. Thread-safe.
/// </summary>
public sealed class RbacStatus
{
    private readonly Gauge _denied;
    private readonly Lock _lock = new();
    // Per check (job and entry); a check that found nothing missing, or whose entry stopped, has no entry here.
    private readonly Dictionary<object, RbacDenial> _denials = [];
    private readonly HashSet<(string Job, string Resource, string Verb, string Namespace)> _published = [];

    public RbacStatus(Gauge denied)
    {
        ArgumentNullException.ThrowIfNull(denied);
        _denied = denied;
    }

    /// <summary>Every current denial, ordered by job.</summary>
    public IReadOnlyList<RbacDenial> Denials
    {
        get
        {
            lock (_lock) return [.. _denials.Values.OrderBy(d => d.Job, StringComparer.Ordinal)];
        }
    }

    /// <summary>Records the result of the check identified by <paramref name="check"/>: a denial, or null for none.</summary>
    public void Report(object check, RbacDenial? denial)
    {
        ArgumentNullException.ThrowIfNull(check);
        lock (_lock)
        {
            if (denial is null) _denials.Remove(check);
            else _denials[check] = denial;
            Publish();
        }
    }

    private void Publish()
    {
        var counts = new Dictionary<(string, string, string, string), int>();
        foreach (var denial in _denials.Values)
        {
            foreach (var permission in denial.Missing)
            {
                var resource = permission.ApiGroup.Length == 0 ? permission.Resource : permission.Resource + "." + permission.ApiGroup;
                foreach (var verb in permission.Verbs)
                {
                    var key = (denial.Job, resource, verb, permission.Namespace ?? "");
                    counts[key] = counts.GetValueOrDefault(key) + 1;
                }
            }
        }
        foreach (var key in _published)
        {
            if (!counts.ContainsKey(key)) _denied.RemoveLabelled(key.Job, key.Resource, key.Verb, key.Namespace);
        }
        _published.Clear();
        foreach (var (key, count) in counts)
        {
            _denied.WithLabels(key.Item1, key.Item2, key.Item3, key.Item4).Set(count);
            _published.Add(key);
        }
    }
}
