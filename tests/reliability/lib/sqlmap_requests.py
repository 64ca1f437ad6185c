#!/usr/bin/env python3
"""Raw HTTP requests for sqlmap (`sqlmap -r FILE`), one per API operation
that takes parameters, built from the OpenAPI document the server serves.

    sqlmap_requests.py OPENAPI_JSON HOST:PORT ROLE TOKEN OUT_DIR [--only REGEX]

ROLE is a role name (the operations whose `x-roles` name it or say
`signed-in`) or `anonymous` (the public operations). TOKEN is
the role's bearer token ("" for anonymous). Path parameters are marked with
sqlmap's custom injection marker `*`; query parameters and the members of a
JSON or multipart body are found by sqlmap itself. Bodies are filled from
their schema: enums take their first value, so that a request looks like
one the API accepts and sqlmap compares answers that went past the shape
checks. Requests that would end the scan are changed so that they fail
after their parameters are read: the password change gets a wrong current
password, and signing out (no parameters) is not scanned.

Writes one file per operation, NNN-METHOD-path.txt, and prints, one per
line: file, method, pattern, parameter names (comma-separated).
"""
import json
import os
import re
import sys

SAMPLE_PATH = {
    "code": "EMERGENCY",
    "year": "2026",
    "version": "1",
}
# Query parameters with a value the API accepts (integers take 1, others "sample").
SAMPLE_QUERY = {
    "year": "2026",
    "open": "true",
    "within": "P30D",
    "state": "submitted",
    "programme": "EMERGENCY",
    "q": "eau",
    "country": "ML",
    "min_amount_cents": "100",
    "max_amount_cents": "100000000",
    "limit": "20",
    "stage": "draft",
    "group_by": "country",
}
# A body member whose sample must not do what the scan needs undone.
OVERRIDES = {
    ("POST", "/api/v1/session/password"): {
        "current_password": "Not-The-Password-1",
        "new_password": "Another-Horse-Saddle-42",
    },
}
PDF = (
    "%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
    "2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n"
    "trailer << /Root 1 0 R >>\n%%EOF\n"
)


def resolve(schema, components, depth=0):
    if depth > 8:
        return {}
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        return resolve(components[name], components, depth + 1)
    for key in ("allOf", "oneOf", "anyOf"):
        if key in schema:
            merged = {}
            for part in schema[key][:1] if key != "allOf" else schema[key]:
                merged.update(resolve(part, components, depth + 1))
            return merged
    return schema


def sample(schema, components, name="", depth=0):
    schema = resolve(schema, components, depth)
    if "enum" in schema:
        return schema["enum"][0]
    kind = schema.get("type")
    if kind == "object" or "properties" in schema:
        out = {}
        for key, sub in schema.get("properties", {}).items():
            out[key] = sample(sub, components, key, depth + 1)
        return out
    if kind == "array":
        return [sample(schema.get("items", {}), components, name, depth + 1)]
    if kind == "integer":
        return max(1, schema.get("minimum", 1))
    if kind == "number":
        return 1
    if kind == "boolean":
        return True
    fmt = schema.get("format", "")
    if fmt == "date" or name.endswith("_on"):
        return "2026-05-04"
    if fmt == "date-time" or name.endswith("_at"):
        return "2026-05-04T10:00:00Z"
    if fmt == "email" or name == "email":
        return "someone@asso.example.org"
    if "password" in name:
        return "Correct-Horse-Battery-9"
    return "sample"


def path_target(pattern):
    def fill(match):
        name = match.group(1)
        return SAMPLE_PATH.get(name, "1") + "*"

    return re.sub(r"\{([^}+]+)\}", fill, pattern)


def main():
    args = sys.argv[1:]
    only = None
    if "--only" in args:
        i = args.index("--only")
        only = re.compile(args[i + 1])
        del args[i : i + 2]
    openapi_file, hostport, role, token, out_dir = args
    doc = json.load(open(openapi_file))
    components = doc.get("components", {}).get("schemas", {})
    os.makedirs(out_dir, exist_ok=True)
    n = 0
    for pattern, item in sorted(doc["paths"].items()):
        for method, op in sorted(item.items()):
            method = method.upper()
            signed_in = len(op.get("security", [])) > 0
            roles = op.get("x-roles", [])
            if role == "anonymous":
                if signed_in:
                    continue
            elif not signed_in or (roles and role not in roles and "signed-in" not in roles):
                continue
            if only and not only.search(method + " " + pattern):
                continue
            params = re.findall(r"\{([^}+]+)\}", pattern)
            query = [p["name"] for p in op.get("parameters", []) if p.get("in") == "query"]
            params += query
            body = op.get("requestBody", {}).get("content", {})
            headers = [f"Host: {hostport}", "Accept: application/json", "User-Agent: sqlmap-scan"]
            if token:
                headers.append(f"Authorization: Bearer {token}")
            if method == "PATCH":
                headers.append('If-Match: "1"')
            data = ""
            if "application/json" in body:
                value = sample(body["application/json"]["schema"], components)
                value.update(OVERRIDES.get((method, pattern), {}))
                params += list(value)
                data = json.dumps(value)
                headers.append("Content-Type: application/json")
            elif "multipart/form-data" in body:
                value = sample(body["multipart/form-data"]["schema"], components)
                boundary = "----grantflowsqlmap"
                parts = []
                for key in value:
                    if key == "file":
                        parts.append(
                            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; '
                            f'filename="scan.pdf"\r\nContent-Type: application/pdf\r\n\r\n{PDF}\r\n'
                        )
                    else:
                        params.append(key)
                        parts.append(
                            f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"'
                            f"\r\n\r\n{value[key]}\r\n"
                        )
                data = "".join(parts) + f"--{boundary}--\r\n"
                headers.append(f"Content-Type: multipart/form-data; boundary={boundary}")
            if not params:
                continue
            target = path_target(pattern)
            if query:
                target += "?" + "&".join(f"{q}={SAMPLE_QUERY.get(q, '1')}" for q in query)
            n += 1
            slug = re.sub(r"[^A-Za-z0-9]+", "-", pattern).strip("-")
            name = os.path.join(out_dir, f"{n:03d}-{method}-{slug}.txt")
            with open(name, "w", newline="") as f:
                f.write(f"{method} {target} HTTP/1.1\r\n")
                for h in headers:
                    f.write(h + "\r\n")
                f.write("\r\n")
                f.write(data)
            print("\t".join([name, method, pattern, ",".join(params)]))


if __name__ == "__main__":
    main()
