"""Python Jinja2 side of bench/jinja: same template, same vars, same iteration counts."""
import json
import sys
import time

import jinja2

template_path, vars_path, renders, compiles = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
source = open(template_path, encoding="utf-8").read()
variables = json.load(open(vars_path, encoding="utf-8"))
env = jinja2.Environment(trim_blocks=True)

t0 = time.perf_counter()
for _ in range(compiles):
    env.from_string(source)
compile_s = time.perf_counter() - t0

tmpl = env.from_string(source)
for _ in range(200):
    tmpl.render(**variables)
# Best of 3 rounds: the machine may be shared, the minimum is the least disturbed run.
render_s = float("inf")
for _ in range(3):
    t0 = time.perf_counter()
    for _ in range(renders):
        out = tmpl.render(**variables)
    render_s = min(render_s, time.perf_counter() - t0)
json.dump({"render_s": render_s, "compile_s": compile_s, "output": out}, sys.stdout)
