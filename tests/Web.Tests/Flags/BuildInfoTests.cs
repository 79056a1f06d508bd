using System.Runtime.InteropServices;
using MetricsServer.Web.Flags;

namespace MetricsServer.Web.Tests.Flags;

public class BuildInfoTests
{
    [Theory]
    [InlineData("1.2.3+abc123", "1.2.3", "abc123")]
    [InlineData("1.2.3", "1.2.3", "unknown")]
    [InlineData("1.2.3-rc.1+", "1.2.3-rc.1", "unknown")]
    public void FromInformationalVersion_SplitsVersionAndRevision(string informational, string version, string revision)
    {
        var info = BuildInfo.FromInformationalVersion(informational);

        Assert.Equal(version, info.Version);
        Assert.Equal(revision, info.Revision);
    }

    [Fact]
    public void Render_FollowsPrometheusVersionFormat()
    {
        var text = BuildInfo.FromInformationalVersion("0.1.0+deadbeef").Render();

        Assert.StartsWith("metrics-server, version 0.1.0 (branch: unknown, revision: deadbeef)\n", text, StringComparison.Ordinal);
        Assert.Contains("dotnet version:   " + RuntimeInformation.FrameworkDescription, text, StringComparison.Ordinal);
    }

    [Fact]
    public void Current_ReadsTheServerAssembly()
    {
        Assert.NotEqual("unknown", BuildInfo.Current.Version);
        Assert.StartsWith(".NET", BuildInfo.Current.RuntimeVersion, StringComparison.Ordinal);
    }
}
