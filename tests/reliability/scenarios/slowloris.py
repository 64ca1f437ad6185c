#!/usr/bin/env python3
# slowloris: 300 slow connections from one address, then from fifty, while /healthz is probed.
#
# Starts `grantflow serve` (GF_RELEASE_BIN, or the program given as the
# first argument) on a fresh SQLite database with its default settings,
# then for each attack opens 300 connections that send a request head one
# header line a second (reopening those the server closes, as an attacker
# would), and probes GET /healthz from 127.0.0.1 twice a second with a 5 s
# time-out. The attack from one address uses 127.0.0.2; the one from many
# uses 127.0.0.10-59 (on Linux the whole of 127.0.0.0/8 is loopback).
# Prints the slowest probe and the failures per attack; exits 1 when a
# probe failed or took 2 s or more. docs/reliability.md keeps the figures.
import os
import re
import select
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time

ATTACK_SECONDS = int(os.environ.get("GF_SLOWLORIS_SECONDS", "20"))
SOCKETS = 300


def start_server(program, folder):
    db = f"sqlite3://db={folder}/grantflow.db timeout=10"
    subprocess.run([program, "init", "--db", db], check=True, stdout=subprocess.DEVNULL)
    log = open(os.path.join(folder, "serve.log"), "w")
    proc = subprocess.Popen(
        [program, "serve", "--db", db, "--host", "127.0.0.1", "--port", "0",
         "--files", os.path.join(folder, "files"), "--log", os.path.join(folder, "access.log")],
        stdout=subprocess.PIPE, stderr=log, text=True)
    deadline = time.time() + 60
    port = None
    while time.time() < deadline and port is None:
        line = proc.stdout.readline()
        if not line:
            break
        m = re.search(r"127\.0\.0\.1:(\d+)", line) or re.search(r"port[= ](\d+)", line)
        if m:
            port = int(m.group(1))
    if port is None:
        proc.kill()
        sys.exit("the server did not say its port")
    threading.Thread(target=lambda: proc.stdout.read(), daemon=True).start()
    return proc, port


def probe(port, timeout=5.0):
    started = time.monotonic()
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=timeout) as s:
            s.settimeout(max(0.01, timeout - (time.monotonic() - started)))
            s.sendall(b"GET /healthz HTTP/1.1\r\nHost: probe\r\nConnection: close\r\n\r\n")
            data = b""
            while True:
                chunk = s.recv(4096)
                if not chunk:
                    break
                data += chunk
        ok = data.startswith(b"HTTP/1.1 200")
    except OSError:
        ok = False
    return ok, time.monotonic() - started


class Attack:
    def __init__(self, port, sources):
        self.port, self.sources = port, sources
        self.socks = [None] * SOCKETS
        self.stop = False
        self.cut = 0
        self.thread = threading.Thread(target=self.run, daemon=True)
        self.thread.start()

    def open(self, i):
        try:
            s = socket.socket()
            s.bind((self.sources[i % len(self.sources)], 0))
            s.settimeout(1)
            s.connect(("127.0.0.1", self.port))
            s.setblocking(False)
            s.send(b"GET /healthz HTTP/1.1\r\nHost: slow\r\n")
            self.socks[i] = s
        except OSError:
            self.socks[i] = None

    def close(self, i):
        try:
            self.socks[i].close()
        except OSError:
            pass
        self.socks[i] = None
        self.cut += 1

    def run(self):
        for i in range(SOCKETS):
            self.open(i)
        next_tick = time.monotonic() + 1
        while not self.stop:
            live = {s.fileno(): i for i, s in enumerate(self.socks) if s is not None}
            readable, _, _ = select.select(list(live), [], [], 0.05) if live else ([], [], [])
            for fd in readable:
                i = live[fd]
                try:
                    if not self.socks[i].recv(4096):
                        self.close(i)
                except BlockingIOError:
                    pass
                except OSError:
                    self.close(i)
            if time.monotonic() < next_tick:
                continue
            next_tick += 1
            for i in range(SOCKETS):
                if self.socks[i] is None:
                    self.open(i)
                    continue
                try:
                    self.socks[i].send(b"X-Slow: 1\r\n")
                except BlockingIOError:
                    pass
                except OSError:
                    self.close(i)

    def end(self):
        self.stop = True
        self.thread.join()
        for i, s in enumerate(self.socks):
            if s is not None:
                s.close()


def run_attack(name, port, sources):
    attack = Attack(port, sources)
    time.sleep(1)
    worst, failures, probes = 0.0, 0, 0
    until = time.monotonic() + ATTACK_SECONDS
    while time.monotonic() < until:
        ok, took = probe(port)
        probes += 1
        worst = max(worst, took)
        failures += 0 if ok else 1
        time.sleep(max(0, 0.5 - took))
    attack.end()
    print(f"{name}: {probes} probes of /healthz over {ATTACK_SECONDS} s, "
          f"{failures} failed, slowest {worst:.3f} s; attack connections cut {attack.cut}")
    return failures == 0 and worst < 2.0


def main():
    program = sys.argv[1] if len(sys.argv) > 1 else os.environ.get("GF_RELEASE_BIN")
    if not program:
        sys.exit("usage: slowloris.py [GRANTFLOW_PROGRAM] (or GF_RELEASE_BIN)")
    folder = tempfile.mkdtemp(prefix="gf-slowloris-")
    proc, port = start_server(program, folder)
    try:
        ok = run_attack("one address (127.0.0.2)", port, ["127.0.0.2"])
        time.sleep(3)
        ok = run_attack("fifty addresses (127.0.0.10-59)", port,
                        [f"127.0.0.{i}" for i in range(10, 60)]) and ok
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=40)
        except subprocess.TimeoutExpired:
            proc.kill()
        out = os.environ.get("GF_RELIABILITY_OUT")
        if out:
            shutil.copy(os.path.join(folder, "access.log"), os.path.join(out, "slowloris-access.log"))
        shutil.rmtree(folder, ignore_errors=True)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
