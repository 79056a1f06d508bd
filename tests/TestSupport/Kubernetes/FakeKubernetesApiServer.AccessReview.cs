using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace MetricsServer.TestSupport.Kubernetes;

public sealed partial class FakeKubernetesApiServer
{
    private const string AccessReviewPath = "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews";

    /// <summary>What <c>POST /apis/authorization.k8s.io/v1/selfsubjectaccessreviews</c> answers; allows everything until told otherwise.</summary>
    public FakeAccessRules Access { get; } = new();

    private static bool IsAccessReview(HttpRequest request) =>
        HttpMethods.IsPost(request.Method) && request.Path.Value == AccessReviewPath;

    /// <summary>Answers a review as the API server does: the request echoed back with <c>status.allowed</c> (and a reason when denied).</summary>
    private async Task ServeAccessReviewAsync(HttpContext context)
    {
        JsonObject? body;
        try
        {
            body = await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted).ConfigureAwait(false) as JsonObject;
        }
        catch (System.Text.Json.JsonException ex)
        {
            await WriteStatusAsync(context, 400, "BadRequest", ex.Message).ConfigureAwait(false);
            return;
        }
        if (body?["spec"]?["resourceAttributes"] is not JsonObject attributes)
        {
            await WriteStatusAsync(context, 400, "BadRequest", "spec.resourceAttributes is required by this fake").ConfigureAwait(false);
            return;
        }
        var review = new FakeAccessReview(
            (string?)attributes["group"] ?? "", (string?)attributes["resource"] ?? "", (string?)attributes["verb"] ?? "", (string?)attributes["namespace"] ?? "");
        var allowed = Access.Review(review);
        body["kind"] = "SelfSubjectAccessReview";
        body["apiVersion"] = "authorization.k8s.io/v1";
        body["status"] = allowed
            ? new JsonObject { ["allowed"] = true, ["reason"] = "allowed by the test" }
            : new JsonObject { ["allowed"] = false, ["reason"] = "denied by the test" };
        context.Response.StatusCode = 201;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(body.ToJsonString(), context.RequestAborted).ConfigureAwait(false);
    }
}
