using System.Net;
using Google.Protobuf;
using MetricsServer.Model.Labels;
using MetricsServer.Remote.Protocol;
using MetricsServer.Remote.Read;
using MatchType = MetricsServer.Model.Labels.MatchType;

namespace MetricsServer.Remote.Tests.Read;

public sealed class RemoteReadQuerierTests : IDisposable
{
    private readonly FakeReadEndpoint _endpoint = new();
    private readonly HttpClient _http;

    public RemoteReadQuerierTests() => _http = new HttpClient(_endpoint, disposeHandler: false);

    public void Dispose()
    {
        _http.Dispose();
        _endpoint.Dispose();
    }

    private RemoteReadClient Client() => new(_http, new Uri("http://remote.invalid/api/v1/read"), TimeSpan.FromSeconds(10));

    [Fact]
    public void Select_AddsUnconstrainedExternalLabels_AndStripsThemFromTheAnswer()
    {
        var options = new RemoteReadClientOptions { Name = "r", ExternalLabels = LabelSet.FromStrings("cluster", "eu") };
        using var querier = new RemoteReadQuerier(Client(), options, 1000, 2000);
        var set = querier.Select(true, null, Matcher.Equal("__name__", "up"));
        Assert.True(set.MoveNext());
        Assert.Equal(LabelSet.FromStrings("__name__", "up", "job", "a"), set.Current.Labels);
        var query = Assert.Single(_endpoint.Queries);
        Assert.Equal(1000, query.StartTimestampMs);
        Assert.Equal(2000, query.EndTimestampMs);
        Assert.Contains(query.Matchers, m => m.Name == "cluster" && m.Value == "eu" && m.Type == LabelMatcher.Types.Type.Eq);
    }

    [Fact]
    public void Select_WithoutRequiredMatchers_DoesNotAskTheRemote()
    {
        var options = new RemoteReadClientOptions { Name = "r", RequiredMatchers = LabelSet.FromStrings("job", "a") };
        using var querier = new RemoteReadQuerier(Client(), options, 0, 10);
        Assert.False(querier.Select(false, null, Matcher.Equal("__name__", "up")).MoveNext());
        Assert.Empty(_endpoint.Queries);
        Assert.True(querier.Select(false, null, Matcher.Equal("__name__", "up"), Matcher.Equal("job", "a")).MoveNext());
        Assert.Single(_endpoint.Queries);
    }

    [Fact]
    public void Select_WhenTheRemoteFails_ReturnsAWarningAndNoSeries()
    {
        _endpoint.Status = HttpStatusCode.InternalServerError;
        using var querier = new RemoteReadQuerier(Client(), new RemoteReadClientOptions { Name = "r" }, 0, 10);
        var set = querier.Select(false, null, new Matcher(MatchType.Regex, "__name__", ".+"));
        Assert.False(set.MoveNext());
        Assert.Contains("remote_read r", Assert.Single(set.Warnings), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false, 5000, 9000, false)]   // Entirely within local data: not sent.
    [InlineData(false, 1000, 9000, true)]    // Reaches before local data: sent, cut at the local start.
    [InlineData(true, 5000, 9000, true)]     // read_recent: always sent.
    public void ReadRecent_DecidesWhetherLocalRangesGoToTheRemote(bool readRecent, long min, long max, bool sent)
    {
        var queryable = new RemoteReadQueryable(Client(), new RemoteReadClientOptions { Name = "r", ReadRecent = readRecent }, () => 4000);
        using var querier = queryable.Querier(min, max);
        querier.Select(false, null, Matcher.Equal("__name__", "up"));
        Assert.Equal(sent, _endpoint.Queries.Count == 1);
        if (sent && !readRecent) Assert.Equal(4000, _endpoint.Queries[0].EndTimestampMs);
    }

    private sealed class FakeReadEndpoint : HttpMessageHandler
    {
        public List<Query> Queries { get; } = [];

        public HttpStatusCode Status { get; set; } = HttpStatusCode.OK;

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var body = await request.Content!.ReadAsByteArrayAsync(cancellationToken);
            var read = ReadRequest.Parser.ParseFrom(SnappyBody.Decompress(body, 1 << 20));
            Queries.AddRange(read.Queries);
            if (Status != HttpStatusCode.OK) return new HttpResponseMessage(Status) { Content = new StringContent("boom") };
            var response = new ReadResponse();
            response.Results.Add(new QueryResult { Timeseries = { WireBuilders.Series(["__name__", "up", "cluster", "eu", "job", "a"], (1500, 1)) } });
            return new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(SnappyBody.Compress(response.ToByteArray())) };
        }
    }
}
