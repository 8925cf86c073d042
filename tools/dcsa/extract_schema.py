#!/usr/bin/env python3
"""Extracts the event schemas of the DCSA Track & Trace v2.2.0 OpenAPI file into one JSON Schema (draft 2020-12).

Run from the repository root:  python3 tools/dcsa/extract_schema.py
Reads  vectors/dcsa/tnt-v2.2/tnt_v2.2.0.yaml (the self-contained copy, every $ref local)
Writes vectors/dcsa/tnt-v2.2/events.schema.json, embedded in Landsea.Domain (Corridor/DcsaSchema.cs).

The conversion is mechanical: components.schemas become $defs, '#/components/schemas/X' becomes '#/$defs/X',
OpenAPI 'nullable: true' becomes a type list with "null", and OpenAPI-only keywords (example, deprecated,
discriminator, xml, externalDocs) are dropped. The root is a oneOf on the three event types, keyed by eventType.
"""
import json, sys, yaml

SRC = "vectors/dcsa/tnt-v2.2/tnt_v2.2.0.yaml"
OUT = "vectors/dcsa/tnt-v2.2/events.schema.json"
DROP = {"example", "deprecated", "discriminator", "xml", "externalDocs", "readOnly", "writeOnly"}

def convert(node):
    if isinstance(node, dict):
        out = {}
        for k, v in node.items():
            if k in DROP:
                continue
            if k == "$ref":
                out[k] = v.replace("#/components/schemas/", "#/$defs/")
            elif k == "nullable":
                continue
            else:
                out[k] = convert(v)
        if node.get("nullable") is True and "type" in out:
            out["type"] = [out["type"], "null"]
        return out
    if isinstance(node, list):
        return [convert(v) for v in node]
    return node

spec = yaml.safe_load(open(SRC, encoding="utf-8"))
defs = convert(spec["components"]["schemas"])

# One correction, from DCSA's own v2.3.0 changelog: "fixed enum values for documentReferenceType as they wrongly
# contained the description as part of the enum value". 2.2.0 lists "BKG (Booking)" and "TRD (Transport Document)";
# carriers send BKG and TRD. Both spellings are accepted.
def fix_document_reference_type(node):
    if isinstance(node, dict):
        for k, v in node.items():
            if k == "documentReferenceType" and isinstance(v, dict) and "enum" in v:
                v["enum"] = sorted(set(v["enum"]) | {"BKG", "TRD"})
            fix_document_reference_type(v)
    elif isinstance(node, list):
        for v in node:
            fix_document_reference_type(v)
fix_document_reference_type(defs)
schema = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": "https://landsea.example/dcsa/tnt/2.2.0/events.schema.json",
    "title": "DCSA Track & Trace 2.2.0 events (extracted from " + SRC + ")",
    "$defs": defs,
}
with open(OUT, "w", encoding="utf-8") as f:
    json.dump(schema, f, indent=1, sort_keys=False)
    f.write("\n")
print(f"{OUT}: {len(defs)} definitions", file=sys.stderr)
