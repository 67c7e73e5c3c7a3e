#!/usr/bin/env python3
"""The declared rust-version of each published crate must be the real MSRV of its locked
dependency graph: the highest `rust-version` (or the edition's minimum, for crates that
declare none) among the crate and everything it builds with (normal and build dependencies,
every platform). Other toolchains cannot be installed here, so the graph is the evidence.

    python3 .ci/msrv.py            # fails if a declared rust-version differs from the graph's
"""
import json
import subprocess
import sys

PUBLISHED = ["specforge", "specforge-runtime"]
EDITION_MINIMUM = {"2015": "1.0", "2018": "1.31", "2021": "1.56", "2024": "1.85"}


def version(text):
    parts = [int(part) for part in text.split(".")]
    return tuple(parts + [0] * (3 - len(parts)))


def main():
    metadata = json.loads(
        subprocess.run(
            ["cargo", "metadata", "--format-version", "1", "--locked"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
    )
    packages = {p["id"]: p for p in metadata["packages"]}
    nodes = {n["id"]: n for n in metadata["resolve"]["nodes"]}

    def needs(package):
        return package.get("rust_version") or EDITION_MINIMUM[package["edition"]]

    failed = False
    for name in PUBLISHED:
        root = next(p["id"] for p in packages.values() if p["name"] == name and p["source"] is None)
        seen, stack = set(), [root]
        while stack:
            current = stack.pop()
            if current in seen:
                continue
            seen.add(current)
            for dep in nodes[current]["deps"]:
                kinds = {k["kind"] for k in dep["dep_kinds"]}
                if kinds - {"dev"}:
                    stack.append(dep["pkg"])
        highest = max(
            (packages[p] for p in seen if p != root),
            key=lambda p: version(needs(p)),
        )
        declared = packages[root].get("rust_version") or "(none)"
        real = needs(highest)
        status = "ok" if declared != "(none)" and version(declared) == version(real) else "WRONG"
        failed |= status != "ok"
        print(
            f"{name}: declared rust-version {declared}; the locked graph needs {real} "
            f"({highest['name']} {highest['version']}) — {status}"
        )
    sys.stdout.flush()
    if failed:
        print("set rust-version to what the graph needs (workspace Cargo.toml)", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
