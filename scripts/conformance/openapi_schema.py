"""An OpenAPI component schema as one self-contained JSON Schema (draft 7) for the generator.

Documented normalizations (README, "Conformance"):
- References to `#/components/schemas/...` are inlined; a reference back into a schema already
  being inlined becomes `false` (that branch is not generated), which keeps every instance valid
  under the original schema.
- OpenAPI 3.0's `nullable: true` becomes JSON Schema's `null` type; 3.0's boolean
  `exclusiveMinimum`/`exclusiveMaximum` become the numeric form.
- Objects that list `properties` but do not say `additionalProperties` get
  `additionalProperties: false`: a generated struct keeps declared fields only, so undeclared
  extras are not asked to survive. Objects composed with `allOf` (or `properties` beside
  `oneOf`/`anyOf`) get it on the composed whole, naming every member's properties.
- Integer formats become the bounds they mean (`int32`, `int64`, `uint8` … `uint64`); an
  integer without a format is bounded to the 64-bit range.
- Descriptive keywords (`description`, `example`, `discriminator`, `readOnly`, `x-…`) are
  dropped: they do not restrict values.
"""

MAX_NODES = 2_000
MAX_DEPTH = 24

# Keywords whose values are kept as they are (they hold no schemas).
PLAIN = {
    "type", "enum", "const", "required", "format", "pattern",
    "minimum", "maximum", "multipleOf", "minLength", "maxLength",
    "minItems", "maxItems", "uniqueItems", "minProperties", "maxProperties",
}
INTEGER_BOUNDS = {
    "int8": (-(2**7), 2**7 - 1),
    "int16": (-(2**15), 2**15 - 1),
    "int32": (-(2**31), 2**31 - 1),
    "int64": (-(2**63), 2**63 - 1),
    "uint8": (0, 2**8 - 1),
    "uint16": (0, 2**16 - 1),
    "uint32": (0, 2**32 - 1),
    "uint64": (0, 2**64 - 1),
}
REF_PREFIX = "#/components/schemas/"


def to_json_schema(name, components, is31):
    """Raises ValueError (with the reason) for a schema that cannot be made self-contained."""
    converter = _Converter(components, is31)
    schema = converter.convert({"$ref": REF_PREFIX + _escape(name)}, ())
    return _close_objects(schema, composed=False)


class _Converter:
    def __init__(self, components, is31):
        self.components = components
        self.is31 = is31
        self.nodes = 0

    def convert(self, node, stack):
        if isinstance(node, bool):
            return node
        if not isinstance(node, dict):
            raise ValueError(f"a schema is {type(node).__name__}, not an object")
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise ValueError(f"over {MAX_NODES} schema nodes once references are inlined")
        if "$ref" in node:
            return self.reference(node, stack)
        out = {}
        for key, value in node.items():
            if key in PLAIN:
                out[key] = value
            elif key in ("properties", "patternProperties"):
                out[key] = {k: self.convert(v, stack) for k, v in value.items()}
            elif key in ("allOf", "anyOf", "oneOf"):
                out[key] = [self.convert(v, stack) for v in value]
            elif key in ("not", "additionalProperties", "propertyNames", "contains"):
                out[key] = self.convert(value, stack)
            elif key == "items":
                out["additionalItems" if "prefixItems" in node else "items"] = self.convert(value, stack)
            elif key == "prefixItems":
                out["items"] = [self.convert(v, stack) for v in value]
        if not self.is31:
            _exclusive_bounds(node, out)
        _integer_bounds(out)
        if not self.is31 and node.get("nullable") is True:
            out = _nullable(out)
        return out

    def reference(self, node, stack):
        reference = node["$ref"]
        if not reference.startswith(REF_PREFIX):
            raise ValueError(f"reference {reference!r} is not to a component schema")
        name = _unescape(reference[len(REF_PREFIX):])
        if name not in self.components:
            raise ValueError(f"reference {reference!r} does not resolve")
        if name in stack or len(stack) >= MAX_DEPTH:
            return False  # a recursive branch is not generated
        target = self.convert(self.components[name], stack + (name,))
        if not self.is31:
            return target  # 3.0 ignores a reference's siblings
        siblings = {k: v for k, v in node.items() if k != "$ref"}
        rest = self.convert(siblings, stack) if siblings else {}
        return {"allOf": [target, rest]} if rest else target


def _exclusive_bounds(node, out):
    for exclusive, bound in (("exclusiveMinimum", "minimum"), ("exclusiveMaximum", "maximum")):
        if node.get(exclusive) is True and bound in out:
            out[exclusive] = out.pop(bound)


def _integer_bounds(out):
    if out.get("type") != "integer" and not (isinstance(out.get("type"), list) and "integer" in out["type"]):
        return
    low, high = INTEGER_BOUNDS.get(out.get("format"), INTEGER_BOUNDS["int64"])
    out["minimum"] = max(out.get("minimum", low), low)
    out["maximum"] = min(out.get("maximum", high), high)


def _nullable(out):
    if "type" in out:
        types = out["type"] if isinstance(out["type"], list) else [out["type"]]
        out["type"] = types + ["null"]
        if "enum" in out and None not in out["enum"]:
            out["enum"] = out["enum"] + [None]
        return out
    return {"anyOf": [out, {"type": "null"}]}


def _close_objects(node, composed):
    """Adds `additionalProperties: false` where undeclared (see the module's notes)."""
    if not isinstance(node, dict):
        return node
    collects = "allOf" in node or ("properties" in node and ("oneOf" in node or "anyOf" in node))
    out = {}
    for key, value in node.items():
        if key in ("properties", "patternProperties"):
            out[key] = {k: _close_objects(v, False) for k, v in value.items()}
        elif key in ("allOf", "anyOf", "oneOf"):
            out[key] = [_close_objects(v, composed or collects) for v in value]
        elif key in ("not", "additionalProperties", "propertyNames", "contains", "additionalItems"):
            out[key] = _close_objects(value, False)
        elif key == "items":
            out[key] = [_close_objects(v, False) for v in value] if isinstance(value, list) else _close_objects(value, False)
        else:
            out[key] = value
    if composed or "additionalProperties" in out:
        return out
    if collects:
        names, open_ = _member_properties(out)
        if names and not open_:
            properties = dict(out.get("properties", {}))
            for name in names:
                properties.setdefault(name, True)
            out["properties"] = properties
            out["additionalProperties"] = False
    elif "properties" in out:
        out["additionalProperties"] = False
    return out


def _member_properties(node):
    """The property names a composed schema declares, and whether any part allows others."""
    if not isinstance(node, dict):
        return [], False
    names = list(node.get("properties", {}))
    open_ = node.get("additionalProperties", False) is not False or "patternProperties" in node
    for key in ("allOf", "anyOf", "oneOf"):
        for member in node.get(key, []):
            more, member_open = _member_properties(member)
            names += [n for n in more if n not in names]
            open_ = open_ or member_open
    return names, open_


def _escape(name):
    return name.replace("~", "~0").replace("/", "~1")


def _unescape(token):
    return token.replace("~1", "/").replace("~0", "~")
