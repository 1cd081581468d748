#!/usr/bin/env bash
# The GPU device check (issue 22, docs/gpu.md), from the bundle infra/gpu/pack.sh writes to gpu-bundle/.
#   bash infra/gpu/device-check.sh [--cell-ms N] [--callers N] [--batches 512,4096,65536]
#   bash infra/gpu/device-check.sh --stage-only      only keep what this call carried (a CUDA provider part)
# On the device tool's machine each call carries part of gpu-bundle/ (64 MiB a call): what arrives is kept under
# $LEPTON_GPU_STAGE (default /tmp/lepton-gpu), which lasts while the machine stays warm. The app runs as soon as it is
# there; ONNX Runtime's CUDA provider joins once every part has arrived (until then its rows say why they are missing).
# Without the NVIDIA driver (this development machine) it prints "no NVIDIA driver: GPU rows skipped" and the CPU rows.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
bundle=${LEPTON_GPU_BUNDLE:-$root/gpu-bundle}
stage=${LEPTON_GPU_STAGE:-/tmp/lepton-gpu}
mkdir -p "$stage"

# 1. Keep what this call carried.
for f in "$bundle"/device-check.tar.xz "$bundle"/cuda-provider.manifest "$bundle"/cuda-provider.so.xz.part-*; do
  [ -f "$f" ] && cp -f "$f" "$stage/"
done
if [ ! -x "$stage/app/lepton-device-check" ]; then
  if [ -f "$stage/device-check.tar.xz" ]; then
    tar -xJf "$stage/device-check.tar.xz" -C "$stage"
  elif [ "${1:-}" != "--stage-only" ]; then
    echo "device-check.sh: no app: run infra/gpu/pack.sh here, then carry gpu-bundle/device-check.tar.xz" >&2
    exit 2
  fi
fi

# 2. Reassemble the CUDA provider once every part is here (checked against the manifest's sha256).
if [ -d "$stage/app" ] && [ ! -f "$stage/app/libonnxruntime_providers_cuda.so" ] && [ -f "$stage/cuda-provider.manifest" ]; then
  parts=$(sed -n 's/^parts=//p' "$stage/cuda-provider.manifest")
  sha=$(sed -n 's/^sha256=//p' "$stage/cuda-provider.manifest")
  have=$(find "$stage" -maxdepth 1 -name 'cuda-provider.so.xz.part-*' | wc -l)
  if [ "$have" -eq "$parts" ]; then
    cat "$stage"/cuda-provider.so.xz.part-* | xz -dc >"$stage/provider.tmp"
    if [ "$(sha256sum "$stage/provider.tmp" | cut -d' ' -f1)" = "$sha" ]; then
      mv "$stage/provider.tmp" "$stage/app/libonnxruntime_providers_cuda.so"
      rm -f "$stage"/cuda-provider.so.xz.part-*
      echo "CUDA provider reassembled from $parts parts (sha256 $sha)"
    else
      rm -f "$stage/provider.tmp"
      echo "CUDA provider: the $parts parts do not add up to sha256 $sha; carry them again" >&2
    fi
  else
    echo "CUDA provider: $have of $parts parts here (carry the others, one call each)"
  fi
fi
[ "${1:-}" = "--stage-only" ] && exit 0

# 3. CUDA 13 libraries for ONNX Runtime's CUDA provider (the cuBLASLt backend searches on its own): the toolkit's
#    folders and the Python wheels' (cuDNN 9, cuBLAS, cuRAND, cudart), wherever this machine has them.
libs=""
for name in libcublasLt.so.13 libcudart.so.13 libcurand.so.10 libcudnn.so.9; do
  dir=$(find /usr/local /opt /usr/lib -maxdepth 9 -name "$name" -printf '%h\n' 2>/dev/null | head -1 || true)
  [ -n "$dir" ] && case ":$libs:" in *":$dir:"*) ;; *) libs="$libs:$dir" ;; esac
done
export LD_LIBRARY_PATH="${libs#:}${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
command -v nvidia-smi >/dev/null && nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader || true
exec "$stage/app/lepton-device-check" "$@"
