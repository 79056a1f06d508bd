using System.Net;
using System.Text.Json;
using MetricsServer.TestSupport;
using MetricsServer.Web.Tests.Hosting;

namespace MetricsServer.Web.Tests.Api;

public sealed class RulesApiTests
{
    private const string RuleFile = """
        groups:
          - name: example
            interval: 1s
            rules:
              - record: one:vector
                expr: vector(1)
              - alert: AlwaysFiring
                expr: one:vector > 0
                labels:
                  severity: page
                annotations:
                  summary: "value {{ $value }}"
        """;

    [Fact]
    public async Task Rules_LoadFromConfig_EvaluateAndShowInRulesAndAlertsApi_AndBadReloadKeepsThem()
    {
        var rulesDir = Directory.CreateTempSubdirectory("ms-rules");
        var ruleFile = Path.Combine(rulesDir.FullName, "example.rules.yml");
        await File.WriteAllTextAsync(ruleFile, RuleFile);
        var config = $"rule_files: ['{rulesDir.FullName}/*.rules.yml']\n";
        await using var server = await TestServer.StartAsync(config, "--web.enable-lifecycle");

        await Eventually.TrueAsync(async () =>
        {
            var alerts = await server.GetJsonAsync("/api/v1/alerts");
            return alerts.GetProperty("data").GetProperty("alerts").GetArrayLength() == 1;
        }, TimeSpan.FromSeconds(30), "the alert to fire");
        var alert = (await server.GetJsonAsync("/api/v1/alerts")).GetProperty("data").GetProperty("alerts")[0];
        Assert.Equal("firing", alert.GetProperty("state").GetString());
        Assert.Equal("AlwaysFiring", alert.GetProperty("labels").GetProperty("alertname").GetString());
        Assert.Equal("value 1", alert.GetProperty("annotations").GetProperty("summary").GetString());
        Assert.Equal("1e+00", alert.GetProperty("value").GetString());

        var rules = await server.GetJsonAsync("/api/v1/rules");
        var group = Assert.Single(rules.GetProperty("data").GetProperty("groups").EnumerateArray());
        Assert.Equal("example", group.GetProperty("name").GetString());
        Assert.Equal(ruleFile, group.GetProperty("file").GetString());
        Assert.Equal(1, group.GetProperty("interval").GetDouble());
        var ruleList = group.GetProperty("rules").EnumerateArray().ToList();
        Assert.Equal("recording", ruleList[0].GetProperty("type").GetString());
        Assert.Equal("ok", ruleList[0].GetProperty("health").GetString());
        Assert.Equal("alerting", ruleList[1].GetProperty("type").GetString());
        Assert.Equal("firing", ruleList[1].GetProperty("state").GetString());
        Assert.Equal(1, ruleList[1].GetProperty("alerts").GetArrayLength());

        var onlyRecording = await server.GetJsonAsync("/api/v1/rules?type=record");
        Assert.Single(onlyRecording.GetProperty("data").GetProperty("groups")[0].GetProperty("rules").EnumerateArray());
        var excluded = await server.GetJsonAsync("/api/v1/rules?type=alert&exclude_alerts=true");
        Assert.False(excluded.GetProperty("data").GetProperty("groups")[0].GetProperty("rules")[0].TryGetProperty("alerts", out _));
        using var badType = await server.Http.GetAsync("/api/v1/rules?type=nope");
        Assert.Equal(HttpStatusCode.BadRequest, badType.StatusCode);

        var metrics = await server.Http.GetStringAsync("/metrics");
        Assert.Contains($"prometheus_rule_group_rules{{rule_group=\"{ruleFile};example\"}} 2", metrics, StringComparison.Ordinal);

        await File.WriteAllTextAsync(ruleFile, "groups:\n  - name: example\n    rules:\n      - record: x\n        alert: y\n        expr: up\n");
        using var failed = await server.Http.PostAsync("/-/reload", null);
        Assert.Equal(HttpStatusCode.InternalServerError, failed.StatusCode);
        Assert.Contains("only one of 'record' and 'alert' must be set", await failed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var kept = await server.GetJsonAsync("/api/v1/rules");
        Assert.Equal(2, kept.GetProperty("data").GetProperty("groups")[0].GetProperty("rules").GetArrayLength());
        rulesDir.Delete(recursive: true);
    }
}
