using k8s;
using k8s.Models;

namespace MetricsServer.Discovery.Kubernetes;

/// <summary>What an informer tells its subscribers: an object is new or changed, gone, or the initial list is complete.</summary>
internal enum InformerEventKind
{
    Upsert,
    Delete,
    Synced,
}

/// <summary>One change seen by <paramref name="Source"/>; <paramref name="Object"/> is null only for <see cref="InformerEventKind.Synced"/>.</summary>
internal sealed record InformerEvent(Informer Source, InformerEventKind Kind, IKubernetesObject<V1ObjectMeta>? Object);
