#!/usr/bin/env python3
"""Drive all 17 VPC v3 traffic-mirror operations through the vendor's official Python SDK
(huaweicloudsdkvpc.v3.VpcClient and its request/response models) against `local-vpc`.

The scenario is the one of tests/scenario.rs (the generated Rust client's), so the same
service is shown to speak the wire format of both clients. On top of what each response
says, the script checks that

- every JSON object the service sends has exactly the fields of the SDK's model for it
  (the SDK silently drops unknown keys and leaves missing ones None, so a misnamed field
  would otherwise go unnoticed), and
- spec/vpc.yaml agrees with the SDK: each operation's method, path, path and query
  parameters, body and response model, and each schema's property names.

Usage (scripts/sdk_scenario.sh builds the service and prepares the venv):

    python scripts/sdk_scenario.py --server target/debug/local-vpc

Prints one line per step (`ok   …` or `FAIL …`), then `N passed, M failed`; exits 1 if
anything failed. The service is started on a free 127.0.0.1 port and always stopped.
"""

import argparse
import atexit
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path

# --- isolate the SDK from the caller's environment (before importing it) ---------------
# Importing huaweicloudsdkcore writes ~/.huaweicloud/application_id.
_TMP_HOME = tempfile.mkdtemp(prefix="vpc-sdk-scenario-home-")
atexit.register(shutil.rmtree, _TMP_HOME, True)
os.environ["HOME"] = _TMP_HOME
for _key in list(os.environ):
    if _key.startswith("HUAWEICLOUD_SDK_"):
        del os.environ[_key]

# Without python-dateutil (not an SDK dependency) the SDK keeps datetimes as strings and
# warns on every filter; that is the SDK's documented fallback, not a wire problem.
warnings.filterwarnings("ignore", message="Unable to convert string to datetime")

from importlib.metadata import version as pkg_version  # noqa: E402

import yaml  # noqa: E402  (PyYAML, a huaweicloudsdkcore dependency)
from huaweicloudsdkcore.auth.credentials import BasicCredentials  # noqa: E402
from huaweicloudsdkcore.exceptions.exceptions import ClientRequestException  # noqa: E402
from huaweicloudsdkcore.http.http_config import HttpConfig  # noqa: E402
from huaweicloudsdkcore.http.http_handler import HttpHandler  # noqa: E402
from huaweicloudsdkvpc.v3 import model as vpc_model  # noqa: E402
from huaweicloudsdkvpc.v3.region.vpc_region import VpcRegion  # noqa: E402
from huaweicloudsdkvpc.v3 import (  # noqa: E402
    VpcClient,
    AddSourcesToTrafficMirrorSessionRequest,
    AddSourcesToTrafficMirrorSessionRequestBody,
    CreateTrafficMirrorFilterOption,
    CreateTrafficMirrorFilterRequest,
    CreateTrafficMirrorFilterRequestBody,
    CreateTrafficMirrorFilterRuleOption,
    CreateTrafficMirrorFilterRuleRequest,
    CreateTrafficMirrorFilterRuleRequestBody,
    CreateTrafficMirrorSessionOption,
    CreateTrafficMirrorSessionRequest,
    CreateTrafficMirrorSessionRequestBody,
    DeleteTrafficMirrorFilterRequest,
    DeleteTrafficMirrorFilterRuleRequest,
    DeleteTrafficMirrorSessionRequest,
    ListTrafficMirrorFilterRulesRequest,
    ListTrafficMirrorFiltersRequest,
    ListTrafficMirrorSessionsRequest,
    PageInfo,
    RemoveSourcesFromTrafficMirrorSessionRequest,
    RemoveSourcesFromTrafficMirrorSessionRequestBody,
    ShowTrafficMirrorFilterRequest,
    ShowTrafficMirrorFilterRuleRequest,
    ShowTrafficMirrorSessionRequest,
    TrafficMirrorFilter,
    TrafficMirrorFilterRule,
    TrafficMirrorSession,
    TrafficMirrorSourcesOption,
    UpdateTrafficMirrorFilterOption,
    UpdateTrafficMirrorFilterRequest,
    UpdateTrafficMirrorFilterRequestBody,
    UpdateTrafficMirrorFilterRuleOption,
    UpdateTrafficMirrorFilterRuleRequest,
    UpdateTrafficMirrorFilterRuleRequestBody,
    UpdateTrafficMirrorSessionOption,
    UpdateTrafficMirrorSessionRequest,
    UpdateTrafficMirrorSessionRequestBody,
)

REPO_ROOT = Path(__file__).resolve().parent.parent

# local-vpc's defaults (local-vpc/src/lib.rs, `Options::DEFAULT_*`).
AK = "HPUAEXAMPLEAK0000001"
SK = "exampleSecretKey0000000000000000000000000"
PROJECT_ID = "7365fcd452924e398ec4cc1fe39c0d12"
WRONG_SK = "wrongSecretKey00000000000000000000000000"

STARTUP_TIMEOUT = 30.0
TARGET_ENI = "eni-target-0001"


# --- step bookkeeping ------------------------------------------------------------------
class Skip(Exception):
    """A step cannot run because an earlier one did not produce what it needs."""


class Results:
    def __init__(self):
        self.passed = 0
        self.failed = 0

    def step(self, name, func, *args):
        """Runs one step; prints `ok   name detail` or `FAIL name: why`. Returns its value."""
        try:
            value = func(*args)
        except Skip as skip:
            self.failed += 1
            print(f"FAIL {name}: not run, {skip}", flush=True)
            return None
        except ClientRequestException as error:
            self.failed += 1
            print(f"FAIL {name}: unexpected HTTP {error.status_code} {error.error_code}: "
                  f"{error.error_msg} (request {error.request_id})", flush=True)
            return None
        except Exception as error:  # noqa: BLE001 - report and continue
            self.failed += 1
            print(f"FAIL {name}: {type(error).__name__}: {error}", flush=True)
            return None
        detail, result = value if isinstance(value, tuple) else (value, None)
        self.passed += 1
        print(f"ok   {name} {detail}".rstrip(), flush=True)
        return result


def check(condition, message):
    if not condition:
        raise AssertionError(message)


def check_eq(actual, expected, what):
    check(actual == expected, f"{what}: expected {expected!r}, got {actual!r}")


def needs(**values):
    missing = [name for name, value in values.items() if value is None]
    if missing:
        raise Skip("needs " + ", ".join(missing))


def expect_error(call, status, error_code=None):
    """Runs `call`, which must raise ClientRequestException with `status` (an int or a
    collection of ints); checks error_code (when given), error_msg and request_id."""
    try:
        response = call()
    except ClientRequestException as error:
        statuses = status if isinstance(status, (set, tuple, list)) else {status}
        check(error.status_code in statuses,
              f"expected HTTP {sorted(statuses)}, got {error.status_code} {error.error_code}")
        if error_code is not None:
            check_eq(error.error_code, error_code, "error_code")
        check(error.error_code, "error_code is empty")
        check(error.error_msg, "error_msg is empty")
        check(error.request_id, "request_id is empty")
        return error
    raise AssertionError(f"expected HTTP {status}, got success {getattr(response, 'status_code', '?')}")


# --- wire observation ------------------------------------------------------------------
class Wire:
    """The last exchange, seen through the SDK's own HttpHandler hooks."""

    def __init__(self):
        self.request_body = None
        self.status = None

    def on_response(self, **kwargs):
        response = kwargs["response"]
        body = response.request.body
        self.request_body = body.decode("utf-8") if isinstance(body, bytes) else body
        self.status = response.status_code

    def request_json(self):
        return json.loads(self.request_body) if self.request_body else None


def model_wire_names(model_cls):
    return set(model_cls.attribute_map.values())


# Fields the vendor documents as sometimes absent: `next_marker` on the last page
# ("最后一页时无next_marker字段"). Every other field of these models is always sent.
MAY_BE_ABSENT = {"PageInfo": {"next_marker"}}


def check_wire(obj, model_cls, where):
    """`obj` (raw JSON) has exactly the fields of the SDK model `model_cls`."""
    check(isinstance(obj, dict), f"{where}: not a JSON object: {obj!r}")
    expected = model_wire_names(model_cls)
    unknown = sorted(set(obj) - expected)
    missing = sorted(expected - set(obj) - MAY_BE_ABSENT.get(model_cls.__name__, set()))
    check(not unknown, f"{where}: fields the SDK's {model_cls.__name__} does not know: {unknown}")
    check(not missing, f"{where}: {model_cls.__name__} fields the service did not send: {missing}")


def raw(response):
    return json.loads(response.raw_content.decode("utf-8"))


def check_session_wire(response):
    body = raw(response)
    check_wire(body, type(response), "response")
    check_wire(body["traffic_mirror_session"], TrafficMirrorSession, "traffic_mirror_session")


def check_rule_wire(response):
    body = raw(response)
    check_wire(body, type(response), "response")
    check_wire(body["traffic_mirror_filter_rule"], TrafficMirrorFilterRule, "traffic_mirror_filter_rule")


def check_filter_obj_wire(obj, where):
    check_wire(obj, TrafficMirrorFilter, where)
    for key in ("ingress_rules", "egress_rules"):
        for i, rule in enumerate(obj[key]):
            check_wire(rule, TrafficMirrorFilterRule, f"{where}.{key}[{i}]")


def check_filter_wire(response):
    body = raw(response)
    check_wire(body, type(response), "response")
    check_filter_obj_wire(body["traffic_mirror_filter"], "traffic_mirror_filter")


def check_list_wire(response, items_key, item_check):
    body = raw(response)
    check_wire(body, type(response), "response")
    check_wire(body["page_info"], PageInfo, "page_info")
    for i, item in enumerate(body[items_key]):
        item_check(item, f"{items_key}[{i}]")


def check_success(response, status):
    check_eq(response.status_code, status, "status_code")
    if status != 204:
        check(response.request_id, "request_id is empty")


# --- spec/vpc.yaml against the SDK -----------------------------------------------------
def snake(name):
    out = []
    for i, ch in enumerate(name):
        if ch.isupper() and i:
            out.append("_")
        out.append(ch.lower())
    return "".join(out)


def spec_matches_sdk(spec_path):
    spec = yaml.safe_load(Path(spec_path).read_text(encoding="utf-8"))
    components = spec["components"]
    problems = []

    def resolve(node):
        while isinstance(node, dict) and "$ref" in node:
            *_, kind, name = node["$ref"].split("/")
            node = components[kind][name]
        return node

    def ref_name(node):
        return node["$ref"].rsplit("/", 1)[-1] if isinstance(node, dict) and "$ref" in node else None

    operations = 0
    for path, item in spec["paths"].items():
        for method, op in item.items():
            if method not in ("get", "post", "put", "delete"):
                continue
            operations += 1
            op_id = op["operationId"]
            request_cls = getattr(vpc_model, op_id + "Request", None)
            info_fn = getattr(VpcClient, f"_{snake(op_id)}_http_info", None)
            if request_cls is None or info_fn is None:
                problems.append(f"{op_id}: no such SDK operation")
                continue
            info = info_fn(request_cls())
            if (info["method"], info["resource_path"]) != (method.upper(), path):
                problems.append(f"{op_id}: spec {method.upper()} {path}, SDK {info['method']} {info['resource_path']}")
            params = [resolve(p) for p in op.get("parameters", [])]
            spec_path_params = {p["name"] for p in params if p["in"] == "path"} - {"project_id"}
            spec_query = {p["name"] for p in params if p["in"] == "query"}
            sdk_attrs = set(request_cls.attribute_map.values())
            sdk_body = "body" in request_cls.openapi_types
            sdk_params = sdk_attrs - {"body"}
            if spec_path_params | spec_query != sdk_params:
                problems.append(f"{op_id}: parameters spec {sorted(spec_path_params | spec_query)}, SDK {sorted(sdk_params)}")
            body = op.get("requestBody")
            spec_body = ref_name(body["content"]["application/json"]["schema"]) if body else None
            if spec_body != (request_cls.openapi_types["body"] if sdk_body else None):
                problems.append(f"{op_id}: body spec {spec_body}, SDK {request_cls.openapi_types.get('body')}")
            success = [code for code in op["responses"] if str(code).startswith("2")]
            content = op["responses"][success[0]].get("content") if success else None
            spec_resp = ref_name(content["application/json"]["schema"]) if content else None
            if spec_resp is None:
                # A 204 without a body: the SDK's model for it must be empty.
                sdk_resp = getattr(vpc_model, info["response_type"])
                if sdk_resp.openapi_types:
                    problems.append(f"{op_id}: spec has no response body, SDK {info['response_type']} has fields")
            elif spec_resp != info["response_type"]:
                problems.append(f"{op_id}: response spec {spec_resp}, SDK {info['response_type']}")

    schemas = 0
    for name, schema in components["schemas"].items():
        sdk_cls = getattr(vpc_model, name, None)
        if sdk_cls is None or "properties" not in schema:
            continue
        schemas += 1
        spec_props = set(schema["properties"])
        sdk_props = model_wire_names(sdk_cls)
        if spec_props != sdk_props:
            problems.append(f"schema {name}: only in spec {sorted(spec_props - sdk_props)}, "
                            f"only in SDK {sorted(sdk_props - spec_props)}")
    # The region list: the server variable's enum is the SDK's VpcRegion, in its order, and
    # every region's endpoint is the server URL with that region.
    spec_regions = spec["servers"][0]["variables"]["region"]["enum"]
    sdk_regions = list(VpcRegion.static_fields)
    if spec_regions != sdk_regions:
        problems.append(f"regions: only in spec {sorted(set(spec_regions) - set(sdk_regions))}, "
                        f"only in SDK {sorted(set(sdk_regions) - set(spec_regions))}, or another order")
    template = spec["servers"][0]["url"]
    for region_id, region in VpcRegion.static_fields.items():
        if region.endpoints != [template.replace("{region}", region_id)]:
            problems.append(f"region {region_id}: SDK endpoints {region.endpoints}")
    check(operations == 17, f"expected 17 operations in the spec, found {operations}")
    check(not problems, "; ".join(problems))
    return (f"{operations} operations, {schemas} schemas and {len(sdk_regions)} regions agree with "
            f"huaweicloudsdkvpc {pkg_version('huaweicloudsdkvpc')}")


# --- the service -----------------------------------------------------------------------
def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_service(server, log):
    """Starts the binary on a free port; returns (process, port) once the port accepts."""
    for _attempt in range(3):
        port = free_port()
        proc = subprocess.Popen([server, "--listen", f"127.0.0.1:{port}"],
                                stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        deadline = time.monotonic() + STARTUP_TIMEOUT
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                break  # exited: maybe the port was taken meanwhile; try another
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                    return proc, port
            except OSError:
                time.sleep(0.1)
        else:
            stop_service(proc)
            raise RuntimeError(f"{server} did not accept connections on port {port} within {STARTUP_TIMEOUT:.0f} s")
    raise RuntimeError(f"{server} exited before accepting connections (exit code {proc.returncode})")


def stop_service(proc):
    if proc.poll() is not None:
        return
    proc.send_signal(signal.SIGINT)  # local-vpc stops on Ctrl-C
    try:
        proc.wait(timeout=5)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=5)


def make_client(endpoint, sk=SK, wire=None):
    config = HttpConfig.get_default_config()
    config.ignore_ssl_verification = True
    config.retry_times = 0
    config.timeout = (5, 30)
    builder = (VpcClient.new_builder()
               .with_http_config(config)
               .with_credentials(BasicCredentials(AK, sk, PROJECT_ID))
               .with_endpoints([endpoint]))
    if wire is not None:
        builder = builder.with_http_handler(HttpHandler().add_response_handler(wire.on_response))
    return builder.build()


# --- the scenario (tests/scenario.rs) ----------------------------------------------------
def rule_option(filter_id, direction, priority):
    return CreateTrafficMirrorFilterRuleOption(
        traffic_mirror_filter_id=filter_id, direction=direction, protocol="TCP", ethertype="IPv4",
        source_cidr_block="10.0.0.0/24", destination_port_range="80-443", action="accept",
        priority=priority)


def session_option(name, filter_id, sources):
    return CreateTrafficMirrorSessionOption(
        name=name, traffic_mirror_filter_id=filter_id, traffic_mirror_sources=list(sources),
        traffic_mirror_target_id=TARGET_ENI, traffic_mirror_target_type="eni",
        virtual_network_id="7", priority=10, enabled="true")


def run_scenario(client, bad_client, wire, r, spec_path):
    st = {}  # what earlier steps produced

    r.step("spec_matches_sdk", spec_matches_sdk, spec_path)

    # Filters and their rules.
    def create_filter(name, key):
        response = client.create_traffic_mirror_filter(CreateTrafficMirrorFilterRequest(
            body=CreateTrafficMirrorFilterRequestBody(
                traffic_mirror_filter=CreateTrafficMirrorFilterOption(name=name, description="web tier"))))
        check_success(response, 201)
        check_filter_wire(response)
        f = response.traffic_mirror_filter
        check(f.id, "no id")
        check_eq((f.name, f.description, f.project_id), (name, "web tier", PROJECT_ID), "name, description, project_id")
        check_eq((f.ingress_rules, f.egress_rules), ([], []), "rules of a new filter")
        st[key] = f.id
        return f"201 id={f.id}"

    r.step("create_traffic_mirror_filter", create_filter, "web", "filter")

    def create_rule(direction, priority, key):
        needs(filter=st.get("filter"))
        response = client.create_traffic_mirror_filter_rule(CreateTrafficMirrorFilterRuleRequest(
            body=CreateTrafficMirrorFilterRuleRequestBody(
                traffic_mirror_filter_rule=rule_option(st["filter"], direction, priority))))
        check_success(response, 201)
        check_rule_wire(response)
        rule = response.traffic_mirror_filter_rule
        check_eq((rule.traffic_mirror_filter_id, rule.direction, rule.protocol, rule.ethertype, rule.action),
                 (st["filter"], direction, "TCP", "IPv4", "accept"), "rule fields")
        check_eq((rule.priority, rule.destination_port_range, rule.source_cidr_block),
                 (priority, "80-443", "10.0.0.0/24"), "priority, ports, cidr")
        st[key] = rule.id
        return f"201 {direction} id={rule.id}"

    r.step("create_traffic_mirror_filter_rule", create_rule, "ingress", 1, "ingress")
    r.step("create_traffic_mirror_filter_rule", create_rule, "egress", 2, "egress")

    def show_filter():
        needs(filter=st.get("filter"), ingress=st.get("ingress"), egress=st.get("egress"))
        response = client.show_traffic_mirror_filter(ShowTrafficMirrorFilterRequest(traffic_mirror_filter_id=st["filter"]))
        check_success(response, 200)
        check_filter_wire(response)
        f = response.traffic_mirror_filter
        check_eq([x.id for x in f.ingress_rules], [st["ingress"]], "ingress_rules")
        check_eq([x.id for x in f.egress_rules], [st["egress"]], "egress_rules")
        check_eq(f.egress_rules[0].direction, "egress", "egress rule direction")
        return "200 ingress_rules=1 egress_rules=1"

    r.step("show_traffic_mirror_filter", show_filter)

    def update_rule():
        needs(ingress=st.get("ingress"))
        response = client.update_traffic_mirror_filter_rule(UpdateTrafficMirrorFilterRuleRequest(
            traffic_mirror_filter_rule_id=st["ingress"],
            body=UpdateTrafficMirrorFilterRuleRequestBody(
                traffic_mirror_filter_rule=UpdateTrafficMirrorFilterRuleOption(priority=5))))
        check_success(response, 200)
        check_rule_wire(response)
        check_eq(wire.request_json(), {"traffic_mirror_filter_rule": {"priority": 5}}, "request body on the wire")
        rule = response.traffic_mirror_filter_rule
        check_eq((rule.id, rule.priority, rule.destination_port_range), (st["ingress"], 5, "80-443"), "id, priority, unchanged ports")
        return "200 priority=5"

    r.step("update_traffic_mirror_filter_rule", update_rule)

    def show_rule():
        needs(ingress=st.get("ingress"))
        response = client.show_traffic_mirror_filter_rule(ShowTrafficMirrorFilterRuleRequest(traffic_mirror_filter_rule_id=st["ingress"]))
        check_success(response, 200)
        check_rule_wire(response)
        check_eq(response.traffic_mirror_filter_rule.priority, 5, "priority")
        return "200 priority=5"

    r.step("show_traffic_mirror_filter_rule", show_rule)

    def list_rules():
        needs(filter=st.get("filter"), ingress=st.get("ingress"), egress=st.get("egress"))
        response = client.list_traffic_mirror_filter_rules(ListTrafficMirrorFilterRulesRequest(traffic_mirror_filter_id=st["filter"]))
        check_success(response, 200)
        check_list_wire(response, "traffic_mirror_filter_rules", lambda o, w: check_wire(o, TrafficMirrorFilterRule, w))
        ids = [x.id for x in response.traffic_mirror_filter_rules]
        check_eq(sorted(ids), sorted([st["ingress"], st["egress"]]), "rule ids")
        check_eq(response.page_info.current_count, 2, "page_info.current_count")
        check_eq(response.page_info.next_marker, None, "page_info.next_marker")
        return "200 2 rules"

    r.step("list_traffic_mirror_filter_rules", list_rules)

    def update_filter():
        needs(filter=st.get("filter"))
        response = client.update_traffic_mirror_filter(UpdateTrafficMirrorFilterRequest(
            traffic_mirror_filter_id=st["filter"],
            body=UpdateTrafficMirrorFilterRequestBody(
                traffic_mirror_filter=UpdateTrafficMirrorFilterOption(name="web-2"))))
        check_success(response, 200)
        check_filter_wire(response)
        f = response.traffic_mirror_filter
        check_eq((f.id, f.name, f.description), (st["filter"], "web-2", "web tier"), "id, name, unchanged description")
        return "200 name=web-2"

    r.step("update_traffic_mirror_filter", update_filter)

    def list_filters():
        needs(filter=st.get("filter"))
        response = client.list_traffic_mirror_filters(ListTrafficMirrorFiltersRequest())
        check_success(response, 200)
        check_list_wire(response, "traffic_mirror_filters", check_filter_obj_wire)
        check_eq([(f.id, f.name) for f in response.traffic_mirror_filters], [(st["filter"], "web-2")], "filters")
        return "200 1 filter"

    r.step("list_traffic_mirror_filters", list_filters)

    # Sessions and their sources.
    def create_session():
        needs(filter=st.get("filter"))
        response = client.create_traffic_mirror_session(CreateTrafficMirrorSessionRequest(
            body=CreateTrafficMirrorSessionRequestBody(traffic_mirror_session=session_option("s1", st["filter"], ["eni-a"]))))
        check_success(response, 201)
        sent = wire.request_json()["traffic_mirror_session"]
        # The SDK's model types these three as str: that is what goes over the wire.
        check_eq((sent["virtual_network_id"], sent["enabled"]), ("7", "true"), "SDK sent as strings")
        check_session_wire(response)
        s = response.traffic_mirror_session
        check_eq((s.virtual_network_id, s.enabled, s.packet_length), (7, True, 96), "answered as number/bool, default packet_length")
        check_eq((s.name, s.traffic_mirror_filter_id, s.traffic_mirror_sources, s.traffic_mirror_target_id,
                  s.traffic_mirror_target_type, s.priority, s.type),
                 ("s1", st["filter"], ["eni-a"], TARGET_ENI, "eni", 10, "eni"), "session fields")
        st["session"] = s.id
        return f'201 id={s.id} (sent virtual_network_id="7" enabled="true")'

    r.step("create_traffic_mirror_session", create_session)

    def add_sources():
        needs(session=st.get("session"))
        response = client.add_sources_to_traffic_mirror_session(AddSourcesToTrafficMirrorSessionRequest(
            traffic_mirror_session_id=st["session"],
            body=AddSourcesToTrafficMirrorSessionRequestBody(
                traffic_mirror_session=TrafficMirrorSourcesOption(traffic_mirror_sources=["eni-b", "eni-c"]))))
        check_success(response, 200)
        check_session_wire(response)
        check_eq(response.traffic_mirror_session.traffic_mirror_sources, ["eni-a", "eni-b", "eni-c"], "sources")
        return "200 sources=eni-a,eni-b,eni-c"

    r.step("add_sources_to_traffic_mirror_session", add_sources)

    def remove_sources():
        needs(session=st.get("session"))
        response = client.remove_sources_from_traffic_mirror_session(RemoveSourcesFromTrafficMirrorSessionRequest(
            traffic_mirror_session_id=st["session"],
            body=RemoveSourcesFromTrafficMirrorSessionRequestBody(
                traffic_mirror_session=TrafficMirrorSourcesOption(traffic_mirror_sources=["eni-b"]))))
        check_success(response, 200)
        check_session_wire(response)
        check_eq(response.traffic_mirror_session.traffic_mirror_sources, ["eni-a", "eni-c"], "sources")
        return "200 sources=eni-a,eni-c"

    r.step("remove_sources_from_traffic_mirror_session", remove_sources)

    def update_session():
        needs(session=st.get("session"))
        response = client.update_traffic_mirror_session(UpdateTrafficMirrorSessionRequest(
            traffic_mirror_session_id=st["session"],
            body=UpdateTrafficMirrorSessionRequestBody(
                traffic_mirror_session=UpdateTrafficMirrorSessionOption(priority=20, packet_length=1000))))
        check_success(response, 200)
        check_session_wire(response)
        check_eq(wire.request_json(), {"traffic_mirror_session": {"priority": 20, "packet_length": 1000}}, "request body on the wire")
        s = response.traffic_mirror_session
        check_eq((s.priority, s.packet_length, s.virtual_network_id, s.name), (20, 1000, 7, "s1"), "priority, packet_length, unchanged fields")
        st["updated"] = s
        return "200 priority=20 packet_length=1000"

    r.step("update_traffic_mirror_session", update_session)

    def show_session():
        needs(session=st.get("session"), updated=st.get("updated"))
        response = client.show_traffic_mirror_session(ShowTrafficMirrorSessionRequest(traffic_mirror_session_id=st["session"]))
        check_success(response, 200)
        check_session_wire(response)
        check_eq(response.traffic_mirror_session.to_dict(), st["updated"].to_dict(), "session as last updated")
        return "200 equals the updated session"

    r.step("show_traffic_mirror_session", show_session)

    def list_sessions():
        needs(filter=st.get("filter"), session=st.get("session"))
        response = client.list_traffic_mirror_sessions(ListTrafficMirrorSessionsRequest(
            traffic_mirror_filter_id=st["filter"], enabled="true"))
        check_success(response, 200)
        check_list_wire(response, "traffic_mirror_sessions", lambda o, w: check_wire(o, TrafficMirrorSession, w))
        check_eq([s.id for s in response.traffic_mirror_sessions], [st["session"]], "session ids")
        return "200 filter+enabled=true -> 1 session"

    r.step("list_traffic_mirror_sessions", list_sessions)

    # Pagination: 7 sessions on their own filter, pages of 3 following next_marker.
    def create_seven():
        response = client.create_traffic_mirror_filter(CreateTrafficMirrorFilterRequest(
            body=CreateTrafficMirrorFilterRequestBody(traffic_mirror_filter=CreateTrafficMirrorFilterOption(name="pages"))))
        check_success(response, 201)
        st["pages_filter"] = response.traffic_mirror_filter.id
        ids = []
        for i in range(7):
            created = client.create_traffic_mirror_session(CreateTrafficMirrorSessionRequest(
                body=CreateTrafficMirrorSessionRequestBody(
                    traffic_mirror_session=session_option(f"p{i}", st["pages_filter"], []))))
            check_success(created, 201)
            ids.append(created.traffic_mirror_session.id)
        check_eq(len(set(ids)), 7, "distinct ids")
        st["pages"] = ids
        return "201 x7 on filter 'pages'"

    r.step("create_traffic_mirror_session", create_seven)

    def paginate():
        needs(pages=st.get("pages"))
        seen, sizes, marker = [], [], None
        while True:
            check(len(sizes) < 10, "more than 10 pages: next_marker never ends")
            response = client.list_traffic_mirror_sessions(ListTrafficMirrorSessionsRequest(
                traffic_mirror_filter_id=st["pages_filter"], limit=3, marker=marker))
            check_success(response, 200)
            check_list_wire(response, "traffic_mirror_sessions", lambda o, w: check_wire(o, TrafficMirrorSession, w))
            page = [s.id for s in response.traffic_mirror_sessions]
            check_eq(response.page_info.current_count, len(page), "page_info.current_count")
            seen += page
            sizes.append(len(page))
            marker = response.page_info.next_marker
            if not marker:
                break
            check_eq(marker, page[-1], "next_marker is the page's last id")
        check_eq(sizes, [3, 3, 1], "page sizes")
        check_eq(len(seen), len(set(seen)), "no id twice")
        check_eq(set(seen), set(st["pages"]), "every id")
        return "200 x3 pages 3+3+1, every id exactly once"

    r.step("list_traffic_mirror_sessions (limit=3, next_marker)", paginate)

    # Errors.
    def unknown_session():
        error = expect_error(lambda: client.show_traffic_mirror_session(
            ShowTrafficMirrorSessionRequest(traffic_mirror_session_id="00000000-0000-0000-0000-000000000000")), 404, "VPC.0003")
        check(isinstance(error, ClientRequestException), "not a ClientRequestException")
        return f"404 {error.error_code} request_id={error.request_id}"

    r.step("show_traffic_mirror_session (unknown id)", unknown_session)

    def wrong_sk():
        error = expect_error(lambda: bad_client.list_traffic_mirror_sessions(ListTrafficMirrorSessionsRequest()), 401, "APIGW.0301")
        return f"401 {error.error_code}"

    r.step("list_traffic_mirror_sessions (wrong SK)", wrong_sk)

    def eleventh_source():
        needs(filter=st.get("filter"))
        ten = [f"eni-{i}" for i in range(10)]
        created = client.create_traffic_mirror_session(CreateTrafficMirrorSessionRequest(
            body=CreateTrafficMirrorSessionRequestBody(traffic_mirror_session=session_option("full", st["filter"], ten))))
        check_success(created, 201)
        st["full"] = created.traffic_mirror_session.id
        error = expect_error(lambda: client.add_sources_to_traffic_mirror_session(AddSourcesToTrafficMirrorSessionRequest(
            traffic_mirror_session_id=st["full"],
            body=AddSourcesToTrafficMirrorSessionRequestBody(
                traffic_mirror_session=TrafficMirrorSourcesOption(traffic_mirror_sources=["eni-10"])))), 400, "VPC.0002")
        shown = client.show_traffic_mirror_session(ShowTrafficMirrorSessionRequest(traffic_mirror_session_id=st["full"]))
        check_eq(shown.traffic_mirror_session.traffic_mirror_sources, ten, "sources unchanged")
        return f"400 {error.error_code} request_id={error.request_id}"

    r.step("add_sources_to_traffic_mirror_session (11th source)", eleventh_source)

    def filter_in_use():
        needs(filter=st.get("filter"))
        error = expect_error(lambda: client.delete_traffic_mirror_filter(
            DeleteTrafficMirrorFilterRequest(traffic_mirror_filter_id=st["filter"])), (400, 409))
        return f"{error.status_code} {error.error_code}"

    r.step("delete_traffic_mirror_filter (in use)", filter_in_use)

    # Delete everything (204), then it is gone (404).
    def delete_sessions():
        ids = [i for i in [st.get("session"), st.get("full")] + (st.get("pages") or []) if i]
        needs(sessions=ids or None)
        for session_id in ids:
            response = client.delete_traffic_mirror_session(DeleteTrafficMirrorSessionRequest(traffic_mirror_session_id=session_id))
            check_eq(response.status_code, 204, f"status of deleting {session_id}")
        return f"204 x{len(ids)}"

    r.step("delete_traffic_mirror_session", delete_sessions)

    def delete_rules():
        ids = [i for i in (st.get("ingress"), st.get("egress")) if i]
        needs(rules=ids or None)
        for rule_id in ids:
            response = client.delete_traffic_mirror_filter_rule(DeleteTrafficMirrorFilterRuleRequest(traffic_mirror_filter_rule_id=rule_id))
            check_eq(response.status_code, 204, f"status of deleting {rule_id}")
        return f"204 x{len(ids)}"

    r.step("delete_traffic_mirror_filter_rule", delete_rules)

    def delete_filters():
        ids = [i for i in (st.get("filter"), st.get("pages_filter")) if i]
        needs(filters=ids or None)
        for filter_id in ids:
            response = client.delete_traffic_mirror_filter(DeleteTrafficMirrorFilterRequest(traffic_mirror_filter_id=filter_id))
            check_eq(response.status_code, 204, f"status of deleting {filter_id}")
        return f"204 x{len(ids)}"

    r.step("delete_traffic_mirror_filter", delete_filters)

    def gone():
        needs(session=st.get("session"), filter=st.get("filter"), ingress=st.get("ingress"))
        expect_error(lambda: client.show_traffic_mirror_session(ShowTrafficMirrorSessionRequest(traffic_mirror_session_id=st["session"])), 404)
        expect_error(lambda: client.show_traffic_mirror_filter(ShowTrafficMirrorFilterRequest(traffic_mirror_filter_id=st["filter"])), 404)
        expect_error(lambda: client.show_traffic_mirror_filter_rule(ShowTrafficMirrorFilterRuleRequest(traffic_mirror_filter_rule_id=st["ingress"])), 404)
        sessions = client.list_traffic_mirror_sessions(ListTrafficMirrorSessionsRequest())
        filters = client.list_traffic_mirror_filters(ListTrafficMirrorFiltersRequest())
        rules = client.list_traffic_mirror_filter_rules(ListTrafficMirrorFilterRulesRequest())
        check_eq((len(sessions.traffic_mirror_sessions), len(filters.traffic_mirror_filters), len(rules.traffic_mirror_filter_rules)),
                 (0, 0, 0), "sessions, filters, rules left")
        return "404 session, filter, rule; all lists empty"

    r.step("show deleted resources", gone)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--server", required=True, help="the built local-vpc binary, e.g. target/debug/local-vpc")
    parser.add_argument("--spec", default=str(REPO_ROOT / "spec" / "vpc.yaml"), help="the OpenAPI spec to compare with the SDK")
    args = parser.parse_args()

    started = time.monotonic()
    results = Results()
    print(f"huaweicloudsdkcore {pkg_version('huaweicloudsdkcore')}, huaweicloudsdkvpc {pkg_version('huaweicloudsdkvpc')}, "
          f"Python {sys.version.split()[0]}", flush=True)
    with tempfile.TemporaryFile(mode="w+") as log:
        proc = None
        try:
            try:
                proc, port = start_service(os.path.abspath(args.server), log)
            except Exception as error:  # noqa: BLE001 - the service did not come up
                results.failed += 1
                print(f"FAIL start local-vpc: {error}", flush=True)
            else:
                endpoint = f"http://127.0.0.1:{port}"
                print(f"ok   start local-vpc {endpoint}", flush=True)
                results.passed += 1
                wire = Wire()
                client = make_client(endpoint, wire=wire)
                bad_client = make_client(endpoint, sk=WRONG_SK)
                run_scenario(client, bad_client, wire, results, args.spec)
        except Exception as error:  # noqa: BLE001 - a bug outside any step
            results.failed += 1
            print(f"FAIL scenario aborted: {type(error).__name__}: {error}", flush=True)
        finally:
            if proc is not None:
                stop_service(proc)
            if results.failed:
                log.seek(0)
                tail = log.read()[-4000:]
                if tail:
                    print("--- local-vpc output ---\n" + tail.rstrip() + "\n--- end ---", flush=True)
    print(f"runtime {time.monotonic() - started:.1f} s")
    print(f"{results.passed} passed, {results.failed} failed")
    return 1 if results.failed else 0


if __name__ == "__main__":
    sys.exit(main())
