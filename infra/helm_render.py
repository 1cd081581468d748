#!/usr/bin/env python3
"""A minimal renderer of Helm chart templates, for infra/validate.py where `helm` cannot be installed.

It implements only the Go text/template constructs and Sprig functions that infra/helm/lepton-monitor uses (if / else if /
else, range over lists and maps, with, define / include, variables, pipelines and the functions in FUNCS); anything
else raises TemplateError, so a chart change that needs more fails the check loudly instead of rendering wrongly.
Semantics follow Go's: whitespace trimming by {{- and -}}, truthiness (false, 0, nil, empty are false), map keys
ranged in sorted order, `$` = the data the template (or define) was invoked with.
Usage: helm_render.py CHART_DIR [values-override.yaml ...]  (prints the manifests like `helm template`).
"""
import json, os, re, sys
import yaml


class TemplateError(Exception):
    pass


class Fail(Exception):
    """The chart's own `fail` (a deliberate refusal of bad values)."""


TOKEN = re.compile(r"{{(-?)\s*(.*?)\s*(-?)}}", re.S)


def tokenize(text):
    out, pos = [], 0
    for m in TOKEN.finditer(text):
        out.append(("text", text[pos:m.start()]))
        out.append(("action", m.group(2), m.group(1) == "-", m.group(3) == "-"))
        pos = m.end()
    out.append(("text", text[pos:]))
    # Trimming: {{- strips the whitespace before, -}} the whitespace after.
    for i, tok in enumerate(out):
        if tok[0] != "action":
            continue
        if tok[2] and i > 0 and out[i - 1][0] == "text":
            out[i - 1] = ("text", out[i - 1][1].rstrip(" \t\r\n"))
        if tok[3] and i + 1 < len(out) and out[i + 1][0] == "text":
            out[i + 1] = ("text", out[i + 1][1].lstrip(" \t\r\n"))
    return [t if t[0] == "text" else ("action", t[1]) for t in out]


def parse(tokens, defines, stop=("end",)):
    """Parses until one of `stop`; returns (nodes, the stopping action)."""
    nodes = []
    while tokens:
        tok = tokens.pop(0)
        if tok[0] == "text":
            if tok[1]:
                nodes.append(("text", tok[1]))
            continue
        a = tok[1]
        if a.startswith("/*"):
            continue
        word = a.split(None, 1)[0] if a else ""
        if word in ("end", "else") or a.startswith("else "):
            if word in stop or a.startswith("else"):
                return nodes, a
            raise TemplateError(f"unexpected {{{{ {a} }}}}")
        if word == "define":
            name = json.loads(a.split(None, 1)[1])
            body, end = parse(tokens, defines)
            if end != "end":
                raise TemplateError(f"define {name}: no end")
            defines[name] = body
        elif word == "if":
            nodes.append(parse_if(a[2:].strip(), tokens, defines))
        elif word in ("range", "with"):
            body, end = parse(tokens, defines, stop=("end", "else"))
            other = []
            if end == "else":
                other, end = parse(tokens, defines)
            nodes.append((word, a[len(word):].strip(), body, other))
        else:
            nodes.append(("action", a))
    return nodes, None


def parse_if(cond, tokens, defines):
    body, end = parse(tokens, defines, stop=("end", "else"))
    other = []
    if end and end.startswith("else if "):
        other = [parse_if(end[len("else if "):], tokens, defines)]
    elif end == "else":
        other, end = parse(tokens, defines)
        if end != "end":
            raise TemplateError("if/else without end")
    elif end != "end":
        raise TemplateError(f"if {cond}: no end")
    return ("if", cond, body, other)


def truthy(v):
    return v not in (None, False, 0, "") and not (isinstance(v, (list, dict)) and not v)


def to_text(v):
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    if isinstance(v, (dict, list)):
        raise TemplateError(f"printing a {type(v).__name__} without toYaml: {v!r}")
    return str(v)


def to_yaml(v):
    if v in (None, {}, []):
        return "{}" if isinstance(v, dict) or v is None else "[]"
    return yaml.safe_dump(v, default_flow_style=False, sort_keys=True).rstrip("\n")


def go_printf(fmt, *args):
    args = list(args)
    def sub(m):
        if m.group(0) == "%%":
            return "%"
        return to_text(args.pop(0))
    return re.sub(r"%%|%[sdv]", sub, fmt)


class Renderer:
    def __init__(self, defines):
        self.defines = defines
        self.funcs = {
            "include": lambda name, ctx: self.render_nodes(self.defines[name] if name in self.defines else self.missing(name), ctx, {"$": ctx}),
            "nindent": lambda n, s: "\n" + "\n".join((" " * n + line) if line else line for line in to_text(s).split("\n")),
            "indent": lambda n, s: "\n".join((" " * n + line) if line else line for line in to_text(s).split("\n")),
            "toYaml": to_yaml,
            "quote": lambda *v: " ".join(json.dumps(to_text(x)) for x in v),
            "default": lambda d, v=None: v if truthy(v) else d,
            "printf": go_printf,
            "trunc": lambda n, s: s[:n],
            "trimSuffix": lambda suf, s: s[: -len(suf)] if suf and s.endswith(suf) else s,
            "contains": lambda sub, s: sub in s,
            "ternary": lambda a, b, c: a if truthy(c) else b,
            "eq": lambda a, *b: any(a == x for x in b),
            "not": lambda a: not truthy(a),
            "or": lambda *a: next((x for x in a if truthy(x)), a[-1]),
            "and": lambda *a: next((x for x in a if not truthy(x)), a[-1]),
            "list": lambda *a: list(a),
            "hasKey": lambda d, k: isinstance(d, dict) and k in d,
            "fail": self.fail,
            "len": len,
        }

    def missing(self, name):
        raise TemplateError(f'include "{name}": not defined')

    @staticmethod
    def fail(msg):
        raise Fail(msg)

    def render_nodes(self, nodes, dot, scope):
        out = []
        for node in nodes:
            kind = node[0]
            if kind == "text":
                out.append(node[1])
            elif kind == "action":
                m = re.match(r"^(\$\w+)\s*:=\s*(.*)$", node[1], re.S)
                if m:
                    scope[m.group(1)] = self.pipeline(m.group(2), dot, scope)
                else:
                    out.append(to_text(self.pipeline(node[1], dot, scope)))
            elif kind == "if":
                branch = node[2] if truthy(self.pipeline(node[1], dot, scope)) else node[3]
                out.append(self.render_nodes(branch, dot, dict(scope)))
            elif kind == "with":
                v = self.pipeline(node[1], dot, scope)
                out.append(self.render_nodes(node[2], v, dict(scope)) if truthy(v) else self.render_nodes(node[3], dot, dict(scope)))
            elif kind == "range":
                m = re.match(r"^(?:(\$\w+)\s*(?:,\s*(\$\w+))?\s*:=\s*)?(.*)$", node[1], re.S)
                v = self.pipeline(m.group(3), dot, scope)
                items = [(k, v[k]) for k in sorted(v)] if isinstance(v, dict) else list(enumerate(v or []))
                if not items:
                    out.append(self.render_nodes(node[3], dot, dict(scope)))
                for k, item in items:
                    inner = dict(scope)
                    if m.group(2):
                        inner[m.group(1)], inner[m.group(2)] = k, item
                    elif m.group(1):
                        inner[m.group(1)] = item
                    out.append(self.render_nodes(node[2], item, inner))
        return "".join(out)

    # Expressions: pipelines of commands; a command is a function call or a single operand.
    def pipeline(self, text, dot, scope):
        result, first = None, True
        for part in split_top(text, "|"):
            args = [self.operand(t, dot, scope) for t in args_of(part.strip())]
            head = args_of(part.strip())[0]
            if head in self.funcs:
                call = args[1:] + ([] if first else [result])
                result = self.funcs[head](*call)
            elif len(args) == 1 and first:
                result = args[0]
            else:
                raise TemplateError(f"unsupported command: {part.strip()!r}")
            first = False
        return result

    def operand(self, tok, dot, scope):
        if tok in self.funcs:
            return None
        if tok.startswith("(") and tok.endswith(")"):
            return self.pipeline(tok[1:-1], dot, scope)
        if tok.startswith('"'):
            return json.loads(tok)
        if re.fullmatch(r"-?\d+", tok):
            return int(tok)
        if tok in ("true", "false"):
            return tok == "true"
        if tok == ".":
            return dot
        m = re.fullmatch(r"(\$\w*)?((?:\.\w+)*)", tok)
        if not m:
            raise TemplateError(f"unsupported operand {tok!r}")
        base = dot if not m.group(1) else scope.get(m.group(1), KeyError)
        if base is KeyError:
            raise TemplateError(f"undefined variable {m.group(1)}")
        for field in [f for f in m.group(2).split(".") if f]:
            base = base.get(field) if isinstance(base, dict) else None
        return base


def split_top(text, sep):
    parts, depth, cur, quoted = [], 0, "", False
    for ch in text:
        if ch == '"':
            quoted = not quoted
        if not quoted:
            depth += ch == "("
            depth -= ch == ")"
            if ch == sep and depth == 0:
                parts.append(cur)
                cur = ""
                continue
        cur += ch
    parts.append(cur)
    return parts


def args_of(text):
    out, depth, cur, quoted = [], 0, "", False
    for ch in text:
        if ch == '"' and depth == 0:
            quoted = not quoted
        if not quoted and ch in "()":
            depth += 1 if ch == "(" else -1
        if ch.isspace() and not quoted and depth == 0:
            if cur:
                out.append(cur)
            cur = ""
        else:
            cur += ch
    if cur:
        out.append(cur)
    return out


def merge(base, override):
    for k, v in (override or {}).items():
        base[k] = merge(dict(base.get(k) or {}), v) if isinstance(v, dict) and isinstance(base.get(k), dict) else v
    return base


def render_chart(chart_dir, overrides=(), release="lepton", namespace="lepton"):
    """Returns {template path: rendered text}, like `helm template` (NOTES.txt included). Raises Fail / TemplateError."""
    with open(os.path.join(chart_dir, "Chart.yaml"), encoding="utf-8") as f:
        chart = yaml.safe_load(f)
    with open(os.path.join(chart_dir, "values.yaml"), encoding="utf-8") as f:
        values = yaml.safe_load(f) or {}
    for o in overrides:
        values = merge(values, o)
    ctx = {"Values": values, "Release": {"Name": release, "Namespace": namespace, "Service": "Helm"},
           "Chart": {k[:1].upper() + k[1:]: v for k, v in chart.items()}}
    tdir = os.path.join(chart_dir, "templates")
    defines, parsed = {}, {}
    for name in sorted(os.listdir(tdir)):
        with open(os.path.join(tdir, name), encoding="utf-8") as f:
            nodes, end = parse(tokenize(f.read()), defines)
        if end is not None:
            raise TemplateError(f"{name}: unexpected {{{{ {end} }}}}")
        parsed[name] = nodes
    r = Renderer(defines)
    return {name: r.render_nodes(nodes, ctx, {"$": ctx}) for name, nodes in parsed.items() if not name.startswith("_")}


if __name__ == "__main__":
    overrides = []
    for path in sys.argv[2:]:
        with open(path, encoding="utf-8") as f:
            overrides.append(yaml.safe_load(f))
    for name, text in render_chart(sys.argv[1], overrides).items():
        print(f"---\n# Source: {name}\n{text}")
