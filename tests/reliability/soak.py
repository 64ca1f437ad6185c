"""The soak run of tests/reliability/scenarios/soak.

Starts `grantflow serve` (GF_RELEASE_BIN) on a fresh database, measures the
most a realistic mix sustains for a short while (reads of one application,
list pages, creates, withdrawals), then runs the mix at half that rate for
GF_SOAK_MINUTES minutes (default 30), sampling each minute the server's RSS,
the p99 latency and the errors. It fails on any error (an answer other than
the expected 2xx, or no answer), on RSS growing more than 10 % from the end
of the first minute to the end, or on p99 drifting: the median of the last
third's per-minute p99 over twice the first two minutes' (with 5 ms of
slack for a machine shared with other work).

Standard library only: a thread per client, one kept-alive connection each.
"""

import http.client
import json
import os
import random
import re
import statistics
import subprocess
import sys
import threading
import time

MIX = [("read", 50), ("list", 20), ("create", 20), ("withdraw", 10)]
CLIENTS = 16
MEASURE_SECONDS = 20


def log(*words):
    print("soak:", *words, flush=True)


class Server:
    def __init__(self, binary, db, folder):
        self.log_path = os.path.join(folder, "serve.log")
        self.process = subprocess.Popen(
            [binary, "serve", "--db", db, "--port", "0", "--files",
             os.path.join(folder, "files"), "--log", self.log_path],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        deadline = time.time() + 120
        self.port = None
        while time.time() < deadline and self.port is None:
            line = self.process.stdout.readline()
            if not line:
                break
            match = re.search(r"grantflow serving http://[^:]+:(\d+)", line)
            if match:
                self.port = int(match.group(1))
        if self.port is None:
            raise SystemExit("soak: the server did not start")
        threading.Thread(target=self.process.stdout.read, daemon=True).start()

    def rss_kib(self):
        with open(f"/proc/{self.process.pid}/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
        return 0

    def stop(self):
        self.process.terminate()
        return self.process.wait(timeout=60)


class Client:
    def __init__(self, port, token):
        self.port, self.token = port, token
        self.connection = None
        self.drafts = []  # ids of this client's drafts, to read and withdraw
        self.next_title = 0

    def call(self, method, path, body=None):
        if self.connection is None:
            self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        headers = {"Authorization": "Bearer " + self.token}
        data = None
        if body is not None:
            data = json.dumps(body)
            headers["Content-Type"] = "application/json"
        try:
            self.connection.request(method, path, body=data, headers=headers)
            response = self.connection.getresponse()
            payload = response.read()
        except (OSError, http.client.HTTPException):
            self.connection.close()
            self.connection = None
            raise
        if response.getheader("Connection", "").lower() == "close":
            self.connection.close()
            self.connection = None
        return response.status, payload

    def create(self):
        self.next_title += 1
        status, payload = self.call("POST", "/api/v1/applications", {
            "programme": "EMERGENCY", "title": f"Soak {id(self)} {self.next_title}",
            "amount_requested_cents": 5000000, "fields": FIELDS})
        if status == 201:
            self.drafts.append(json.loads(payload)["id"])
        return status, 201

    def operation(self, kind):
        if kind == "create" or not self.drafts:
            return self.create()
        if kind == "read":
            return self.call("GET", f"/api/v1/applications/{random.choice(self.drafts)}")[0], 200
        if kind == "list":
            return self.call("GET", "/api/v1/applications?limit=20")[0], 200
        draft = self.drafts.pop(random.randrange(len(self.drafts)))
        status, _ = self.call("POST", f"/api/v1/applications/{draft}/transitions",
                              {"name": "withdraw", "version": 1})
        return status, 200


FIELDS = {
    "crisis_type": "epidemic", "country": "GN",
    "crisis_description": "An Ebola outbreak in Gueckedou: the health centres lack protective "
                          "equipment and the families of patients lack food.",
    "local_partner": "Croix-Rouge guineenne", "beneficiaries": 4000,
    "start_date": "2026-03-01", "duration_months": 6,
    "summary": "Protective equipment for 12 health centres and food parcels for 800 families "
               "during six months.",
}


def sign_up(port):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    email = "soak@asso.example.org"
    body = {"organization": {"name": "Association Soak", "rna": "W751234567",
                             "address": "12 rue des Envierges", "city": "Paris", "country": "FR",
                             "iban": "FR76 3000 6000 0112 3456 7890 189",
                             "active_in_paris_since": "2009-03-01"},
            "user": {"email": email, "password": "Correct-Horse-Battery-9", "name": "Soak"}}
    connection.request("POST", "/api/v1/register", json.dumps(body),
                       {"Content-Type": "application/json"})
    response = connection.getresponse()
    if response.status != 201:
        raise SystemExit(f"soak: registration answered {response.status}: {response.read()}")
    response.read()
    connection.request("POST", "/api/v1/session",
                       json.dumps({"email": email, "password": "Correct-Horse-Battery-9"}),
                       {"Content-Type": "application/json"})
    response = connection.getresponse()
    return json.loads(response.read())["token"]


class Load:
    """CLIENTS threads running the mix; `rate` operations per second in all,
    or as fast as they can when rate is None."""

    def __init__(self, port, token, rate):
        self.stop = threading.Event()
        self.lock = threading.Lock()
        self.latencies, self.errors, self.done = [], [], 0
        kinds = [k for k, weight in MIX for _ in range(weight)]
        interval = None if rate is None else CLIENTS / rate

        def run():
            client = Client(port, token)
            next_at = time.monotonic()
            while not self.stop.is_set():
                if interval is not None:
                    next_at += interval
                    pause = next_at - time.monotonic()
                    if pause > 0:
                        time.sleep(pause)
                kind = random.choice(kinds)
                started = time.monotonic()
                try:
                    status, expected = client.operation(kind)
                    error = None if status == expected else f"{kind} answered {status}"
                except Exception as failure:  # no answer at all
                    error = f"{kind}: {failure!r}"
                elapsed = time.monotonic() - started
                with self.lock:
                    self.done += 1
                    self.latencies.append(elapsed)
                    if error:
                        self.errors.append(error)

        self.threads = [threading.Thread(target=run, daemon=True) for _ in range(CLIENTS)]
        for thread in self.threads:
            thread.start()

    def take(self):
        with self.lock:
            sample = (self.done, self.latencies, self.errors)
            self.done, self.latencies, self.errors = 0, [], []
        return sample

    def end(self):
        self.stop.set()
        for thread in self.threads:
            thread.join()


def p99(latencies):
    if not latencies:
        return 0.0
    ordered = sorted(latencies)
    return ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]


def main():
    binary = os.environ["GF_RELEASE_BIN"]
    folder = os.environ["GF_RELIABILITY_OUT"]
    minutes = int(os.environ.get("GF_SOAK_MINUTES", "30"))
    db = os.environ["GF_SOAK_DB"]
    server = Server(binary, db, folder)
    log(f"server pid {server.process.pid} on port {server.port}, database {db}")
    token = sign_up(server.port)

    load = Load(server.port, token, None)
    time.sleep(MEASURE_SECONDS)
    done, _, errors = load.take()
    load.end()
    maximum = done / MEASURE_SECONDS
    if errors:
        raise SystemExit(f"soak: errors while measuring: {errors[:5]}")
    rate = maximum / 2
    log(f"maximum {maximum:.0f} operations/s with {CLIENTS} clients; soaking at {rate:.0f}/s "
        f"for {minutes} min")

    load = Load(server.port, token, rate)
    rows, failures = [], []
    for minute in range(1, minutes + 1):
        time.sleep(60)
        done, latencies, errors = load.take()
        rss = server.rss_kib()
        rows.append((minute, done / 60, p99(latencies), rss, len(errors)))
        log(f"minute {minute}: {done / 60:.0f} ops/s, p99 {p99(latencies) * 1000:.1f} ms, "
            f"RSS {rss / 1024:.1f} MiB, {len(errors)} errors")
        failures += [f"minute {minute}: {e}" for e in errors[:5]]
    load.end()
    status = server.stop()

    first_rss, last_rss = rows[0][3], rows[-1][3]
    growth = (last_rss - first_rss) / first_rss
    baseline = max(r[2] for r in rows[:2])
    tail = rows[-max(1, len(rows) // 3):]
    drift = statistics.median(r[2] for r in tail)
    total_errors = sum(r[4] for r in rows)
    log(f"summary: {minutes} min at {rate:.0f}/s (max {maximum:.0f}/s), "
        f"{sum(r[1] * 60 for r in rows):.0f} operations, {total_errors} errors, "
        f"RSS {first_rss / 1024:.1f} -> {last_rss / 1024:.1f} MiB ({growth * 100:+.1f} %), "
        f"p99 first minutes {baseline * 1000:.1f} ms, last third {drift * 1000:.1f} ms")
    if total_errors:
        failures.insert(0, f"{total_errors} errors")
    if growth > 0.10:
        failures.append(f"RSS grew {growth * 100:.1f} % (more than 10 %)")
    if drift > 2 * baseline + 0.005:
        failures.append(f"p99 drifted from {baseline * 1000:.1f} to {drift * 1000:.1f} ms")
    if status != 0:
        failures.append(f"the server exited with {status} on SIGTERM")
    for failure in failures:
        log("FAILED:", failure)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
