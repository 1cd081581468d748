#!/usr/bin/env bash
# Packs the GPU device check (infra/gpu/DeviceCheck, GPU build of ONNX Runtime) self-contained for a GPU machine with
# no .NET (the device tool's; docs/gpu.md). Writes into gpu-bundle/ (git-ignored):
#   device-check.tar.xz          the app without ONNX Runtime's CUDA provider: fits one device call (64 MiB with the tree)
#   cuda-provider.manifest       parts=N and the provider's sha256, carried with every call
#   cuda-provider.so.xz.part-NN  libonnxruntime_providers_cuda.so (289 MB), xz-compressed and split into PART_MIB parts
#                                (default 50 MiB: a call also carries the ~7 MiB working tree), one part per call
# infra/gpu/device-check.sh unpacks the app, collects the parts over consecutive calls to the warm machine,
# reassembles the provider once all are there, and runs the check.
set -euo pipefail
cd "$(dirname "$0")/../.."
out=gpu-bundle
part_mib=${PART_MIB:-50}
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
rm -rf "$out" && mkdir -p "$out"

# Own artifacts folder: the GPU flavour's restore must not overwrite the CPU build's obj/. LEPTON_BUILD_LOCK names a
# lock file to hold around the build where several builds share a machine.
${LEPTON_BUILD_LOCK:+flock "$LEPTON_BUILD_LOCK"} dotnet publish infra/gpu/DeviceCheck/Lepton.Monitor.DeviceCheck.csproj -c Release -r linux-x64 --self-contained true \
  -p:OnnxRuntimeFlavor=Gpu -p:InvariantGlobalization=true --artifacts-path artifacts/gpu-pack -o "$stage/app" >"$stage/publish.log" 2>&1 \
  || { cat "$stage/publish.log" >&2; exit 1; }
# Not needed there: symbols, and the TensorRT provider (no TensorRT on the machine; the check does not use it).
find "$stage/app" \( -name '*.pdb' -o -name 'libonnxruntime_providers_tensorrt.so' \) -delete
provider="$stage/app/libonnxruntime_providers_cuda.so"
[ -f "$provider" ] || { echo "pack.sh: $provider missing: is the GPU package referenced?" >&2; exit 1; }
mv "$provider" "$stage/libonnxruntime_providers_cuda.so"

XZ_OPT="-6 -T2" tar -C "$stage" -cJf "$out/device-check.tar.xz" app
xz -6 -T2 -c "$stage/libonnxruntime_providers_cuda.so" >"$stage/cuda-provider.so.xz"
split -b "${part_mib}M" -d -a 2 "$stage/cuda-provider.so.xz" "$out/cuda-provider.so.xz.part-"
parts=$(ls "$out"/cuda-provider.so.xz.part-* | wc -l)
sha=$(sha256sum "$stage/libonnxruntime_providers_cuda.so" | cut -d' ' -f1)
printf 'parts=%s\nsha256=%s\n' "$parts" "$sha" >"$out/cuda-provider.manifest"

echo "app unpacked: $(du -sh "$stage/app" | cut -f1); CUDA provider: $(stat -c %s "$stage/libonnxruntime_providers_cuda.so") bytes"
ls -l "$out"
