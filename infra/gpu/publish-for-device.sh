#!/usr/bin/env bash
# Packs the product self-contained for a GPU host that has the NVIDIA driver and cuBLASLt but no .NET
# (the `device` tool's H100 machine: see docs/gpu.md). Writes gpu-bundle/lepton.tar.xz (about 35 MiB).
# gpu-bundle/ is git-ignored; name it in the device tool's `carry`.
set -euo pipefail
cd "$(dirname "$0")/../.."
out=gpu-bundle
rm -rf "$out" && mkdir -p "$out/app"
dotnet publish src/Silo -c Release -r linux-x64 --self-contained true -p:InvariantGlobalization=true -o "$out/app" >/dev/null
find "$out" \( -name '*.pdb' -o -name 'onnxruntime.dll' \) -delete
tar -C "$out" -cJf "$out/lepton.tar.xz" app
rm -rf "$out/app"
ls -la "$out"
