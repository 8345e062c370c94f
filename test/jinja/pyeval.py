"""Evaluate runtime probes with CPython for test/jinja/runtime.test.ts (one process, JSON in/out)."""
import json
import sys
import unicodedata


def dec(v):
    if isinstance(v, dict):
        if "$float" in v:
            return float(v["$float"])
        if "$int" in v:
            return int(v["$int"])
    if isinstance(v, list):
        return [dec(x) for x in v]
    return v


OPS = {
    "repr": lambda a: repr(a[0]),
    "str": lambda a: str(a[0]),
    "percent": lambda a: a[0] % tuple(a[1]),
    "format": lambda a: format(a[0], a[1]),
    "floordiv": lambda a: repr(a[0] // a[1]),
    "mod": lambda a: repr(a[0] % a[1]),
    "truediv": lambda a: repr(a[0] / a[1]),
    "pow": lambda a: repr(a[0] ** a[1]),
    "round": lambda a: repr(round(a[0], a[1])),
    "split": lambda a: repr(a[0].split(*a[1:])),
    "title": lambda a: a[0].title(),
}

def newer_unicode(args):
    """Characters unassigned in this Python's Unicode database (Node's is newer): skip."""
    return any(isinstance(a, str) and any(unicodedata.category(c) == "Cn" for c in a) for a in args)


out = []
for op, args in json.load(sys.stdin):
    if newer_unicode(args):
        out.append({"ok": True, "skip": True})
        continue
    try:
        out.append({"ok": True, "value": OPS[op](dec(args))})
    except Exception as e:
        out.append({"ok": False, "error": type(e).__name__})
json.dump(out, sys.stdout)
