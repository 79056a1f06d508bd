#!/usr/bin/env python3
"""Remote-write CPU per sample, side by side: a server scrapes the rig's synthetic exporter twice, once without and once
with a remote_write to a sink receiver (this project's `sink` mode, another process), and the difference in the
server's CPU seconds over the same window, divided by the samples it sent, is what sending costs it.

    python3 side_by_side.py --server prometheus=/usr/bin/prometheus --server ours=/path/to/metrics-server \
        --sink /path/to/RemoteWriteThroughput --targets 10 --series-per-target 5000 --duration 40
"""
import argparse, os, re, shutil, subprocess, sys, tempfile, time, urllib.request

RIG = "/work/shared/rig/synth_exporter.py"
TICK = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICK


def metric(port, name):
    text = urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=10).read().decode()
    total = 0.0
    for line in text.splitlines():
        if re.match(re.escape(name) + r"(\{| )", line):
            total += float(line.rsplit(" ", 1)[1])
    return total


def wait_ready(port, proc):
    for _ in range(600):
        if proc.poll() is not None:
            sys.exit(f"server exited with {proc.returncode}")
        try:
            if urllib.request.urlopen(f"http://127.0.0.1:{port}/-/ready", timeout=2).status == 200:
                return
        except OSError:
            pass
        time.sleep(0.1)
    sys.exit("server not ready")


def run(binary, args, sink_port, remote, warmup, duration, port):
    work = tempfile.mkdtemp(prefix="rw-side-")
    config = os.path.join(work, "prometheus.yml")
    targets = ", ".join(f'"127.0.0.1:{args.base_port + i}"' for i in range(args.targets))
    with open(config, "w") as f:
        f.write(f"global: {{ scrape_interval: {args.scrape_interval}s, scrape_timeout: {args.scrape_interval}s }}\n")
        f.write(f"scrape_configs:\n  - job_name: synth\n    static_configs: [{{ targets: [{targets}] }}]\n")
        if remote:
            f.write(f"remote_write:\n  - url: http://127.0.0.1:{sink_port}/api/v1/write\n    metadata_config: {{ send: false }}\n")
    proc = subprocess.Popen([binary, f"--config.file={config}", f"--storage.tsdb.path={work}/data",
                             f"--web.listen-address=127.0.0.1:{port}", "--log.level=warn"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_ready(port, proc)
        time.sleep(warmup)  # first scrapes, queue start-up and resharding out of the window
        cpu0, sent0, appended0 = cpu_seconds(proc.pid), metric(port, "prometheus_remote_storage_samples_total"), \
            metric(port, "prometheus_tsdb_head_samples_appended_total")
        time.sleep(duration)
        cpu1, sent1, appended1 = cpu_seconds(proc.pid), metric(port, "prometheus_remote_storage_samples_total"), \
            metric(port, "prometheus_tsdb_head_samples_appended_total")
        return cpu1 - cpu0, sent1 - sent0, appended1 - appended0
    finally:
        proc.terminate()
        try:
            proc.wait(60)
        except subprocess.TimeoutExpired:
            proc.kill()
        shutil.rmtree(work, ignore_errors=True)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--server", action="append", required=True, help="name=binary (takes Prometheus's flags)")
    ap.add_argument("--sink", required=True, help="the RemoteWriteThroughput executable")
    ap.add_argument("--targets", type=int, default=10)
    ap.add_argument("--series-per-target", type=int, default=5000)
    ap.add_argument("--scrape-interval", type=int, default=1)
    ap.add_argument("--duration", type=int, default=40)
    ap.add_argument("--warmup", type=int, default=15)
    ap.add_argument("--base-port", type=int, default=23000)
    ap.add_argument("--port", type=int, default=19390)
    ap.add_argument("--sink-port", type=int, default=19391)
    args = ap.parse_args()
    exporter = subprocess.Popen([sys.executable, RIG, "--targets", str(args.targets), "--series-per-target",
                                 str(args.series_per_target), "--base-port", str(args.base_port)],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    sink = subprocess.Popen([args.sink, "sink", str(args.sink_port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        time.sleep(2)
        for spec in args.server:
            name, binary = spec.split("=", 1)
            base_cpu, _, base_appended = run(binary, args, args.sink_port, False, args.warmup, args.duration, args.port)
            cpu, sent, appended = run(binary, args, args.sink_port, True, args.warmup, args.duration, args.port)
            extra = cpu - base_cpu * (appended / base_appended if base_appended else 1)
            print(f"{name}: without remote_write {base_cpu:.2f} CPU s for {base_appended:,.0f} samples; "
                  f"with {cpu:.2f} CPU s for {appended:,.0f} samples, {sent:,.0f} sent; "
                  f"sending cost {extra:.2f} CPU s = {sent / extra if extra > 0 else float('inf'):,.0f} samples/s per core",
                  flush=True)
    finally:
        sink.kill()
        exporter.kill()


if __name__ == "__main__":
    main()
