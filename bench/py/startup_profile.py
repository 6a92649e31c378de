"""Prints a start's profile: the main thread's JFR samples as a tree, and the classes loaded per library.

Usage: startup_profile.py SAMPLES.json CLASSES.log MIN_MS
SAMPLES.json is `jfr print --json --events jdk.ExecutionSample`; CLASSES.log is `-Xlog:class+load:file=…:uptime`.
"""
import collections
import json
import re
import sys

PERIOD_MS = 5  # bench/startup-profile.sh samples every 5 ms


def frame_name(frame):
    return frame["method"]["type"]["name"].split("/")[-1] + "." + frame["method"]["name"]


def main_thread_stacks(samples_file):
    events = json.load(open(samples_file))["recording"]["events"]
    for event in events:
        thread = event["values"]["sampledThread"]
        trace = event["values"]["stackTrace"]
        if thread and thread["javaName"] == "main" and trace:
            yield [frame_name(f) for f in reversed(trace["frames"])]


def print_tree(stacks, min_samples):
    root = {}
    for stack in stacks:
        node = root
        for name in stack:
            entry = node.setdefault(name, [0, {}])
            entry[0] += 1
            node = entry[1]

    def show(node, depth):
        for name, (count, children) in sorted(node.items(), key=lambda item: -item[1][0]):
            if count < min_samples:
                continue
            chain = [name]
            # A chain of frames that all carry the same samples is one line: first > … > last.
            while len(children) == 1 and next(iter(children.values()))[0] == count:
                child = next(iter(children))
                chain.append(child)
                children = children[child][1]
            label = chain[0] if len(chain) == 1 else f"{chain[0]} > … > {chain[-1]}" if len(chain) > 2 else " > ".join(chain)
            print(f"{'  ' * depth}{count * PERIOD_MS:6d} ms  {label}")
            show(children, depth + 1)

    show(root, 0)


def print_classes(classes_file):
    per_package = collections.Counter()
    per_source = collections.Counter()
    total = 0
    for line in open(classes_file):
        match = re.match(r"\[[\d.]+s\] (\S+) source: (.*)", line.strip())
        if not match:
            continue
        total += 1
        name, source = match.groups()
        per_package[".".join(name.split(".")[:2])] += 1
        per_source["AOT cache / CDS" if "shared objects file" in source else "jar or generated"] += 1
    print(f"\n{total} classes loaded before readiness: "
          + ", ".join(f"{count} from {source}" for source, count in per_source.most_common()))
    print("by package (first two segments): " + ", ".join(f"{name} {count}" for name, count in per_package.most_common(15)))


if __name__ == "__main__":
    samples, classes, min_ms = sys.argv[1], sys.argv[2], int(sys.argv[3])
    stacks = list(main_thread_stacks(samples))
    print(f"main thread: {len(stacks)} samples, {len(stacks) * PERIOD_MS} ms on CPU in Java code")
    print_tree(stacks, max(1, min_ms // PERIOD_MS))
    print_classes(classes)
