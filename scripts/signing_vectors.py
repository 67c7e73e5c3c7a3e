#!/usr/bin/env python3
"""Generate AK/SK signing test vectors (SDK-HMAC-SHA256, SDK-HMAC-SM3 and
V11-HMAC-SHA256) from Huawei Cloud's official Python SDK (huaweicloudsdkcore +
huaweicloudsdkvpc).

Every vector is produced by driving the SDK's real request pipeline:
``VpcClient.<operation>()`` or ``Client.do_http_request()`` ->
``build_future_request`` -> ``BasicCredentials.process_auth_request`` ->
``sign_request`` -> ``Signer.sign``.  The final HTTP send
(``Client._do_http_request_sync``) is replaced by a stub that captures the
signed ``SdkRequest`` instead of touching the network.  Intermediate values
(signed headers, canonical request, string to sign, ...) are recorded by thin
wrappers around the SDK's own ``Signer`` methods: the wrappers only observe
return values, nothing is recomputed here.

Usage (see runtime/tests/vectors/README.md):

    python3 -m venv /tmp/vec-venv
    /tmp/vec-venv/bin/pip install -r scripts/requirements-vectors.txt
    /tmp/vec-venv/bin/python scripts/signing_vectors.py          # rewrite runtime/tests/vectors/signing.json
    /tmp/vec-venv/bin/python scripts/signing_vectors.py --check  # exit 1 if the file is stale

The script points HOME at a throw-away directory before importing the SDK
(importing it may write ~/.huaweicloud/application_id) and removes it on exit.
Output is byte-for-byte deterministic.
"""

import argparse
import atexit
import copy
import hashlib
import hmac
import json
import os
import shutil
import sys
import tempfile
from pathlib import Path

# --- isolate the SDK from the caller's environment -------------------------
_TMP_HOME = tempfile.mkdtemp(prefix="hwc-sdk-vectors-home-")
atexit.register(shutil.rmtree, _TMP_HOME, True)
os.environ["HOME"] = _TMP_HOME
for _k in list(os.environ):
    if _k.startswith("HUAWEICLOUD_SDK_"):
        del os.environ[_k]

from importlib.metadata import version as _pkg_version  # noqa: E402

import requests  # noqa: E402
from huaweicloudsdkcore.auth.credentials import BasicCredentials  # noqa: E402
from huaweicloudsdkcore.http.http_config import HttpConfig  # noqa: E402
from huaweicloudsdkcore.signer.algorithm import SigningAlgorithm  # noqa: E402
from huaweicloudsdkcore.signer.signer import DerivationAKSKSigner, Signer  # noqa: E402
from huaweicloudsdkvpc.v3 import (  # noqa: E402
    VpcClient,
    AddSourcesToTrafficMirrorSessionRequest,
    AddSourcesToTrafficMirrorSessionRequestBody,
    CreateTrafficMirrorSessionOption,
    CreateTrafficMirrorSessionRequest,
    CreateTrafficMirrorSessionRequestBody,
    DeleteTrafficMirrorSessionRequest,
    ListTrafficMirrorSessionsRequest,
    RemoveSourcesFromTrafficMirrorSessionRequest,
    RemoveSourcesFromTrafficMirrorSessionRequestBody,
    ShowTrafficMirrorSessionRequest,
    TrafficMirrorSourcesOption,
)

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT = REPO_ROOT / "runtime" / "tests" / "vectors" / "signing.json"

# --- fixed inputs ----------------------------------------------------------
AK = "EXAMPLEAK0123456789AB"
SK = "EXAMPLEsk0123456789abcdefghijklmnopqrstuv"
PROJECT_ID = "7365fcd452924e398ec4cc1fe39c0d12"
ENDPOINT = "https://vpc.cn-north-4.myhuaweicloud.com"
SESSION_ID = "e15a6e40-2580-4949-bf2a-55ee7cd49392"
SOURCE_ID = "6134900d-31a6-4b71-8453-dbca7f26982a"
# HttpConfig.user_agent; the SDK sends "huaweicloud-usdk-python/3.0; " + this.
USER_AGENT_SUFFIX = "test"
DATE = "20240102T030405Z"
SESSIONS = "/v3/{project_id}/vpc/traffic-mirror-sessions"
SESSION = SESSIONS + "/{traffic_mirror_session_id}"

# --- observation of the SDK's own Signer -----------------------------------
CAP = {}


def _observe(name, key, cls=Signer):
    """Wrap cls.<name> so its return value is stored in CAP[key]."""
    raw = cls.__dict__[name]
    is_classmethod = isinstance(raw, classmethod)
    func = raw.__func__ if is_classmethod else raw

    def wrapper(self_or_cls, *args, **kwargs):
        result = func(self_or_cls, *args, **kwargs)
        CAP[key] = copy.deepcopy(result)
        return result

    setattr(cls, name, classmethod(wrapper) if is_classmethod else wrapper)


def _observe_sign(cls):
    """Wrap cls.sign to record the request exactly as the SDK hands it to the signer."""
    original = cls.sign

    def observing_sign(self, request, *args, **kwargs):
        CAP["signer_class"] = type(self).__name__
        CAP["pre_headers"] = list(request.header_params.items())
        CAP["pre_query"] = copy.deepcopy(request.query_params)
        CAP["pre_body"] = request.body
        CAP["resource_path"] = request.resource_path
        CAP["host"] = request.host
        return original(self, request, *args, **kwargs)

    cls.sign = observing_sign


# DerivationAKSKSigner overrides sign and the string to sign; SM3Signer only the hash.
_observe_sign(Signer)
_observe_sign(DerivationAKSKSigner)
_observe("_process_string_to_sign", "string_to_sign", DerivationAKSKSigner)
_observe("_process_signed_headers", "signed_headers")
_observe("_process_canonical_uri", "canonical_uri")
_observe("_process_hash_payload", "payload_hash")
_observe("_process_canonical_request", "canonical_request")
_observe("_process_string_to_sign", "string_to_sign")
_observe("_sign_string_to_sign", "signature")


class _Captured(Exception):
    def __init__(self, request):
        super().__init__("captured")
        self.request = request


# The SDK's algorithm setting and signer class per vector "algorithm".
ALGORITHMS = {
    "SDK-HMAC-SHA256": (SigningAlgorithm.HMAC_SHA256, "Signer"),
    "SDK-HMAC-SM3": (SigningAlgorithm.HMAC_SM3, "SM3Signer"),
    "V11-HMAC-SHA256": (SigningAlgorithm.HMAC_SHA256, "DerivationAKSKSigner"),
}


def make_client(endpoint=ENDPOINT, ak=AK, sk=SK, project_id=PROJECT_ID,
                security_token=None, ignore_content_type_for_get=False,
                algorithm="SDK-HMAC-SHA256", derived=None):
    config = HttpConfig.get_default_config()
    config.user_agent = USER_AGENT_SUFFIX
    config.ignore_content_type_for_get_request = ignore_content_type_for_get
    config.signing_algorithm = ALGORITHMS[algorithm][0]
    creds = BasicCredentials(ak, sk, project_id)
    if security_token is not None:
        creds.with_security_token(security_token)
    if derived is not None:
        # What ClientBuilder.build does for a client with a derived-auth service name and a
        # region; the predicate makes every request use derived signing.
        creds.with_derived_predicate(lambda request: True)
        creds._process_derived_auth_params(derived["service"], derived["region"])
    return (VpcClient.new_builder()
            .with_http_config(config)
            .with_credentials(creds)
            .with_endpoint(endpoint)
            .build())


def generic(method, resource_path, path_params=None, query_params=None,
            header_params=None, body=None):
    """The same call a generated VpcClient operation makes (see _call_api)."""
    def call(client):
        return client.do_http_request(
            method=method, resource_path=resource_path,
            path_params=path_params or {}, query_params=query_params or [],
            header_params=header_params or {}, body=body, post_params=None,
            cname=None, response_type=None, response_headers=[],
            collection_formats={}, request_type=None)
    return call


def _query_value_str(v):
    # What Signer._process_canonical_query_string turns a scalar into.
    if isinstance(v, bool):
        return str(v).lower()
    return str(v)


def _flatten_query(pairs):
    out = []
    for k, v in pairs:
        if isinstance(v, list):
            out.extend([k, str(x)] for x in v)  # list items: plain str()
        else:
            out.append([k, _query_value_str(v)])
    return out


def _wire_str(value):
    # Signer stores header values as UTF-8 bytes viewed as latin-1 (that is
    # what requests then puts on the wire); show the real text instead.
    try:
        return value.encode("iso-8859-1").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return value


def _body_str(body):
    if body is None:
        return ""
    if isinstance(body, bytes):
        return body.decode("utf-8")
    if isinstance(body, str):
        return body
    raise TypeError("unexpected body type %r" % type(body))


def run_case(case):
    client = make_client(**case.get("client", {}))
    sdk_date = case.get("sdk_date", DATE)
    if not case.get("caller_date_header"):
        # Client.preset_headers is merged into every request's headers by the SDK.
        client.preset_headers = {"X-Sdk-Date": sdk_date}

    def stub(request):
        raise _Captured(request)

    client._do_http_request_sync = stub
    CAP.clear()
    try:
        case["call"](client)
    except _Captured as c:
        req = c.request
    else:
        raise RuntimeError("%s: request was not captured" % case["name"])
    finally:
        client.close()

    algorithm = case.get("client", {}).get("algorithm", "SDK-HMAC-SHA256")
    derived = case.get("client", {}).get("derived")
    if CAP.get("signer_class") != ALGORITHMS[algorithm][1]:
        raise RuntimeError("%s: unexpected signer %r" % (case["name"], CAP.get("signer_class")))

    query_string = req.uri.split("?", 1)[1] if "?" in req.uri else ""
    signed_headers = ";".join(CAP["signed_headers"])
    authorization = req.header_params["Authorization"]

    # Consistency checks (pure stdlib; they only confirm the captured values
    # fit together, the values themselves come from the SDK).
    creds = case.get("client", {})
    sk = creds.get("sk", SK)
    ak = creds.get("ak", AK)
    sts = CAP["string_to_sign"]
    signed_date = case.get("caller_date_header", ("", sdk_date))[1]
    digest = "sm3" if algorithm == "SDK-HMAC-SM3" else "sha256"
    canonical_hash = hashlib.new(digest, CAP["canonical_request"].encode("utf-8")).hexdigest()
    key = sk.encode("utf-8")
    credential = "Access=" + ak
    if derived is None:
        assert sts == "%s\n%s\n%s" % (algorithm, signed_date, canonical_hash)
    else:
        scope = "%s/%s/%s" % (signed_date[:8], derived["region"], derived["service"])
        assert sts == "%s\n%s\n%s\n%s" % (algorithm, signed_date, scope, canonical_hash)
        # RFC 5869 HKDF-SHA256 (salt = AK, key material = SK, info = scope, 32 bytes), hex text.
        prk = hmac.new(ak.encode("utf-8"), key, hashlib.sha256).digest()
        key = hmac.new(prk, scope.encode("utf-8") + b"\x01", hashlib.sha256).hexdigest().encode()
        credential = "Credential=%s/%s" % (ak, scope)
    sig = hmac.new(key, sts.encode("utf-8"), digest).hexdigest()
    assert sig == CAP["signature"]
    assert authorization == "%s %s, SignedHeaders=%s, Signature=%s" % (
        algorithm, credential, signed_headers, sig)
    # What requests would actually put on the request line.
    prepared = requests.Session().prepare_request(
        requests.Request(req.method, req.url, headers=req.header_params, data=req.body))
    assert prepared.url == req.url, (case["name"], prepared.url, req.url)

    vector = {
        "name": case["name"],
        "description": case["description"],
        "ak": ak,
        "sk": sk,
        "algorithm": algorithm,
    }
    if derived is not None:
        vector["derived"] = derived
    vector |= {
        "method": req.method,
        "host": CAP["host"],
        "path": CAP["resource_path"],
    }
    if "path_params_raw" in case:
        vector["path_params_raw"] = case["path_params_raw"]
    vector["query"] = _flatten_query(CAP["pre_query"] or [])
    # The date pinned through preset_headers is left out (the Rust test passes it as the
    # signing time); a date header the caller set is kept, as it is what gets signed.
    vector["headers"] = [[k, v] for k, v in CAP["pre_headers"]
                         if k.lower() != "x-sdk-date" or case.get("caller_date_header")]
    vector["body"] = _body_str(CAP["pre_body"])
    assert vector["body"] == _body_str(req.body)
    vector["sdk_date"] = sdk_date
    vector["expected"] = {
        "canonical_request": CAP["canonical_request"],
        "string_to_sign": sts,
        "signed_headers": signed_headers,
        "authorization": authorization,
        "query_string": query_string,
        "headers_after_signing": [[k, _wire_str(v)] for k, v in req.header_params.items()],
        "canonical_uri": CAP["canonical_uri"],
        "payload_hash": CAP["payload_hash"],
        "signature": CAP["signature"],
        "url": req.url,
    }
    return vector


# --- the cases -------------------------------------------------------------
def _op(method_name, request):
    return lambda client: getattr(client, method_name)(request)


def _remove_sources_request(session_id=SESSION_ID, sources=(SOURCE_ID,)):
    return RemoveSourcesFromTrafficMirrorSessionRequest(
        traffic_mirror_session_id=session_id,
        body=RemoveSourcesFromTrafficMirrorSessionRequestBody(
            traffic_mirror_session=TrafficMirrorSourcesOption(traffic_mirror_sources=list(sources))))


def _show(session_id):
    return _op("show_traffic_mirror_session",
               ShowTrafficMirrorSessionRequest(traffic_mirror_session_id=session_id))


CASES = [
    {
        "name": "seed_remove_sources",
        "description": "VpcClient.remove_sources_from_traffic_mirror_session: PUT with JSON body "
                       "serialised by the SDK (sanitize_for_serialization + simplejson.dumps).",
        "path_params_raw": {"traffic_mirror_session_id": SESSION_ID},
        "call": _op("remove_sources_from_traffic_mirror_session", _remove_sources_request()),
    },
    {
        "name": "add_sources_security_token",
        "description": "VpcClient.add_sources_to_traffic_mirror_session with temporary credentials: "
                       "BasicCredentials.with_security_token adds a signed X-Security-Token header.",
        "client": {"ak": "EXAMPLETEMPAK0000001", "sk": "EXAMPLEtempsk0000000000000000000000000001",
                   "security_token": "gQpjbi1ub3J0aC00EXAMPLE+/=token-0123456789"},
        "path_params_raw": {"traffic_mirror_session_id": SESSION_ID},
        "call": _op("add_sources_to_traffic_mirror_session", AddSourcesToTrafficMirrorSessionRequest(
            traffic_mirror_session_id=SESSION_ID,
            body=AddSourcesToTrafficMirrorSessionRequestBody(
                traffic_mirror_session=TrafficMirrorSourcesOption(
                    traffic_mirror_sources=[SOURCE_ID, "0b7c3a2e-1d4f-4c8e-9a6b-5f2e8d7c6b5a"])))),
    },
    {
        "name": "create_session_cjk_body",
        "description": "VpcClient.create_traffic_mirror_session: POST whose body has CJK, quotes and "
                       "backslashes; simplejson ensure_ascii turns non-ASCII into \\uXXXX escapes, "
                       "unset (None) fields are omitted, key order follows openapi_types.",
        "call": _op("create_traffic_mirror_session", CreateTrafficMirrorSessionRequest(
            body=CreateTrafficMirrorSessionRequestBody(traffic_mirror_session=CreateTrafficMirrorSessionOption(
                name="镜像会话-1",
                description='测试 "quoted" \\ ü',
                traffic_mirror_filter_id="59d2b2ae-9e1a-4f40-9a8c-2f7a0e6f3b11",
                traffic_mirror_sources=[SOURCE_ID],
                traffic_mirror_target_id="3b8b5b4e-6d1f-4d6a-8f0e-1c2d3e4f5a6b",
                traffic_mirror_target_type="eni",
                priority=1,
                enabled="true")))),
    },
    {
        "name": "show_session_get",
        "description": "VpcClient.show_traffic_mirror_session: GET without body; the SDK still sends "
                       "and signs Content-Type: application/json; empty-body payload hash.",
        "path_params_raw": {"traffic_mirror_session_id": SESSION_ID},
        "call": _show(SESSION_ID),
    },
    {
        "name": "delete_session",
        "description": "VpcClient.delete_traffic_mirror_session: DELETE without body.",
        "path_params_raw": {"traffic_mirror_session_id": SESSION_ID},
        "sdk_date": "20251231T235959Z",
        "call": _op("delete_traffic_mirror_session",
                    DeleteTrafficMirrorSessionRequest(traffic_mirror_session_id=SESSION_ID)),
    },
    {
        "name": "list_sessions_query",
        "description": "VpcClient.list_traffic_mirror_sessions: list value out of order (sent as "
                       "repeated sorted keys), int scalar, value with a space, empty marker kept as "
                       "'marker='. The SDK orders query_params by model field order.",
        "call": _op("list_traffic_mirror_sessions", ListTrafficMirrorSessionsRequest(
            id=["e15a6e40-2580-4949-bf2a-55ee7cd49392", "0b7c3a2e-1d4f-4c8e-9a6b-5f2e8d7c6b5a"],
            name="mirror session 1", enabled="true", limit=10, marker="")),
    },
    {
        "name": "query_special_chars",
        "description": "Query keys and values with space, + / * ~ = & %, a literal %2F, unicode and "
                       "an empty value; each is percent-encoded with quote(safe='~').",
        "call": generic("GET", SESSIONS, query_params=[
            ("q", "a b"), ("plus", "1+1"), ("slash", "a/b"), ("star", "*"), ("tilde", "~x~"),
            ("eq", "a=b"), ("amp", "a&b"), ("pct", "100%"), ("pct2f", "%2F"), ("unicode", "镜像ü"),
            ("empty", ""), ("key with space", "v"), ("k+/*~=&%", "x"),
        ], header_params={"Content-Type": "application/json"}),
    },
    {
        "name": "query_sort_raw_order",
        "description": "Sorting happens on the RAW (unencoded) key/value tuples, before encoding: "
                       "'z' < 'é' raw although '%C3%A9' < 'z' encoded; repeated keys sorted by "
                       "value; Python int 0 and bool True scalars render as '0' and 'true'.",
        "call": generic("GET", SESSIONS, query_params=[
            ("tag", "z"), ("tag", "é"), ("tag", "%"), ("tag", "A"), ("é", "1"), ("z", "2"),
            ("Z", "3"), ("a", ""), ("limit", 0), ("enabled", True),
        ], header_params={"Content-Type": "application/json"}),
    },
    {
        "name": "path_id_slash",
        "description": "Path id containing '/': sent as %2F, but the canonical URI is built from "
                       "unquote(path) split on '/', so it is signed as a literal '/'.",
        "path_params_raw": {"traffic_mirror_session_id": "a/b"},
        "call": _show("a/b"),
    },
    {
        "name": "path_id_space_percent",
        "description": "Path id with space and '%' (DELETE): sent as %20 / %25; canonical URI "
                       "identical to the sent path.",
        "path_params_raw": {"traffic_mirror_session_id": "a b%c"},
        "call": _op("delete_traffic_mirror_session",
                    DeleteTrafficMirrorSessionRequest(traffic_mirror_session_id="a b%c")),
    },
    {
        "name": "path_id_unicode",
        "description": "Path id with CJK and Latin-1 characters: UTF-8 percent-encoded, upper-case hex.",
        "path_params_raw": {"traffic_mirror_session_id": "镜像-ü"},
        "call": _show("镜像-ü"),
    },
    {
        "name": "path_id_encoded_slash",
        "description": "Path id that literally contains '%2F': sent as %252F and signed as %252F "
                       "(only one level of unquoting before re-encoding).",
        "path_params_raw": {"traffic_mirror_session_id": "a%2Fb"},
        "call": _show("a%2Fb"),
    },
    {
        "name": "path_id_reserved_chars",
        "description": "Path id with RFC 3986 reserved/sub-delim characters and '~': all encoded "
                       "except '~' (and - _ .).",
        "path_params_raw": {"traffic_mirror_session_id": "~!*'();:@&=+$,[]"},
        "call": _show("~!*'();:@&=+$,[]"),
    },
    {
        "name": "path_trailing_slash",
        "description": "Resource path already ending in '/': the canonical URI gets no extra '/'.",
        "call": generic("GET", "/v3/{project_id}/vpc/",
                        header_params={"Content-Type": "application/json"}),
    },
    {
        "name": "header_whitespace",
        "description": "Header values with leading/trailing whitespace: stripped (str.strip) in the "
                       "canonical headers AND in the headers sent; inner runs of spaces kept; "
                       "mixed-case name lower-cased only in the canonical form; empty value signed.",
        "path_params_raw": {"traffic_mirror_session_id": SESSION_ID},
        "call": generic("GET", SESSION, path_params={"traffic_mirror_session_id": SESSION_ID},
                        header_params={"Content-Type": "application/json",
                                       "X-cUsToM-Meta": "  padded  inner   value \t",
                                       "X-Empty": ""}),
    },
    {
        "name": "header_underscore_unsigned",
        "description": "A header whose name contains '_' is sent but left out of SignedHeaders and "
                       "the canonical headers.",
        "path_params_raw": {"traffic_mirror_session_id": SESSION_ID},
        "call": generic("GET", SESSION, path_params={"traffic_mirror_session_id": SESSION_ID},
                        header_params={"Content-Type": "application/json",
                                       "X_Trace_Id": "trace-0001", "X-Request-Tag": "t1"}),
    },
    {
        "name": "header_non_ascii_value",
        "description": "Non-ASCII header value: the canonical header uses the text (hashed as "
                       "UTF-8); the SDK then stores the value as UTF-8 bytes viewed as latin-1, so "
                       "the raw UTF-8 bytes go on the wire (headers_after_signing shows them decoded).",
        "path_params_raw": {"traffic_mirror_session_id": SESSION_ID},
        "call": generic("GET", SESSION, path_params={"traffic_mirror_session_id": SESSION_ID},
                        header_params={"Content-Type": "application/json", "X-Custom-Name": "镜像 ü"}),
    },
    {
        "name": "user_set_host_header",
        "description": "Caller-supplied lower-case 'host' header: the signer detects it "
                       "case-insensitively, adds no Host, and signs the supplied value.",
        "path_params_raw": {"traffic_mirror_session_id": SESSION_ID},
        "call": generic("GET", SESSION, path_params={"traffic_mirror_session_id": SESSION_ID},
                        header_params={"Content-Type": "application/json",
                                       "host": "vpc.internal.example.com:8443"}),
    },
    {
        "name": "non_json_content_type",
        "description": "Content-Type text/plain: the signer adds X-Sdk-Content-Sha256: "
                       "UNSIGNED-PAYLOAD (signed) and uses that literal as the payload hash.",
        "path_params_raw": {"traffic_mirror_session_id": SESSION_ID},
        "call": generic("PUT", SESSION, path_params={"traffic_mirror_session_id": SESSION_ID},
                        header_params={"Content-Type": "text/plain"}, body="plain text body, 世界"),
    },
    {
        "name": "non_json_content_type_no_body",
        "description": "Content-Type text/plain and no body: X-Sdk-Content-Sha256: UNSIGNED-PAYLOAD "
                       "is still added and signed, but the payload hash is SHA-256 of the empty "
                       "string (an empty body wins over the header).",
        "path_params_raw": {"traffic_mirror_session_id": SESSION_ID},
        "call": generic("GET", SESSION, path_params={"traffic_mirror_session_id": SESSION_ID},
                        header_params={"Content-Type": "text/plain"}),
    },
    {
        "name": "content_type_json_charset",
        "description": "Content-Type 'application/json;charset=UTF-8' counts as JSON (startswith): "
                       "payload is hashed; dict body dumped by simplejson, '' value kept.",
        "call": generic("POST", "/v3/{project_id}/vpc/traffic-mirror-filters",
                        header_params={"Content-Type": "application/json;charset=UTF-8"},
                        body={"traffic_mirror_filter": {"name": "filter-1", "description": ""}}),
    },
    {
        "name": "no_content_type",
        "description": "HttpConfig.ignore_content_type_for_get_request=True: a GET without body "
                       "carries no Content-Type, so content-type is not signed.",
        "client": {"ignore_content_type_for_get": True},
        "call": _op("list_traffic_mirror_sessions", ListTrafficMirrorSessionsRequest(limit=2000)),
    },
    {
        "name": "host_with_port",
        "description": "Endpoint http://127.0.0.1:8080 (e.g. a local mock): the Host header and the "
                       "signed host value keep the port.",
        "client": {"endpoint": "http://127.0.0.1:8080"},
        "path_params_raw": {"traffic_mirror_session_id": SESSION_ID},
        "call": _op("remove_sources_from_traffic_mirror_session", _remove_sources_request()),
    },
    {
        "name": "no_project_id",
        "description": "BasicCredentials without project_id (and no region): no X-Project-Id header "
                       "is added; path has no {project_id}.",
        "client": {"project_id": None},
        "call": generic("GET", "/v3/vpc/ping", header_params={"Content-Type": "application/json"}),
    },
    {
        "name": "sk_non_ascii",
        "description": "Secret key with non-ASCII characters: the HMAC key is the SK's UTF-8 bytes.",
        "client": {"sk": "sécret-密钥-Ω-0123456789"},
        "path_params_raw": {"traffic_mirror_session_id": SESSION_ID},
        "call": _show(SESSION_ID),
    },
    {
        "name": "caller_sets_date_header",
        "description": "The caller sets 'x-sdk-date' itself (lower case): the signer finds it "
                       "case-insensitively, adds no X-Sdk-Date, and signs that date, not the "
                       "current time (sdk_date here is the 'now' a signer must NOT use).",
        "caller_date_header": ("x-sdk-date", "20230405T060708Z"),
        "path_params_raw": {"traffic_mirror_session_id": SESSION_ID},
        "call": generic("GET", SESSION, path_params={"traffic_mirror_session_id": SESSION_ID},
                        header_params={"Content-Type": "application/json",
                                       "x-sdk-date": "20230405T060708Z"}),
    },
    {
        "name": "sm3_seed_remove_sources",
        "description": "HttpConfig.signing_algorithm = HMAC_SM3 (SM3Signer): SM3 hashes the body "
                       "and the canonical request, HMAC-SM3 signs; name SDK-HMAC-SM3.",
        "client": {"algorithm": "SDK-HMAC-SM3"},
        "path_params_raw": {"traffic_mirror_session_id": SESSION_ID},
        "call": _op("remove_sources_from_traffic_mirror_session", _remove_sources_request()),
    },
    {
        "name": "sm3_get_empty_body",
        "description": "SDK-HMAC-SM3 GET without body: the empty payload hash is SM3('') "
                       "(1ab21d83...), query sorted as usual.",
        "client": {"algorithm": "SDK-HMAC-SM3"},
        "call": _op("list_traffic_mirror_sessions", ListTrafficMirrorSessionsRequest(
            name="mirror session 1", limit=10)),
    },
    {
        "name": "sm3_non_json_content_type",
        "description": "SDK-HMAC-SM3 with Content-Type text/plain: the signer adds (and signs) "
                       "X-Sdk-Content-Sm3: UNSIGNED-PAYLOAD instead of X-Sdk-Content-Sha256.",
        "client": {"algorithm": "SDK-HMAC-SM3"},
        "path_params_raw": {"traffic_mirror_session_id": SESSION_ID},
        "call": generic("PUT", SESSION, path_params={"traffic_mirror_session_id": SESSION_ID},
                        header_params={"Content-Type": "text/plain"}, body="plain text body, 世界"),
    },
    {
        "name": "v11_derived_seed_remove_sources",
        "description": "Derived AK/SK (DerivationAKSKSigner, V11-HMAC-SHA256): the key is "
                       "hex(HKDF-SHA256(salt=AK, ikm=SK, info='20240102/cn-north-4/vpc', 32)); the "
                       "scope joins the string to sign and Credential=AK/scope the Authorization.",
        "client": {"algorithm": "V11-HMAC-SHA256",
                   "derived": {"region": "cn-north-4", "service": "vpc"}},
        "path_params_raw": {"traffic_mirror_session_id": SESSION_ID},
        "call": _op("remove_sources_from_traffic_mirror_session", _remove_sources_request()),
    },
    {
        "name": "v11_derived_other_day_region",
        "description": "V11-HMAC-SHA256 on another day, region and service, with a security "
                       "token: the derived key changes with every part of the scope.",
        "client": {"algorithm": "V11-HMAC-SHA256", "ak": "EXAMPLETEMPAK0000001",
                   "sk": "EXAMPLEtempsk0000000000000000000000000001",
                   "security_token": "gQpjbi1ub3J0aC00EXAMPLE+/=token-0123456789",
                   "derived": {"region": "ap-southeast-1", "service": "vpcep"}},
        "sdk_date": "20251231T235959Z",
        "path_params_raw": {"traffic_mirror_session_id": SESSION_ID},
        "call": _show(SESSION_ID),
    },
    {
        "name": "sk_long",
        "description": "128-byte secret key (longer than the SHA-256 block, so HMAC hashes the key "
                       "first); no key derivation by the SDK.",
        "client": {"sk": ("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ+/" * 2)},
        "path_params_raw": {"traffic_mirror_session_id": SESSION_ID},
        "call": _op("remove_sources_from_traffic_mirror_session", _remove_sources_request()),
    },
]


def build_document():
    return {
        "sdk": {
            "huaweicloudsdkcore": _pkg_version("huaweicloudsdkcore"),
            "huaweicloudsdkvpc": _pkg_version("huaweicloudsdkvpc"),
        },
        "vectors": [run_case(c) for c in CASES],
    }


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output file (default: %(default)s)")
    parser.add_argument("--check", action="store_true",
                        help="do not write; exit 1 if the output file differs from what would be generated")
    args = parser.parse_args(argv)

    names = [c["name"] for c in CASES]
    assert len(names) == len(set(names)), "duplicate vector names"
    text = json.dumps(build_document(), indent=2, ensure_ascii=False) + "\n"
    if args.check:
        current = args.out.read_text(encoding="utf-8") if args.out.exists() else None
        if current != text:
            print("%s is stale; regenerate with scripts/signing_vectors.py" % args.out, file=sys.stderr)
            return 1
        print("%s is up to date (%d vectors)" % (args.out, len(names)))
        return 0
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")
    print("wrote %d vectors to %s" % (len(names), args.out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
