using System.Net.Http.Headers;

namespace MetricsServer.Discovery.Kubernetes;

/// <summary>
/// Sets the <c>Authorization</c> header of every API request from a function called per request, so that a token
/// file rotated by the kubelet (bound service-account tokens expire within the hour) is read afresh.
/// </summary>
internal sealed class AuthorizationHandler(Func<string?> header) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (header() is { Length: > 0 } value)
        {
            var space = value.IndexOf(' ', StringComparison.Ordinal);
            request.Headers.Authorization = space > 0
                ? new AuthenticationHeaderValue(value[..space], value[(space + 1)..])
                : new AuthenticationHeaderValue(value);
        }
        return base.SendAsync(request, cancellationToken);
    }
}
