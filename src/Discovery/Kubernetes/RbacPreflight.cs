using k8s;
using k8s.Models;
using MetricsServer.Config;
using Microsoft.Extensions.Logging;

namespace MetricsServer.Discovery.Kubernetes;

/// <summary>
/// The RBAC check of one <c>kubernetes_sd_configs</c> entry, run when its discoverer starts (at start, and on a reload
/// that changes its job): one SelfSubjectAccessReview per verb (list, watch), resource and namespace its discoverer
/// watches. "Forbidden" is the most common way Kubernetes discovery fails, and the informers would only log a failed
/// list again and again; this says once what is missing and which ClusterRole rules grant it, and records it in
/// <see cref="RbacStatus"/> (metric and targets API) until the discoverer stops.
/// </summary>
/// <remarks>
/// A check that cannot ask (API server unreachable, reviews refused, bad credentials) logs a warning and reports
/// nothing: the informers log and count those failures themselves. Never throws.
/// </remarks>
internal sealed class RbacPreflight
{
    private readonly string _job;
    private readonly KubernetesSdConfig _config;
    private readonly KubernetesConnection _connection;
    private readonly RbacStatus _status;
    private readonly ILogger _logger;

    public RbacPreflight(string job, KubernetesSdConfig config, KubernetesConnection connection, RbacStatus status, ILogger logger)
    {
        _job = job;
        _config = config;
        _connection = connection;
        _status = status;
        _logger = logger;
    }

    public async Task RunAsync(IEnumerable<(KubernetesResource Resource, string? Namespace)> subscriptions, CancellationToken cancellationToken)
    {
        var required = RbacRequirements.For(subscriptions);
        IReadOnlyList<RbacPermission> missing;
        try
        {
            using var client = _connection.CreateClient();
            missing = await FindMissingAsync(client, required, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            _logger.LogWarning("kubernetes_sd: could not check the RBAC permissions of scrape job {Job} (role {Role}) at {Server}: {Error}",
                _job, _config.Role, _connection.Description, ex.Message);
            return;
        }
        if (missing.Count == 0)
        {
            _status.Report(this, null);
            _logger.LogDebug("kubernetes_sd: scrape job {Job} (role {Role}) may list and watch everything it needs", _job, _config.Role);
            return;
        }
        var denial = new RbacDenial(_job, _config.Role, _connection.Description, missing);
        _status.Report(this, denial);
        _logger.LogError(
            "kubernetes_sd: scrape job {Job} (role {Role}) at {Server} is not allowed to {Missing}; its discovery fails with \"forbidden\" until the service account's ClusterRole has these rules:\n{Fix}",
            _job, _config.Role, _connection.Description, string.Join("; ", missing.Select(m => string.Join(", ", m.Verbs) + " " + m.Describe())), denial.Fix);
    }

    /// <summary>Forgets this check's result: its discoverer has stopped.</summary>
    public void Clear() => _status.Report(this, null);

    /// <summary>The verbs of <paramref name="required"/> that the API server says the caller may not use.</summary>
    internal static async Task<IReadOnlyList<RbacPermission>> FindMissingAsync(IKubernetes client, IReadOnlyList<RbacPermission> required, CancellationToken cancellationToken)
    {
        var missing = new List<RbacPermission>();
        foreach (var permission in required)
        {
            var refused = new List<string>();
            foreach (var verb in permission.Verbs)
            {
                var review = new V1SelfSubjectAccessReview
                {
                    Spec = new V1SelfSubjectAccessReviewSpec
                    {
                        ResourceAttributes = new V1ResourceAttributes
                        {
                            Group = permission.ApiGroup,
                            Resource = permission.Resource,
                            Verb = verb,
                            NamespaceProperty = permission.Namespace,
                        },
                    },
                };
                var answer = await client.AuthorizationV1.CreateSelfSubjectAccessReviewAsync(review, cancellationToken: cancellationToken).ConfigureAwait(false);
                if (answer.Status?.Allowed != true) refused.Add(verb);
            }
            if (refused.Count > 0) missing.Add(permission with { Verbs = refused });
        }
        return missing;
    }
}
