"""Reads a TensorBoard log directory with the tensorboard package's own event reader and prints every
run's tags with their steps and values, proving that Synapse's event files are real ones:

    python3 scripts/read_tensorboard_logs.py logs

Needs the `tensorboard` package (pip install tensorboard); it is not a dependency of the tests.
Scalars print as `step=value`; histograms as `step: n=<count> min=… max=… buckets=<count>`; a graph
as its nodes, `name (op) <- inputs`.
"""
import os
import sys

from tensorboard.backend.event_processing.event_accumulator import EventAccumulator


def runs(log_dir):
    """Every folder under log_dir holding an event file, as (run name, path)."""
    found = []
    for root, _, files in os.walk(log_dir):
        if any("tfevents" in name for name in files):
            found.append((os.path.relpath(root, log_dir), root))
    return sorted(found)


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: read_tensorboard_logs.py LOG_DIRECTORY")
    log_dir = sys.argv[1]
    found = runs(log_dir)
    if not found:
        sys.exit(f"no event files under {log_dir}")
    for name, path in found:
        # size_guidance 0: keep every event rather than a reservoir sample.
        accumulator = EventAccumulator(path, size_guidance={"scalars": 0, "histograms": 0})
        accumulator.Reload()
        tags = accumulator.Tags()
        print(f"run {name}")
        for tag in sorted(tags["scalars"]):
            values = " ".join(f"{e.step}={e.value:.6g}" for e in accumulator.Scalars(tag))
            print(f"  scalar {tag}: {values}")
        for tag in sorted(tags["histograms"]):
            parts = []
            for e in accumulator.Histograms(tag):
                h = e.histogram_value
                parts.append(f"{e.step}: n={h.num:g} min={h.min:.4g} max={h.max:.4g} buckets={len(h.bucket)}")
            print(f"  histogram {tag}: " + "; ".join(parts))
        if tags.get("graph"):
            nodes = [f"{n.name} ({n.op}) <- {', '.join(n.input) or '-'}" for n in accumulator.Graph().node]
            print("  graph: " + "; ".join(nodes))


if __name__ == "__main__":
    main()
