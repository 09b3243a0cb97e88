"""``/docs``: the HTTP API described from its own OpenAPI schema as plain HTML — no script,
no inline style, no outside address — so it works under the page's content-security policy
(``script-src 'self'; style-src 'self'``), where the usual Swagger page, which loads its
script from a CDN and starts it inline, is blank."""

from __future__ import annotations

import json
from html import escape
from typing import Any

CSS = """body{font:15px/1.45 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;
color:#1b1b1b}h1{font-size:1.6rem}h2{font-size:1.15rem;margin-top:2rem;border-top:1px solid #ccc;
padding-top:1rem}code,pre{font-family:ui-monospace,monospace;font-size:13px}pre{background:#f4f4f4;
padding:.6rem;overflow:auto}.method{display:inline-block;min-width:4rem;font-weight:700}
table{border-collapse:collapse}td,th{border-bottom:1px solid #ddd;padding:.2rem .6rem;
text-align:left;vertical-align:top}"""


def docs_css() -> str:
    return CSS


def _schema(schema: dict[str, Any], components: dict[str, Any]) -> str:
    ref = schema.get("$ref", "")
    if ref:
        name = ref.rsplit("/", 1)[-1]
        return f'<a href="#schema-{escape(name)}">{escape(name)}</a>'
    return escape(schema.get("type", "") or json.dumps(schema)[:80])


def docs_page(openapi: dict[str, Any]) -> str:
    info = openapi.get("info", {})
    components = openapi.get("components", {}).get("schemas", {})
    out = ["<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">",
           f"<title>{escape(info.get('title', 'API'))}</title>",
           '<link rel="stylesheet" href="/docs.css"></head><body>',
           f"<h1>{escape(info.get('title', 'API'))}</h1>",
           f"<p>{escape(info.get('summary', ''))} {escape(info.get('description', ''))}</p>",
           '<p>The machine-readable description: <a href="/openapi.json">/openapi.json</a>. '
           "Writing needs <code>Authorization: Bearer &lt;token&gt;</code>.</p>"]
    for path, methods in openapi.get("paths", {}).items():
        for method, op in methods.items():
            out.append(f'<h2><span class="method">{escape(method.upper())}</span> '
                       f"<code>{escape(path)}</code></h2>")
            out.append(f"<p>{escape(op.get('summary', ''))}</p>")
            if op.get("description"):
                out.append(f"<pre>{escape(op['description'])}</pre>")
            params = op.get("parameters", [])
            if params:
                out.append("<table><tr><th>parameter</th><th>in</th><th>schema</th>"
                           "<th>meaning</th></tr>")
                for p in params:
                    out.append(f"<tr><td><code>{escape(p['name'])}</code></td>"
                               f"<td>{escape(p.get('in', ''))}</td>"
                               f"<td>{_schema(p.get('schema', {}), components)}</td>"
                               f"<td>{escape(p.get('description', ''))}</td></tr>")
                out.append("</table>")
            body = op.get("requestBody", {}).get("content", {}).get("application/json")
            if body:
                out.append(f"<p>Body: {_schema(body.get('schema', {}), components)}</p>")
            out.append("<table><tr><th>status</th><th>meaning</th></tr>")
            for status, answer in op.get("responses", {}).items():
                out.append(f"<tr><td>{escape(str(status))}</td>"
                           f"<td>{escape(answer.get('description', ''))}</td></tr>")
            out.append("</table>")
    out.append("<h2>Schemas</h2>")
    for name, schema in components.items():
        out.append(f'<h3 id="schema-{escape(name)}">{escape(name)}</h3>'
                   f"<pre>{escape(json.dumps(schema, indent=2, ensure_ascii=False))}</pre>")
    out.append("</body></html>")
    return "\n".join(out)
