"""Valid instances of a spec's component schemas, from hypothesis-jsonschema.

    python instances.py SPEC LABEL MAX_SCHEMAS PER_SCHEMA >> instances.jsonl

The instances come from an instance generator nobody on this team wrote (hypothesis-jsonschema,
which only produces values valid under the schema) and are checked again with the `jsonschema`
validator, so a failure later is never blamed on an invalid input. One JSON line per instance,
{"spec": LABEL, "component": NAME, "instance": VALUE}, and one per schema that yielded none,
{"spec", "component", "skipped": REASON}.

Deterministic: the schemas tried are an evenly spaced selection of the sorted component names,
and Hypothesis runs derandomized.
"""

import json
import signal
import sys
import warnings

import jsonschema
import yaml
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis_jsonschema import from_schema

from openapi_schema import to_json_schema

SECONDS_PER_SCHEMA = 120


class TimedOut(Exception):
    pass


def main():
    spec_path, label, max_schemas, per_schema = sys.argv[1:5]
    with open(spec_path, encoding="utf-8") as file:
        doc = json.load(file) if spec_path.endswith(".json") else yaml.load(file, Loader=yaml.CSafeLoader)
    version = str(doc.get("openapi", ""))
    components = (doc.get("components") or {}).get("schemas") or {}
    names = spread(sorted(components), int(max_schemas))
    for name in names:
        emit_instances(label, name, components, version.startswith("3.1"), int(per_schema))


def emit_instances(label, name, components, is31, per_schema):
    try:
        schema = to_json_schema(name, components, is31)
    except ValueError as error:
        return skip(label, name, str(error))
    try:
        instances = generate(schema, per_schema)
    except TimedOut:
        return skip(label, name, f"hypothesis-jsonschema took over {SECONDS_PER_SCHEMA} s")
    except Exception as error:  # the generator refusing a schema is a finding, not a crash
        return skip(label, name, f"hypothesis-jsonschema: {type(error).__name__}: {first_line(error)}")
    validator = jsonschema.validators.validator_for(schema, jsonschema.Draft7Validator)(schema)
    valid = [i for i in instances if validator.is_valid(i)]
    if not valid:
        return skip(label, name, "no valid instance")
    for instance in valid:
        emit({"spec": label, "component": name, "instance": instance})


def generate(schema, count):
    found = {}

    @settings(
        max_examples=count,
        derandomize=True,
        database=None,
        deadline=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(from_schema(schema))
    def collect(value):
        found.setdefault(json.dumps(value, sort_keys=True), value)

    def alarm(_signum, _frame):
        raise TimedOut()

    signal.signal(signal.SIGALRM, alarm)
    signal.alarm(SECONDS_PER_SCHEMA)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            collect()
    finally:
        signal.alarm(0)
    return list(found.values())


def spread(names, most):
    if len(names) <= most:
        return names
    return [names[(i * len(names)) // most] for i in range(most)]


def skip(label, name, reason):
    emit({"spec": label, "component": name, "skipped": reason})


def emit(line):
    sys.stdout.write(json.dumps(line) + "\n")
    sys.stdout.flush()


def first_line(error):
    return str(error).split("\n", 1)[0][:160]


if __name__ == "__main__":
    main()
