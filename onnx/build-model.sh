#!/usr/bin/env bash
# Rebuilds the shipped risk model (onnx/lepton-risk-1.0.0.onnx), its card (.card.json) and MODEL_CARD.md.
# Deterministic: the same seed and options give the same bytes, so a rebuild with the defaults leaves git clean.
# Needs only the .NET SDK (no Python): training, ONNX writing and the ONNX Runtime check are C#
# (src/Scoring, ModelBuilder.Build), exposed as the CLI verb `lepton train`. Takes well under a minute on 2 cores.
# Extra arguments go to the verb, e.g. --seed 7 --rows 500000 --hidden 16 --epochs 20.
set -euo pipefail
cd "$(dirname "$0")/.."
exec dotnet run --project src/Silo -c Release -- train --out onnx "$@"
