namespace MetricsServer.TestSupport.Kubernetes;

/// <summary>One SelfSubjectAccessReview's resource attributes; an empty namespace means cluster-wide.</summary>
public sealed record FakeAccessReview(string Group, string Resource, string Verb, string Namespace);
