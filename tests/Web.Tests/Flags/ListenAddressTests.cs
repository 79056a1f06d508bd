using MetricsServer.Web.Flags;

namespace MetricsServer.Web.Tests.Flags;

public class ListenAddressTests
{
    public static TheoryData<string, string, int, bool> Valid => new()
    {
        { "0.0.0.0:9090", "0.0.0.0", 9090, true },
        { ":9090", "", 9090, true },
        { "[::1]:9090", "::1", 9090, false },
        { "[::]:9090", "::", 9090, true },
        { "localhost:9090", "localhost", 9090, false },
        { "127.0.0.1:0", "127.0.0.1", 0, false },
        { "example.com:65535", "example.com", 65535, false },
    };

    [Theory]
    [MemberData(nameof(Valid))]
    public void Parse_ValidAddress_SplitsHostAndPort(string text, string host, int port, bool allInterfaces)
    {
        var address = ListenAddress.Parse(text);

        Assert.Equal(host, address.Host);
        Assert.Equal(port, address.Port);
        Assert.Equal(allInterfaces, address.IsAllInterfaces);
        Assert.Equal(text, address.ToString());
    }

    public static TheoryData<string, string> Invalid => new()
    {
        { "9090", "missing port in address" },
        { "", "missing port in address" },
        { "localhost", "missing port in address" },
        { "localhost:", "invalid port \"\"" },
        { "localhost:http", "invalid port \"http\"" },
        { "localhost:65536", "invalid port \"65536\"" },
        { "localhost:-1", "invalid port \"-1\"" },
        { "::1:9090", "too many colons in address (IPv6 hosts go in brackets: [::1]:9090)" },
        { "[::1:9090", "missing ']' in address" },
        { "[::1]", "missing port in address" },
        { "[::1]x:9090", "unexpected text after ']' in address" },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Parse_InvalidAddress_ThrowsNamingTheFlag(string text, string reason)
    {
        var ex = Assert.Throws<FormatException>(() => ListenAddress.Parse(text));

        Assert.Equal($"invalid value \"{text}\" for flag --web.listen-address: {reason}", ex.Message);
        Assert.False(ListenAddress.TryParse(text, out _, out var error));
        Assert.Equal(reason, error);
    }
}
