namespace MetricsServer.TestSupport.Kubernetes;

/// <summary>
/// What the fake API server's SelfSubjectAccessReview answers: everything is allowed except what a test denies.
/// Records every review asked. Thread-safe.
/// </summary>
public sealed class FakeAccessRules
{
    private readonly Lock _lock = new();
    private readonly List<(string Group, string Resource, string Verb, string? Namespace)> _denied = [];
    private readonly List<FakeAccessReview> _asked = [];

    /// <summary>
    /// Denies <paramref name="verb"/> (<c>*</c>: every verb) on <paramref name="resource"/> of <paramref name="group"/>,
    /// in <paramref name="ns"/> (null: in every namespace and cluster-wide).
    /// </summary>
    public void Deny(string resource, string verb = "*", string? ns = null, string group = "")
    {
        lock (_lock) _denied.Add((group, resource, verb, ns));
    }

    /// <summary>Allows everything again.</summary>
    public void AllowAll()
    {
        lock (_lock) _denied.Clear();
    }

    /// <summary>The reviews asked so far, in order.</summary>
    public IReadOnlyList<FakeAccessReview> Asked
    {
        get
        {
            lock (_lock) return [.. _asked];
        }
    }

    internal bool Review(FakeAccessReview review)
    {
        lock (_lock)
        {
            _asked.Add(review);
            foreach (var (group, resource, verb, ns) in _denied)
            {
                if (group == review.Group && resource == review.Resource && (verb == "*" || verb == review.Verb) && (ns is null || ns == review.Namespace))
                    return false;
            }
            return true;
        }
    }
}
