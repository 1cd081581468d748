#!/usr/bin/env bash
# Validates the deployment files under infra/ without Docker, Kubernetes or Azure (none is reachable here), in well
# under a minute. Called by .ci/run before the tests; exit 1 (with "infra/validate.sh: FAILED: ...") on any problem.
#  1. every JSON and YAML file parses (python3 + PyYAML; Helm templates are checked structurally instead, see 4);
#  2. the names the files use are the product's own: every Lepton__* / LEPTON_* / OTEL_* variable is a setting the
#     product reads, every lepton_* metric in the alert rules and dashboard is an instrument in src/, the health routes exist;
#  3. Prometheus: `promtool check config`, `check rules` and the rule unit tests (Debian's prometheus package);
#  4. Helm: `helm` is not served by the package sources here (not in Debian, npm or NuGet), so the chart is checked
#     structurally (balanced blocks, every .Values path in values.yaml, every include defined) and rendered by
#     infra/helm_render.py, a minimal renderer of the template constructs the chart uses, with the default values and
#     with every option on; the objects are then checked (rolling update, PDBs, pod IP, probes, grace period, Secret
#     references, resources, read-only root) and bad values must be refused (docs/operations.md, "What CI validates");
#  5. compose: services, dependencies, build targets, mounted files and volumes resolve;
#  6. Dockerfile: the project it publishes exists with assembly name `lepton`, each target's verb exists;
#     LEPTON_VALIDATE_PUBLISH=1 also runs its `dotnet publish` line into a temp folder (minutes on 2 cores: off by default);
#  7. Bicep: `bicep build` with the Bicep CLI from NuGet (Azure.Bicep.CommandLine.linux-x64), lint warnings are errors.
set -uo pipefail
cd "$(dirname "$0")/.."
failures=0
fail() { echo "infra/validate.sh: FAILED: $*" >&2; failures=$((failures + 1)); }
note() { echo "infra/validate.sh: $*"; }

python3 -c 'import yaml' 2>/dev/null || { echo "infra/validate.sh: FAILED: python3 PyYAML missing (apt-get install python3-yaml)" >&2; exit 1; }

# 1, 2, 4, 5, 6: the structural checks.
python3 infra/validate.py || fail "structural checks (above)"

# 3: Prometheus.
if command -v promtool >/dev/null 2>&1; then
  promtool check config --syntax-only infra/observability/prometheus.yml >/tmp/lepton-promtool.log 2>&1 \
    && promtool check rules infra/observability/lepton-alerts.yml >>/tmp/lepton-promtool.log 2>&1 \
    && (cd infra/observability && promtool test rules lepton-alerts.test.yml) >>/tmp/lepton-promtool.log 2>&1 \
    && python3 infra/validate.py --dashboard-rules infra/observability/grafana/lepton-monitor.json > /tmp/lepton-dashboard-rules.yml \
    && promtool check rules /tmp/lepton-dashboard-rules.yml >>/tmp/lepton-promtool.log 2>&1 \
    && note "promtool: config, rules, rule tests and the dashboard's queries ok" \
    || { cat /tmp/lepton-promtool.log >&2; fail "promtool"; }
else
  note "SKIPPED promtool checks: promtool not installed (apt-get install prometheus)"
fi

# 7: Bicep, from NuGet's Azure.Bicep.CommandLine.linux-x64 (restored once into the NuGet cache).
BICEP_VERSION=0.49.2
bicep="${BICEP:-${NUGET_PACKAGES:-$HOME/.nuget/packages}/azure.bicep.commandline.linux-x64/$BICEP_VERSION/tools/bicep}"
if [ ! -f "$bicep" ] && command -v dotnet >/dev/null 2>&1; then
  tmp=$(mktemp -d)
  cat > "$tmp/bicep.csproj" <<XML
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup><TargetFramework>net10.0</TargetFramework></PropertyGroup>
  <ItemGroup><PackageDownload Include="Azure.Bicep.CommandLine.linux-x64" Version="[$BICEP_VERSION]" /></ItemGroup>
</Project>
XML
  timeout 120 dotnet restore "$tmp/bicep.csproj" -v q >/dev/null 2>&1 || note "could not restore the Bicep CLI from NuGet"
  rm -rf "$tmp"
fi
if [ -f "$bicep" ]; then
  chmod +x "$bicep" 2>/dev/null || true
  for f in infra/azure/*.bicep; do
    out=$("$bicep" build "$f" --stdout 2>&1 >/dev/null); rc=$?
    if [ $rc -ne 0 ] || [ -n "$out" ]; then echo "$out" >&2; fail "bicep build $f"; else note "bicep build $f ok"; fi
  done
else
  note "SKIPPED bicep build: the Bicep CLI could not be obtained from NuGet"
fi

# 6 (optional): the Dockerfile's publish line, as a plain command.
if [ "${LEPTON_VALIDATE_PUBLISH:-0}" = 1 ]; then
  line=$(grep -E '^RUN dotnet publish ' infra/Dockerfile | head -n 1 | sed 's/^RUN //')
  out=$(mktemp -d)
  note "running: ${line/-o \/app/-o $out}"
  eval "${line/-o \/app/-o $out}" >/tmp/lepton-publish.log 2>&1 && [ -f "$out/lepton.dll" ] && [ -d "$out/onnx" ] \
    && note "dotnet publish ok ($out/lepton.dll, onnx/)" || { tail -n 30 /tmp/lepton-publish.log >&2; fail "dotnet publish"; }
  rm -rf "$out"
fi

if [ "$failures" -ne 0 ]; then
  echo "infra/validate.sh: FAILED ($failures problem(s)); see the lines above" >&2
  exit 1
fi
note "all infra checks passed"
