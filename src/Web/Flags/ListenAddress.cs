using System.Globalization;

namespace MetricsServer.Web.Flags;

/// <summary>
/// A <c>--web.listen-address</c> value, split the way Go's net.SplitHostPort splits it: <c>host:port</c>,
/// <c>:port</c> (every interface), <c>[ipv6]:port</c>. <see cref="Host"/> is empty for every interface and has no
/// brackets for IPv6. Port 0 asks the system for a free port.
/// </summary>
public readonly record struct ListenAddress(string Host, int Port)
{
    private const string FlagName = "web.listen-address";

    /// <summary>True for <c>:port</c>, <c>0.0.0.0:port</c> and <c>[::]:port</c>.</summary>
    public bool IsAllInterfaces => Host is "" or "0.0.0.0" or "::";

    /// <summary>Parses <paramref name="text"/>; a bad value throws <see cref="FormatException"/> naming the flag.</summary>
    public static ListenAddress Parse(string text) =>
        TryParse(text, out var address, out var error)
            ? address
            : throw new FormatException($"invalid value \"{text}\" for flag --{FlagName}: {error}");

    /// <summary>Parses <paramref name="text"/>; on failure <paramref name="error"/> says why, without the flag's name.</summary>
    public static bool TryParse(string? text, out ListenAddress address, out string error)
    {
        address = default;
        if (string.IsNullOrEmpty(text))
        {
            error = "missing port in address";
            return false;
        }
        string host;
        string port;
        if (text[0] == '[')
        {
            var close = text.IndexOf(']', StringComparison.Ordinal);
            if (close < 0)
            {
                error = "missing ']' in address";
                return false;
            }
            if (close + 1 >= text.Length || text[close + 1] != ':')
            {
                error = close + 1 >= text.Length ? "missing port in address" : "unexpected text after ']' in address";
                return false;
            }
            host = text[1..close];
            port = text[(close + 2)..];
            if (host.Contains('[', StringComparison.Ordinal) || port.Contains(']', StringComparison.Ordinal))
            {
                error = "unexpected bracket in address";
                return false;
            }
        }
        else
        {
            var colon = text.LastIndexOf(':');
            if (colon < 0)
            {
                error = "missing port in address";
                return false;
            }
            host = text[..colon];
            port = text[(colon + 1)..];
            if (host.Contains(':', StringComparison.Ordinal))
            {
                error = "too many colons in address (IPv6 hosts go in brackets: [::1]:9090)";
                return false;
            }
            if (host.Contains('[', StringComparison.Ordinal) || host.Contains(']', StringComparison.Ordinal))
            {
                error = "unexpected bracket in address";
                return false;
            }
        }
        if (port.Length == 0 || !int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n > 65535)
        {
            error = $"invalid port \"{port}\"";
            return false;
        }
        address = new ListenAddress(host, n);
        error = "";
        return true;
    }

    /// <summary>Back in flag form: <c>host:port</c>, IPv6 hosts in brackets.</summary>
    public override string ToString() =>
        (Host.Contains(':', StringComparison.Ordinal) ? $"[{Host}]" : Host) + ":" + Port.ToString(CultureInfo.InvariantCulture);
}
