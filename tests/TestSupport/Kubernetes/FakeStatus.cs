using System.Text.Json.Nodes;

namespace MetricsServer.TestSupport.Kubernetes;

/// <summary>The API server's <c>Status</c> object, the body of every error answer and of watch ERROR events.</summary>
internal static class FakeStatus
{
    public static JsonObject Create(int code, string reason, string message) => new()
    {
        ["kind"] = "Status",
        ["apiVersion"] = "v1",
        ["metadata"] = new JsonObject(),
        ["status"] = "Failure",
        ["message"] = message,
        ["reason"] = reason,
        ["code"] = code,
    };
}
