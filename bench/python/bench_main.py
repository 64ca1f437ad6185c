"""The command line both Python renderers share, so that they are timed and
measured exactly the same way as each other (and as bench_documents):

    SCRIPT MODEL.json [--reps N] [--out FILE]

prints one `render_ms` line per repetition, then `bytes` and `peak_rss_kb`.
"""

import argparse
import json
import os
import resource
import tempfile
import time


def run(render, name, suffix):
    """Renders the model of the command line `--reps` times with
    render(model, path)."""
    ap = argparse.ArgumentParser()
    ap.add_argument("model")
    ap.add_argument("--reps", type=int, default=1)
    ap.add_argument("--out")
    args = ap.parse_args()
    with open(args.model, encoding="utf-8") as f:
        model = json.load(f)
    out = args.out or os.path.join(tempfile.gettempdir(), f"bench-{name}-py-{os.getpid()}{suffix}")
    for _ in range(args.reps):
        start = time.perf_counter()
        render(model, out)
        print(f"render_ms {(time.perf_counter() - start) * 1000:.3f}", flush=True)
    print(f"bytes {os.path.getsize(out)}")
    print(f"peak_rss_kb {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}")
    if not args.out:
        os.remove(out)
