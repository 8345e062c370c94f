#!/usr/bin/python3
"""Render the differential corpus with Python's Jinja2 (the oracle), in one process.

Usage: python3 oracle.py CORPUS.yaml... > results.json
Each corpus file is a YAML list of cases:
  - name: str            (unique in the file)
    template: str        (or `expr:` for Environment.compile_expression)
    vars: mapping        (optional)
    options: mapping     (Environment keyword arguments; undefined: strict|chainable)
    files: mapping       (templates for include/import/extends, via DictLoader)
Output: {file: [{name, ok, out | error, vars}]} where `vars` is the typed encoding of the
variables as Python loaded them, so bosun renders exactly the same input.
"""
import json
import sys

import jinja2
import yaml


def enc(v):
    if v is None or isinstance(v, (bool, str)):
        return v
    if isinstance(v, int):
        return v if abs(v) < 2**53 else {"$int": str(v)}
    if isinstance(v, float):
        return {"$float": repr(v)}
    if isinstance(v, list):
        return [enc(x) for x in v]
    if isinstance(v, tuple):
        return {"$tuple": [enc(x) for x in v]}
    if isinstance(v, dict):
        return {"$dict": [[enc(k), enc(x)] for k, x in v.items()]}
    return str(v)


UNDEFINED = {
    "default": jinja2.Undefined,
    "strict": jinja2.StrictUndefined,
    "chainable": jinja2.ChainableUndefined,
}


def render(case):
    opts = dict(case.get("options") or {})
    if "undefined" in opts:
        opts["undefined"] = UNDEFINED[opts["undefined"]]
    files = case.get("files")
    if files:
        opts["loader"] = jinja2.DictLoader(files)
    env = jinja2.Environment(**opts)
    variables = case.get("vars") or {}
    if "expr" in case:
        value = env.compile_expression(case["expr"])(**variables)
        return {"value": enc(value)}
    return {"out": env.from_string(case["template"]).render(**variables)}


def main():
    results = {}
    for path in sys.argv[1:]:
        with open(path, encoding="utf-8") as f:
            cases = yaml.safe_load(f) or []
        out = []
        for case in cases:
            r = {"name": case.get("name"), "vars": enc(case.get("vars") or {})}
            try:
                r.update(render(case))
                r["ok"] = True
            except Exception as e:  # the oracle's error: bosun must fail too
                r["ok"] = False
                r["error"] = f"{type(e).__name__}: {e}"
            out.append(r)
        results[path] = out
    json.dump(results, sys.stdout)


if __name__ == "__main__":
    main()
