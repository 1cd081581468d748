#!/usr/bin/env bash
# Rebuilds the shipped risk models, their cards (.card.json) and markdown cards:
#   mlp  (default): onnx/lepton-risk-1.0.0.onnx       + MODEL_CARD.md
#   gbdt:           onnx/lepton-risk-gbdt-1.0.0.onnx  + MODEL_CARD.gbdt.md
# Deterministic: the same seed and options give the same bytes, so a rebuild with the defaults leaves git clean.
# Needs only the .NET SDK (no Python): training, ONNX writing and the ONNX Runtime check are C#
# (src/Training, ModelBuilder.Build), exposed as the verb `lepton train` (it runs in lepton-dev, src/DevTools, which
# lepton builds and forwards to in a source checkout). Each takes well under a minute on 2 cores.
# Extra arguments go to both runs of the verb, e.g. --seed 7 --rows 500000.
# The built app is run from the repository root (not `dotnet run`, which runs in src/Silo), so `--out onnx` is this folder.
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build src/Silo -c Release
dotnet src/Silo/bin/Release/net10.0/lepton.dll train --out onnx "$@"
dotnet src/Silo/bin/Release/net10.0/lepton.dll train --family gbdt --out onnx "$@"
