using System.Diagnostics;
using System.Globalization;
using MetricsServer.Benchmarks.RemoteWriteThroughput;

// Samples per second sent per CPU core by one remote-write queue (QueueManager with Prometheus's default queue_config:
// batching, protobuf encoding, snappy, HTTP), fed from memory rather than the WAL, to a sink receiver in a child process
// so that the receiver's CPU is not counted. Usage:
//   RemoteWriteThroughput [samples=20000000] [series=10000]   measure
//   RemoteWriteThroughput sink <port>                          only the sink (also a sink for Prometheus)
if (args is ["sink", var sinkPort]) return await SinkReceiver.RunAsync(int.Parse(sinkPort, CultureInfo.InvariantCulture));

var samples = args.Length > 0 ? long.Parse(args[0], CultureInfo.InvariantCulture) : 20_000_000;
var series = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 10_000;
var port = SinkReceiver.FreePort();
using var sink = Process.Start(new ProcessStartInfo(Environment.ProcessPath!) { ArgumentList = { "sink", port.ToString(CultureInfo.InvariantCulture) } })
    ?? throw new InvalidOperationException("could not start the sink");
try
{
    var result = await ThroughputRun.RunAsync(new Uri($"http://127.0.0.1:{port}/api/v1/write"), samples, series);
    Console.WriteLine(result);
    return 0;
}
finally
{
    sink.Kill();
    await sink.WaitForExitAsync();
}
