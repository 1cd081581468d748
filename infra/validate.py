#!/usr/bin/env python3
"""Structural checks of infra/ for infra/validate.sh (no network, no Docker, no cluster). Exit 1 on any problem."""
import glob, json, os, re, sys
import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

if len(sys.argv) == 3 and sys.argv[1] == "--dashboard-rules":
    # Every dashboard query as a recording rule, so that `promtool check rules` parses its PromQL
    # (Grafana's variables substituted).
    rules = []
    for panel in json.load(open(sys.argv[2], encoding="utf-8"))["panels"]:
        for t in panel.get("targets", []):
            expr = t["expr"].replace("$__rate_interval", "5m").replace("$job", ".*")
            rules.append({"record": f"dashboard:panel{panel['id']}:{t['refId']}", "expr": expr})
    print(json.dumps({"groups": [{"name": "dashboard", "rules": rules}]}))
    sys.exit(0)

os.chdir(ROOT)
problems = []
def bad(msg): problems.append(msg)

def read(path):
    with open(path, encoding="utf-8") as f:
        return f.read()

HELM = "infra/helm/"
# 1. JSON and YAML parse (Helm templates excepted: Go templates, checked in 4).
for path in sorted(glob.glob("infra/**/*", recursive=True)):
    if os.path.isdir(path): continue
    try:
        if path.endswith(".json"):
            json.loads(read(path))
        elif path.endswith((".yml", ".yaml")) and "/templates/" not in path:
            list(yaml.safe_load_all(read(path)))
    except Exception as e:
        bad(f"{path}: does not parse: {e}")

# The product's sources and docs, for the name checks.
src_files = [p for p in glob.glob("src/**/*.cs", recursive=True) if "/obj/" not in p and "/bin/" not in p]
src = "\n".join(read(p) for p in src_files)
docs = read("README.md") + "\n".join(read(p) for p in glob.glob("docs/*.md"))

# 2a. Settings: every Lepton__A__B(__C) variable the files set is a key the product reads: the key itself appears in
# the sources or the docs, or its section does (an options class bound to "Lepton:A") and the last part is a property.
def setting_known(name):
    key = name.replace("__", ":")
    if key in src or f"`{key}`" in docs:
        return True
    parts = key.split(":")
    for cut in range(len(parts) - 1, 1, -1):
        section, rest = ":".join(parts[:cut]), parts[cut:]
        if f'"{section}"' in src or f'"{section}:' in src:
            if all(re.search(r"\b%s\b" % re.escape(r), src) for r in rest):
                return True
    return False

deploy_files = ["infra/Dockerfile", "infra/compose/compose.yaml", "infra/kubernetes/all-in-one.yaml"] \
    + glob.glob(HELM + "**/*.yaml", recursive=True) + glob.glob(HELM + "**/*.tpl", recursive=True)
for path in deploy_files:
    text = read(path)
    for name in sorted(set(re.findall(r"\bLepton__[A-Za-z0-9_]+", text))):
        name = name.rstrip("_")
        if name.endswith(("__Residency__Rules", "__Residency__Storage")) or name.count("__") < 2:
            continue  # Lepton__Residency__Rules__<J>: the jurisdiction is the chart's value
        if not setting_known(name): bad(f"{path}: {name} is not a setting the product reads")
    for name in sorted(set(re.findall(r"\b(LEPTON_[A-Z_]+|OTEL_[A-Z_]+)\b", text))):
        if name in ("LEPTON_HEALTH_PORT", "LEPTON_VALIDATE_PUBLISH"): continue  # the image's HEALTHCHECK port; validate.sh's switch
        if name not in src: bad(f"{path}: {name} is not read by the product")

# 2b. Metrics: every lepton_* series in the rules and the dashboard is an instrument in src/ after Prometheus'
# translation (dots -> underscores, unit suffix, _total, _bucket/_sum/_count).
instruments = {m.replace(".", "_") for m in re.findall(r'"(lepton\.[a-z0-9_.]+)"', src)}
def metric_known(series):
    # Durations are seconds (OpenTelemetry's convention): a "_milliseconds_" series is a stale name.
    for suffix in ("_seconds_bucket", "_seconds_sum", "_seconds_count", "_bucket", "_sum", "_count", "_total", ""):
        if series.endswith(suffix) and series[: len(series) - len(suffix)] in instruments:
            return True
    return False
for path in ["infra/observability/lepton-alerts.yml", "infra/observability/grafana/lepton-monitor.json"]:
    for series in sorted(set(re.findall(r"\blepton_[a-z0-9_]+", read(path)))):
        if not metric_known(series): bad(f"{path}: metric {series} is not exported by the product")

# 2c. Routes the files probe.
for route in ("/health/live", "/health/ready", "/metrics"):
    if f'"{route}"' not in src: bad(f"route {route} not found in src/")

# 4. Helm chart, structurally.
chart = HELM + "lepton-monitor/"
meta = yaml.safe_load(read(chart + "Chart.yaml"))
for k in ("apiVersion", "name", "version", "appVersion"):
    if k not in meta: bad(f"{chart}Chart.yaml: missing {k}")
values = yaml.safe_load(read(chart + "values.yaml"))
templates = {p: read(p) for p in glob.glob(chart + "templates/*") if not p.endswith(".txt")}
templates_all = dict(templates, **{p: read(p) for p in glob.glob(chart + "templates/*.txt")})
defined = set()
for path, text in templates_all.items():
    actions = re.findall(r"{{-?\s*(.*?)\s*-?}}", text, re.S)
    if text.count("{{") != text.count("}}"): bad(f"{path}: unbalanced {{{{ }}}}")
    depth = 0
    for a in actions:
        if a.startswith("/*"): continue
        if re.match(r"(if|range|with|define)\b", a): depth += 1
        elif a == "end": depth -= 1
        if depth < 0: bad(f"{path}: 'end' without an opening block"); break
    if depth > 0: bad(f"{path}: {depth} block(s) not closed with 'end'")
    defined |= set(re.findall(r'{{-?\s*define\s+"([^"]+)"', text))
    for ref in re.findall(r'(?<![\w$])\$?\.Values((?:\.[A-Za-z_][A-Za-z0-9_]*)+)', text):
        node = values
        for part in ref.strip(".").split("."):
            if not isinstance(node, dict) or part not in node:
                bad(f"{path}: .Values{ref} is not in values.yaml"); break
            node = node[part]
for path, text in templates_all.items():
    for name in re.findall(r'include\s+"([^"]+)"', text):
        if name not in defined: bad(f"{path}: include \"{name}\" is not defined")
allt = "\n".join(templates.values())
for needle, why in [
    ("kind: Deployment", "silos as Deployments"),
    ("rollingUpdate: { maxUnavailable: 0, maxSurge: 1 }", "maxUnavailable 0 / maxSurge 1"),
    ("kind: PodDisruptionBudget", "a PodDisruptionBudget"),
    ("fieldPath: status.podIP", "the pod IP from the downward API"),
    ("name: Lepton__Cluster__AdvertisedAddress", "the pod IP as the advertised address"),
    ("startupProbe:", "startup probes"), ("readinessProbe:", "readiness probes"), ("livenessProbe:", "liveness probes"),
    ("path: /health/ready", "probes on /health/ready"), ("path: /health/live", "probes on /health/live"),
    ("terminationGracePeriodSeconds:", "a termination grace period"),
    ("secretKeyRef:", "secrets from Secret objects"), ("resources:", "resources"),
    ("kind: Service", "an api Service"), ("readOnlyRootFilesystem", "a read-only root filesystem")]:
    if needle not in allt and needle not in read(chart + "values.yaml"):
        bad(f"{chart}: missing {why} ({needle!r})")
shutdown = re.search(r"ShutdownTimeout = TimeSpan\.FromSeconds\((\d+)\)", src)
if not shutdown: bad("the host's ShutdownTimeout was not found in src/ (update infra/validate.py)")
elif values["terminationGracePeriodSeconds"] <= int(shutdown.group(1)) + values.get("preStopSleepSeconds", 0):
    bad(f"values.yaml: terminationGracePeriodSeconds must exceed the host's {shutdown.group(1)} s shutdown timeout + preStop")
if not isinstance(values.get("silo", {}).get("regions"), list) or not values["silo"]["regions"]:
    bad("values.yaml: silo.regions must be a non-empty list")

# 4b. Helm chart, rendered by infra/helm_render.py (the chart's constructs only; Helm itself is not available here)
# with the default values and with every option on, then checked as Kubernetes objects.
sys.path.insert(0, os.path.join(ROOT, "infra"))
import helm_render
full_options = {
    "silo": {"regions": [{"name": "us", "replicas": 2}, {"name": "eu", "replicas": 2, "nodeSelector": {"topology.kubernetes.io/region": "westeurope"}}],
             "env": {"Lepton__Monitor__PersistInterval": "00:00:10"}},
    "residency": {"rules": {"EU": "eu"}, "storageRegions": ["eu"]},
    "api": {"workload": "StatefulSet", "env": {"Lepton__Ingest__TenantRecordsPerSecond": "1000"}},
    "kafka": {"bootstrapServers": "kafka:9092", "deadLetterTopic": "transactions-dead-letter"},
    "eventHubs": {"fullyQualifiedNamespace": "ns.servicebus.windows.net", "consumerGroup": "lepton-ingest"},
    "secrets": {"create": True, "values": {"admin-key": "a", "pseudonym-key": "cA==", "postgres-connection-string": "Host=h"}},
    "otlpEndpoint": "http://otel-collector:4317",
    "podLabels": {"azure.workload.identity/use": "true"},
    "serviceAccount": {"annotations": {"azure.workload.identity/client-id": "00000000-0000-0000-0000-000000000000"}},
}
grace_needed = int(shutdown.group(1)) if shutdown else 15
DNS1123 = re.compile(r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
def check_rendered(label, rendered):
    objects = []
    for name, text in rendered.items():
        if name.endswith(".txt"): continue
        try:
            objects += [(name, o) for o in yaml.safe_load_all(text) if o]
        except yaml.YAMLError as e:
            bad(f"helm ({label}) {name}: rendered YAML does not parse: {e}"); return
    by_kind = {}
    for name, o in objects:
        for k in ("apiVersion", "kind", "metadata"):
            if k not in o: bad(f"helm ({label}) {name}: object without {k}")
        n = o.get("metadata", {}).get("name", "")
        if not DNS1123.match(n) or len(n) > 63: bad(f"helm ({label}) {name}: bad name {n!r}")
        by_kind.setdefault(o.get("kind"), []).append(o)
    secret_name = values_for(label)["secrets"]["existingSecret"]
    workloads = by_kind.get("Deployment", []) + by_kind.get("StatefulSet", [])
    silos = [w for w in workloads if w["metadata"]["labels"].get("app.kubernetes.io/component") == "silo"]
    apis = [w for w in workloads if w["metadata"]["labels"].get("app.kubernetes.io/component") == "api"]
    if len(silos) != len(values_for(label)["silo"]["regions"]): bad(f"helm ({label}): {len(silos)} silo workloads for {len(values_for(label)['silo']['regions'])} regions")
    if len(apis) != 1: bad(f"helm ({label}): {len(apis)} api workloads")
    pdbs = by_kind.get("PodDisruptionBudget", [])
    for w in workloads:
        wn, spec = w["metadata"]["name"], w["spec"]
        pod = spec["template"]
        if not all(pod["metadata"]["labels"].get(k) == v for k, v in spec["selector"]["matchLabels"].items()):
            bad(f"helm ({label}) {wn}: selector does not match the pod labels")
        if not any(all(pod["metadata"]["labels"].get(k) == v for k, v in p["spec"]["selector"]["matchLabels"].items()) for p in pdbs):
            bad(f"helm ({label}) {wn}: no PodDisruptionBudget selects its pods")
        if w["kind"] == "Deployment" and spec.get("strategy", {}).get("rollingUpdate") != {"maxUnavailable": 0, "maxSurge": 1}:
            bad(f"helm ({label}) {wn}: rollingUpdate is not maxUnavailable 0 / maxSurge 1")
        ps = pod["spec"]
        if ps.get("terminationGracePeriodSeconds", 30) <= grace_needed + values_for(label)["preStopSleepSeconds"]:
            bad(f"helm ({label}) {wn}: terminationGracePeriodSeconds not above the {grace_needed} s shutdown timeout + preStop")
        if not ps.get("securityContext", {}).get("runAsNonRoot"): bad(f"helm ({label}) {wn}: not runAsNonRoot")
        c = ps["containers"][0]
        if not c.get("securityContext", {}).get("readOnlyRootFilesystem"): bad(f"helm ({label}) {wn}: root filesystem not read-only")
        if not c.get("resources", {}).get("requests") or not c.get("resources", {}).get("limits"): bad(f"helm ({label}) {wn}: resources not set")
        for probe, path in (("startupProbe", "/health/live"), ("readinessProbe", "/health/ready"), ("livenessProbe", "/health/live")):
            if c.get(probe, {}).get("httpGet", {}).get("path") != path: bad(f"helm ({label}) {wn}: {probe} is not on {path}")
        mounts = {m["mountPath"] for m in c.get("volumeMounts", [])}
        if not {"/data", "/tmp"} <= mounts: bad(f"helm ({label}) {wn}: /data and /tmp are not writable volumes")
        env = c.get("env", [])
        names = [e["name"] for e in env]
        if len(names) != len(set(names)): bad(f"helm ({label}) {wn}: duplicate environment variables")
        for e in env:
            ref = e.get("valueFrom", {}).get("secretKeyRef")
            if ref and ref["name"] != secret_name: bad(f"helm ({label}) {wn}: {e['name']} reads Secret {ref['name']}, not {secret_name}")
            if e["name"].startswith("Lepton__") and e["name"].count("__") >= 2 and not e["name"].startswith(("Lepton__Residency__Rules__", "Lepton__Residency__Storage__")) and not setting_known(e["name"]):
                bad(f"helm ({label}) {wn}: {e['name']} is not a setting the product reads")
        for needed in ("LEPTON_ADMIN_KEY", "LEPTON_PSEUDONYM_KEY", "Lepton__Postgres__ConnectionString"):
            if not any(e["name"] == needed and "secretKeyRef" in e.get("valueFrom", {}) for e in env):
                bad(f"helm ({label}) {wn}: {needed} does not come from the Secret")
        if w in silos:
            adv = [e for e in env if e["name"] == "Lepton__Cluster__AdvertisedAddress"]
            if not adv or adv[0].get("valueFrom", {}).get("fieldRef", {}).get("fieldPath") != "status.podIP":
                bad(f"helm ({label}) {wn}: the advertised address is not the pod IP (downward API)")
            if c.get("args") != ["silo"]: bad(f"helm ({label}) {wn}: does not run `lepton silo`")
        elif c.get("args") != ["api"]: bad(f"helm ({label}) {wn}: does not run `lepton api`")
    svc = [s for s in by_kind.get("Service", []) if s["spec"]["selector"].get("app.kubernetes.io/component") == "api"]
    if not svc: bad(f"helm ({label}): no Service for the api processes")
    jobs = by_kind.get("Job", [])
    if values_for(label)["migrations"]["enabled"] and not any(j["spec"]["template"]["spec"]["containers"][0].get("args") == ["migrate"] for j in jobs):
        bad(f"helm ({label}): no migrate Job")
    return by_kind

scenario_values = {}
def values_for(label):
    return scenario_values[label]
for label, overrides in (("defaults", []), ("all options", [full_options])):
    base = yaml.safe_load(read(chart + "values.yaml"))
    for o in overrides: base = helm_render.merge(base, o)
    scenario_values[label] = base
    try:
        kinds = check_rendered(label, helm_render.render_chart(chart, overrides))
    except (helm_render.TemplateError, helm_render.Fail, Exception) as e:
        bad(f"helm ({label}): rendering failed: {type(e).__name__}: {e}"); continue
    if label == "all options" and kinds:
        if not any(s["kind"] == "Secret" for s in kinds.get("Secret", [])): bad("helm (all options): secrets.create made no Secret")
        envs = {e["name"] for w in kinds.get("Deployment", []) + kinds.get("StatefulSet", []) for e in w["spec"]["template"]["spec"]["containers"][0]["env"]}
        for needed in ("Lepton__Residency__Rules__EU", "Lepton__Residency__Storage__eu", "Lepton__Cluster__Region", "Lepton__Kafka__BootstrapServers",
                       "Lepton__EventHubs__FullyQualifiedNamespace", "OTEL_EXPORTER_OTLP_ENDPOINT"):
            if needed not in envs: bad(f"helm (all options): {needed} not set")
for label, overrides, expect in (("no secret", [{"secrets": {"existingSecret": "", "create": False}}], "existingSecret"),
                                 ("bad workload", [{"api": {"workload": "DaemonSet"}}], "api.workload")):
    try:
        helm_render.render_chart(chart, overrides)
        bad(f"helm ({label}): rendered, but the chart should refuse it")
    except helm_render.Fail as e:
        if expect not in str(e): bad(f"helm ({label}): refused with an unexpected message: {e}")
    except Exception as e:
        bad(f"helm ({label}): {type(e).__name__}: {e}")

# 5. compose.
compose_path = "infra/compose/compose.yaml"
compose = yaml.safe_load(read(compose_path))
services = compose.get("services", {})
dockerfile = read("infra/Dockerfile")
targets = set(re.findall(r"^FROM\s+\S+\s+AS\s+(\S+)", dockerfile, re.M | re.I))
for name, svc in services.items():
    deps = svc.get("depends_on", {})
    for dep in (deps if isinstance(deps, list) else deps.keys()):
        if dep not in services: bad(f"{compose_path}: {name} depends on unknown service {dep}")
    build = svc.get("build")
    if build:
        ctx = os.path.normpath(os.path.join("infra/compose", build["context"]))
        if not os.path.isfile(os.path.join(ctx, build["dockerfile"])): bad(f"{compose_path}: {name}: no {build['dockerfile']} in {ctx}")
        if build.get("target") not in targets: bad(f"{compose_path}: {name}: target {build.get('target')} not in infra/Dockerfile")
    for vol in svc.get("volumes", []):
        source = vol.split(":")[0]
        if source.startswith("."):
            if not os.path.exists(os.path.normpath(os.path.join("infra/compose", source))): bad(f"{compose_path}: {name}: {source} does not exist")
        elif source not in (compose.get("volumes") or {}): bad(f"{compose_path}: {name}: volume {source} not declared")
    nets = svc.get("networks", [])
    for net in (nets if isinstance(nets, list) else nets.keys()):
        if net not in (compose.get("networks") or {}): bad(f"{compose_path}: {name}: network {net} not declared")
silos = [n for n, s in services.items() if (s.get("build") or {}).get("target") == "silo"]
if len(silos) < 3: bad(f"{compose_path}: expected three silos, found {silos}")
for n in silos:
    env = services[n]["environment"]
    ip = services[n]["networks"]["lepton"]["ipv4_address"]
    if env.get("Lepton__Cluster__AdvertisedAddress") != ip: bad(f"{compose_path}: {n} advertises {env.get('Lepton__Cluster__AdvertisedAddress')}, its address is {ip}")
for needed in ("postgres", "kafka", "migrate", "api"):
    if needed not in services: bad(f"{compose_path}: no {needed} service")

# 6. Dockerfile: the publish line's project, the assembly name, each target's verb.
publish = re.search(r"dotnet publish (\S+)", dockerfile)
if not publish or not os.path.isfile(publish.group(1)): bad(f"infra/Dockerfile: publishes {publish and publish.group(1)}, which does not exist")
elif "<AssemblyName>lepton</AssemblyName>" not in read(publish.group(1)): bad("infra/Dockerfile: the published assembly is not lepton.dll")
dev = re.search(r"dotnet publish (\S+) .*-o /app-dev", dockerfile)
if not dev or not os.path.isfile(dev.group(1)): bad(f"infra/Dockerfile: publishes lepton-dev from {dev and dev.group(1)}, which does not exist")
elif "<AssemblyName>lepton-dev</AssemblyName>" not in read(dev.group(1)): bad("infra/Dockerfile: the dev publish is not lepton-dev.dll")
if not re.search(r"^FROM runtime AS all-in-one\n(?:.*\n)*?COPY --from=build /app-dev \./dev$", dockerfile, re.M):
    bad("infra/Dockerfile: the all-in-one image does not carry lepton-dev under dev/ (src/Silo/Cli/DevToolsForwarder.cs looks there)")
for target in ("all-in-one", "silo", "api"):
    if target not in targets: bad(f"infra/Dockerfile: no target {target}")
for verb in re.findall(r'^CMD \["([a-z-]+)"\]', dockerfile, re.M) + ["migrate"]:
    if f'string Name => "{verb}";' not in src: bad(f"infra/Dockerfile: verb {verb} is not a lepton verb")
if not re.search(r"^USER \$APP_UID", dockerfile, re.M): bad("infra/Dockerfile: does not run as the non-root app user")
if "HEALTHCHECK" not in dockerfile or "/health/ready" not in dockerfile: bad("infra/Dockerfile: no HEALTHCHECK on /health/ready")

# 7 (parameters side): the parameters file names only parameters of main.bicep.
bicep = read("infra/azure/main.bicep")
for p in json.loads(read("infra/azure/main.parameters.json"))["parameters"]:
    if not re.search(r"^param %s\b" % re.escape(p), bicep, re.M): bad(f"infra/azure/main.parameters.json: {p} is not a parameter of main.bicep")

for p in problems: print("  - " + p, file=sys.stderr)
if problems:
    sys.exit(1)
print(f"infra/validate.py: {len(glob.glob('infra/**/*.json', recursive=True))} JSON and the YAML files parse; settings, metrics, routes, chart, compose, Dockerfile consistent")
