using System.Runtime.InteropServices;

namespace Lepton.Monitor.Scoring;

/// <summary>The cuBLASLt calls and constants the backend uses (values from cublasLt.h of CUDA 12/13).</summary>
internal sealed unsafe class CublasLtApi
{
    public const int CudaR32F = 0;                      // cudaDataType CUDA_R_32F
    public const int ComputeF32 = 68;                   // CUBLAS_COMPUTE_32F
    public const int ComputeF32FastTf32 = 77;           // CUBLAS_COMPUTE_32F_FAST_TF32
    public const int DescTransA = 3;                    // CUBLASLT_MATMUL_DESC_TRANSA
    public const int DescTransB = 4;                    // CUBLASLT_MATMUL_DESC_TRANSB
    public const int DescEpilogue = 7;                  // CUBLASLT_MATMUL_DESC_EPILOGUE
    public const int DescBiasPointer = 8;               // CUBLASLT_MATMUL_DESC_BIAS_POINTER
    public const uint EpilogueBias = 4;                 // CUBLASLT_EPILOGUE_BIAS
    public const uint EpilogueReluBias = 6;             // CUBLASLT_EPILOGUE_RELU_BIAS
    public const int PrefMaxWorkspaceBytes = 1;         // CUBLASLT_MATMUL_PREF_MAX_WORKSPACE_BYTES

    /// <summary>cublasLtMatmulHeuristicResult_t: a 64-byte algo, workspace size, state, waves count, reserved.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct HeuristicResult
    {
        public fixed ulong Algo[8];
        public nuint WorkspaceSize;
        public int State;
        public float WavesCount;
        public fixed int Reserved[4];
    }

    public readonly delegate* unmanaged<IntPtr*, int> cublasLtCreate;
    public readonly delegate* unmanaged<IntPtr, int> cublasLtDestroy;
    public readonly delegate* unmanaged<IntPtr*, int, int, int> cublasLtMatmulDescCreate;
    public readonly delegate* unmanaged<IntPtr, int, void*, nuint, int> cublasLtMatmulDescSetAttribute;
    public readonly delegate* unmanaged<IntPtr, int> cublasLtMatmulDescDestroy;
    public readonly delegate* unmanaged<IntPtr*, int, ulong, ulong, long, int> cublasLtMatrixLayoutCreate;
    public readonly delegate* unmanaged<IntPtr, int> cublasLtMatrixLayoutDestroy;
    public readonly delegate* unmanaged<IntPtr*, int> cublasLtMatmulPreferenceCreate;
    public readonly delegate* unmanaged<IntPtr, int, void*, nuint, int> cublasLtMatmulPreferenceSetAttribute;
    public readonly delegate* unmanaged<IntPtr, int> cublasLtMatmulPreferenceDestroy;
    public readonly delegate* unmanaged<IntPtr, IntPtr, IntPtr, IntPtr, IntPtr, IntPtr, IntPtr, int, HeuristicResult*, int*, int> cublasLtMatmulAlgoGetHeuristic;
    public readonly delegate* unmanaged<IntPtr, IntPtr, void*, ulong, IntPtr, ulong, IntPtr, void*, ulong, IntPtr, ulong, IntPtr, void*, ulong, nuint, IntPtr, int> cublasLtMatmul;

    public CublasLtApi(IntPtr library)
    {
        IntPtr F(string name) => NativeLibrary.GetExport(library, name);
        cublasLtCreate = (delegate* unmanaged<IntPtr*, int>)F("cublasLtCreate");
        cublasLtDestroy = (delegate* unmanaged<IntPtr, int>)F("cublasLtDestroy");
        cublasLtMatmulDescCreate = (delegate* unmanaged<IntPtr*, int, int, int>)F("cublasLtMatmulDescCreate");
        cublasLtMatmulDescSetAttribute = (delegate* unmanaged<IntPtr, int, void*, nuint, int>)F("cublasLtMatmulDescSetAttribute");
        cublasLtMatmulDescDestroy = (delegate* unmanaged<IntPtr, int>)F("cublasLtMatmulDescDestroy");
        cublasLtMatrixLayoutCreate = (delegate* unmanaged<IntPtr*, int, ulong, ulong, long, int>)F("cublasLtMatrixLayoutCreate");
        cublasLtMatrixLayoutDestroy = (delegate* unmanaged<IntPtr, int>)F("cublasLtMatrixLayoutDestroy");
        cublasLtMatmulPreferenceCreate = (delegate* unmanaged<IntPtr*, int>)F("cublasLtMatmulPreferenceCreate");
        cublasLtMatmulPreferenceSetAttribute = (delegate* unmanaged<IntPtr, int, void*, nuint, int>)F("cublasLtMatmulPreferenceSetAttribute");
        cublasLtMatmulPreferenceDestroy = (delegate* unmanaged<IntPtr, int>)F("cublasLtMatmulPreferenceDestroy");
        cublasLtMatmulAlgoGetHeuristic = (delegate* unmanaged<IntPtr, IntPtr, IntPtr, IntPtr, IntPtr, IntPtr, IntPtr, int, HeuristicResult*, int*, int>)F("cublasLtMatmulAlgoGetHeuristic");
        cublasLtMatmul = (delegate* unmanaged<IntPtr, IntPtr, void*, ulong, IntPtr, ulong, IntPtr, void*, ulong, IntPtr, ulong, IntPtr, void*, ulong, nuint, IntPtr, int>)F("cublasLtMatmul");
    }

    public static void Check(int status, string call)
    {
        if (status != 0)
            throw new CudaException(call, status, status switch
            {
                1 => "CUBLAS_STATUS_NOT_INITIALIZED", 3 => "CUBLAS_STATUS_ALLOC_FAILED", 7 => "CUBLAS_STATUS_INVALID_VALUE",
                8 => "CUBLAS_STATUS_ARCH_MISMATCH", 13 => "CUBLAS_STATUS_EXECUTION_FAILED", 14 => "CUBLAS_STATUS_INTERNAL_ERROR",
                15 => "CUBLAS_STATUS_NOT_SUPPORTED", _ => null,
            });
    }
}
