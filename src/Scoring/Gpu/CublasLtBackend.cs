using System.Runtime.InteropServices;
using System.Text;

namespace Lepton.Monitor.Scoring;

/// <summary>
/// Runs a <see cref="DenseGraph"/> (an MLP read from the .onnx file) on an NVIDIA GPU with nothing but the driver and
/// cuBLASLt: device buffers allocated once for the largest batch; one cuBLASLt matmul per layer with bias (+ ReLU)
/// fused as its epilogue, plans and heuristics cached per (layer, row bucket); sigmoid/tanh in a small PTX kernel; one
/// stream; input copied in asynchronously, scores copied out, one synchronisation per batch. fp32 by default; TF32 opt-in.
/// Called from one thread at a time (the scoring service's loop). Throws <see cref="CudaException"/> on GPU errors.
/// </summary>
public sealed unsafe class CublasLtBackend : IInferenceBackend
{
    public const long WorkspaceBytes = 32L << 20;

    private readonly CudaDriver _cu;
    private readonly CublasLtApi _lt;
    private readonly DenseGraph _graph;
    private readonly int _device;
    private readonly IntPtr _context;
    private readonly IntPtr _stream;
    private readonly IntPtr _handle;
    private readonly IntPtr _module;
    private readonly IntPtr _sigmoid;
    private readonly IntPtr _tanh;
    private readonly ulong[] _weights;
    private readonly ulong[] _biases;
    private readonly IntPtr[] _descs;
    private readonly ulong _input;
    private readonly ulong[] _activations = new ulong[2];
    private readonly ulong _workspace;
    private readonly IntPtr _preference;
    private readonly Dictionary<int, LayerPlan[]> _plans = new();
    private bool _disposed;

    private CublasLtBackend(CudaDriver cu, CublasLtApi lt, DenseGraph graph, int maxRows, bool tf32, int deviceOrdinal)
    {
        _cu = cu;
        _lt = lt;
        _graph = graph;
        MaxRows = maxRows;
        Tf32 = tf32;
        _weights = new ulong[graph.Layers.Count];
        _biases = new ulong[graph.Layers.Count];
        _descs = new IntPtr[graph.Layers.Count];

        int device;
        cu.Check(cu.cuDeviceGet(&device, deviceOrdinal), "cuDeviceGet");
        _device = device;
        var name = stackalloc byte[256];
        cu.Check(cu.cuDeviceGetName(name, 256, device), "cuDeviceGetName");
        GpuName = Marshal.PtrToStringUTF8((IntPtr)name) ?? "GPU";
        IntPtr context;
        cu.Check(cu.cuDevicePrimaryCtxRetain(&context, device), "cuDevicePrimaryCtxRetain");
        _context = context;
        cu.Check(cu.cuCtxSetCurrent(context), "cuCtxSetCurrent");
        IntPtr stream;
        cu.Check(cu.cuStreamCreate(&stream, 1 /* CU_STREAM_NON_BLOCKING */), "cuStreamCreate");
        _stream = stream;
        IntPtr handle;
        CublasLtApi.Check(lt.cublasLtCreate(&handle), "cublasLtCreate");
        _handle = handle;

        var ptx = Encoding.ASCII.GetBytes(ActivationKernels.Ptx + "\0");
        IntPtr module;
        fixed (byte* image = ptx)
            cu.Check(cu.cuModuleLoadData(&module, image), "cuModuleLoadData (activation PTX)");
        _module = module;
        _sigmoid = Function(ActivationKernels.Sigmoid);
        _tanh = Function(ActivationKernels.Tanh);

        for (var i = 0; i < graph.Layers.Count; i++)
        {
            var layer = graph.Layers[i];
            _weights[i] = Upload(layer.Weights);
            _biases[i] = Upload(layer.Bias);
            _descs[i] = Describe(layer, _biases[i]);
        }
        _input = Upload(new float[(long)maxRows * graph.InputWidth]);
        _activations[0] = Allocate((long)maxRows * graph.MaxWidth * sizeof(float));
        _activations[1] = Allocate((long)maxRows * graph.MaxWidth * sizeof(float));
        _workspace = Allocate(WorkspaceBytes);
        IntPtr preference;
        CublasLtApi.Check(lt.cublasLtMatmulPreferenceCreate(&preference), "cublasLtMatmulPreferenceCreate");
        _preference = preference;
        var workspace = (ulong)WorkspaceBytes;
        CublasLtApi.Check(lt.cublasLtMatmulPreferenceSetAttribute(preference, CublasLtApi.PrefMaxWorkspaceBytes, &workspace, sizeof(ulong)),
            "cublasLtMatmulPreferenceSetAttribute");
    }

    /// <summary>Loads the driver and cuBLASLt, opens GPU <paramref name="deviceOrdinal"/> and uploads the graph.</summary>
    /// <exception cref="GpuUnavailableException">Any of that is impossible here; the message says which and why.</exception>
    public static CublasLtBackend Create(DenseGraph graph, int maxRows, bool tf32 = false, int deviceOrdinal = 0)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxRows, 1);
        var driverLibrary = CudaLibraries.TryLoad(CudaLibraries.DriverNames, out var reason);
        if (driverLibrary == IntPtr.Zero)
            throw new GpuUnavailableException($"NVIDIA driver not loadable: {reason}");
        var cublasLibrary = CudaLibraries.TryLoad(CudaLibraries.CublasLtNames, out reason);
        if (cublasLibrary == IntPtr.Zero)
            throw new GpuUnavailableException($"cuBLASLt not loadable: {reason}");
        try
        {
            var cu = new CudaDriver(driverLibrary);
            var lt = new CublasLtApi(cublasLibrary);
            cu.Check(cu.cuInit(0), "cuInit");
            int count;
            cu.Check(cu.cuDeviceGetCount(&count), "cuDeviceGetCount");
            if (count <= deviceOrdinal)
                throw new GpuUnavailableException($"no GPU {deviceOrdinal} is visible ({count} device(s))");
            return new CublasLtBackend(cu, lt, graph, maxRows, tf32, deviceOrdinal);
        }
        catch (Exception e) when (e is CudaException or EntryPointNotFoundException)
        {
            throw new GpuUnavailableException($"GPU initialisation failed: {e.Message}", e);
        }
    }

    public string Device => "cublas";
    public string GpuName { get; }
    public int MaxRows { get; }
    public bool Tf32 { get; }
    public string InputName => _graph.InputName;
    public string OutputName => _graph.OutputName;
    public int FeatureCount => _graph.InputWidth;
    public IReadOnlyDictionary<string, string> Metadata => _graph.Metadata;

    public void Run(float[] features, int rows, float[] scores)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _cu.Check(_cu.cuCtxSetCurrent(_context), "cuCtxSetCurrent");
        var width = _graph.InputWidth;
        fixed (float* input = features)
        fixed (float* output = scores)
        {
            for (var offset = 0; offset < rows; offset += MaxRows)
            {
                var n = Math.Min(MaxRows, rows - offset);
                var bucket = Bucket(n);
                var plans = PlansFor(bucket);
                _cu.Check(_cu.cuMemcpyHtoDAsync(_input, input + (long)offset * width, (nuint)((long)n * width * sizeof(float)), _stream), "cuMemcpyHtoDAsync");
                var result = EnqueueLayers(bucket, plans);
                _cu.Check(_cu.cuMemcpyDtoHAsync(output + offset, result, (nuint)(n * sizeof(float)), _stream), "cuMemcpyDtoHAsync");
                _cu.Check(_cu.cuStreamSynchronize(_stream), "cuStreamSynchronize");
            }
        }
    }

    /// <summary>
    /// The layers alone on whatever input is already on the device, without host↔device copies: what the GPU computes
    /// per batch, for the benchmark's "without copies" column.
    /// </summary>
    public void RunResident(int rows)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(rows, MaxRows);
        _cu.Check(_cu.cuCtxSetCurrent(_context), "cuCtxSetCurrent");
        var bucket = Bucket(rows);
        EnqueueLayers(bucket, PlansFor(bucket));
        _cu.Check(_cu.cuStreamSynchronize(_stream), "cuStreamSynchronize");
    }

    /// <summary>Queues every layer (matmul with its epilogue, then a kernel for sigmoid/tanh) on the input buffer; returns the buffer holding the scores.</summary>
    private ulong EnqueueLayers(int bucket, LayerPlan[] plans)
    {
        var source = _input;
        for (var i = 0; i < plans.Length; i++)
        {
            var target = _activations[i & 1];
            Multiply(plans[i], i, source, target);
            var activation = _graph.Layers[i].Activation;
            if (activation is DenseActivation.Sigmoid or DenseActivation.Tanh)
                Launch(activation == DenseActivation.Sigmoid ? _sigmoid : _tanh, target, bucket * _graph.Layers[i].Outputs);
            source = target;
        }
        return source;
    }

    /// <summary>Rows are rounded up so that a handful of plans cover every batch size (extra rows compute on stale inputs and are ignored).</summary>
    internal int Bucket(int rows)
    {
        var step = rows <= 1024 ? 64 : 512;
        return Math.Min(MaxRows, (rows + step - 1) / step * step);
    }

    private void Multiply(LayerPlan plan, int layer, ulong source, ulong target)
    {
        float alpha = 1, beta = 0;
        var algo = plan.Algo;
        // Row-major Y[n,out] = X[n,in]·W[in,out] is, read column-major, Yᵀ[out,n] = Wᵀ[out,in]·Xᵀ[in,n]: A = W, B = X.
        CublasLtApi.Check(_lt.cublasLtMatmul(_handle, _descs[layer], &alpha, _weights[layer], plan.A, source, plan.B, &beta,
            target, plan.D, target, plan.D, algo, _workspace, (nuint)WorkspaceBytes, _stream), "cublasLtMatmul");
    }

    private LayerPlan[] PlansFor(int rows)
    {
        if (_plans.TryGetValue(rows, out var cached))
            return cached;
        var plans = new LayerPlan[_graph.Layers.Count];
        for (var i = 0; i < plans.Length; i++)
        {
            var layer = _graph.Layers[i];
            var a = Layout(layer.Outputs, layer.Inputs, layer.Outputs);
            var b = Layout(layer.Inputs, rows, layer.Inputs);
            var d = Layout(layer.Outputs, rows, layer.Outputs);
            CublasLtApi.HeuristicResult result;
            int found;
            CublasLtApi.Check(_lt.cublasLtMatmulAlgoGetHeuristic(_handle, _descs[i], a, b, d, d, _preference, 1, &result, &found), "cublasLtMatmulAlgoGetHeuristic");
            if (found == 0)
                throw new CudaException("cublasLtMatmulAlgoGetHeuristic", 15, $"no algorithm for layer {i} ({layer.Inputs}→{layer.Outputs}) at {rows} rows");
            var algo = (void*)NativeMemory.Alloc(64);
            Buffer.MemoryCopy(result.Algo, algo, 64, 64);
            plans[i] = new LayerPlan(a, b, d, algo);
        }
        _plans[rows] = plans;
        return plans;
    }

    private IntPtr Describe(DenseLayer layer, ulong bias)
    {
        IntPtr desc;
        CublasLtApi.Check(_lt.cublasLtMatmulDescCreate(&desc, Tf32 ? CublasLtApi.ComputeF32FastTf32 : CublasLtApi.ComputeF32, CublasLtApi.CudaR32F), "cublasLtMatmulDescCreate");
        int none = 0;
        CublasLtApi.Check(_lt.cublasLtMatmulDescSetAttribute(desc, CublasLtApi.DescTransA, &none, sizeof(int)), "cublasLtMatmulDescSetAttribute(TRANSA)");
        CublasLtApi.Check(_lt.cublasLtMatmulDescSetAttribute(desc, CublasLtApi.DescTransB, &none, sizeof(int)), "cublasLtMatmulDescSetAttribute(TRANSB)");
        var epilogue = layer.Activation == DenseActivation.Relu ? CublasLtApi.EpilogueReluBias : CublasLtApi.EpilogueBias;
        CublasLtApi.Check(_lt.cublasLtMatmulDescSetAttribute(desc, CublasLtApi.DescEpilogue, &epilogue, sizeof(uint)), "cublasLtMatmulDescSetAttribute(EPILOGUE)");
        CublasLtApi.Check(_lt.cublasLtMatmulDescSetAttribute(desc, CublasLtApi.DescBiasPointer, &bias, sizeof(ulong)), "cublasLtMatmulDescSetAttribute(BIAS_POINTER)");
        return desc;
    }

    private IntPtr Layout(int rows, int cols, int ld)
    {
        IntPtr layout;
        CublasLtApi.Check(_lt.cublasLtMatrixLayoutCreate(&layout, CublasLtApi.CudaR32F, (ulong)rows, (ulong)cols, ld), "cublasLtMatrixLayoutCreate");
        return layout;
    }

    private void Launch(IntPtr function, ulong data, int count)
    {
        var n = (uint)count;
        var args = stackalloc void*[2];
        args[0] = &data;
        args[1] = &n;
        var blocks = (uint)((count + ActivationKernels.BlockSize - 1) / ActivationKernels.BlockSize);
        _cu.Check(_cu.cuLaunchKernel(function, blocks, 1, 1, ActivationKernels.BlockSize, 1, 1, 0, _stream, args, null), "cuLaunchKernel");
    }

    private IntPtr Function(string name)
    {
        IntPtr function;
        var bytes = Encoding.ASCII.GetBytes(name + "\0");
        fixed (byte* n = bytes)
            _cu.Check(_cu.cuModuleGetFunction(&function, _module, n), "cuModuleGetFunction " + name);
        return function;
    }

    private ulong Allocate(long bytes)
    {
        ulong pointer;
        _cu.Check(_cu.cuMemAlloc(&pointer, (nuint)bytes), $"cuMemAlloc ({bytes} bytes)");
        return pointer;
    }

    private ulong Upload(float[] values)
    {
        var pointer = Allocate(Math.Max(1, values.Length) * (long)sizeof(float));
        fixed (float* host = values)
            _cu.Check(_cu.cuMemcpyHtoD(pointer, host, (nuint)(values.Length * (long)sizeof(float))), "cuMemcpyHtoD");
        return pointer;
    }

    public void Dispose()
    {
        if (_disposed)
            return;
        _disposed = true;
        // Best effort: a lost device fails these calls too, and there is nothing more to do about it.
        _cu.cuCtxSetCurrent(_context);
        _cu.cuStreamSynchronize(_stream);
        foreach (var plans in _plans.Values)
        {
            foreach (var p in plans)
            {
                _lt.cublasLtMatrixLayoutDestroy(p.A);
                _lt.cublasLtMatrixLayoutDestroy(p.B);
                _lt.cublasLtMatrixLayoutDestroy(p.D);
                NativeMemory.Free(p.Algo);
            }
        }
        foreach (var d in _descs)
            _lt.cublasLtMatmulDescDestroy(d);
        _lt.cublasLtMatmulPreferenceDestroy(_preference);
        foreach (var p in _weights.Concat(_biases).Concat(_activations).Append(_input).Append(_workspace))
            _cu.cuMemFree(p);
        _cu.cuModuleUnload(_module);
        _lt.cublasLtDestroy(_handle);
        _cu.cuStreamDestroy(_stream);
        _cu.cuDevicePrimaryCtxRelease(_device);
    }

    /// <summary>Layouts of A, B, D and the chosen algorithm (64 bytes of native memory) for one layer at one row bucket.</summary>
    private sealed class LayerPlan(IntPtr a, IntPtr b, IntPtr d, void* algo)
    {
        public IntPtr A { get; } = a;
        public IntPtr B { get; } = b;
        public IntPtr D { get; } = d;
        public void* Algo { get; } = algo;
    }
}
