namespace Lepton.Monitor.Scoring;

/// <summary>
/// Element-wise output activations as PTX, JIT-compiled by the driver for whatever GPU is present (so no CUDA toolkit
/// or nvcc is needed at build time). ReLU and bias need no kernel: they are cuBLASLt's fused epilogue.
/// sigmoid(x) = 1 / (1 + 2^(−x·log2 e)) with <c>ex2.approx</c> (≤ 2 ulp) and an exact reciprocal; tanh(x) = 2·sigmoid(2x) − 1.
/// </summary>
internal static class ActivationKernels
{
    public const string Sigmoid = "lepton_sigmoid_f32";
    public const string Tanh = "lepton_tanh_f32";
    public const int BlockSize = 256;

    public const string Ptx = """
        .version 7.0
        .target sm_52
        .address_size 64

        .visible .entry lepton_sigmoid_f32(.param .u64 p_data, .param .u32 p_n)
        {
            .reg .pred %p<2>;
            .reg .b32 %r<6>;
            .reg .f32 %f<6>;
            .reg .b64 %rd<4>;
            ld.param.u64 %rd1, [p_data];
            ld.param.u32 %r1, [p_n];
            mov.u32 %r2, %ctaid.x;
            mov.u32 %r3, %ntid.x;
            mov.u32 %r4, %tid.x;
            mad.lo.s32 %r5, %r2, %r3, %r4;
            setp.ge.u32 %p1, %r5, %r1;
            @%p1 bra SIGMOID_DONE;
            cvta.to.global.u64 %rd2, %rd1;
            mul.wide.u32 %rd3, %r5, 4;
            add.s64 %rd2, %rd2, %rd3;
            ld.global.f32 %f1, [%rd2];
            mul.f32 %f2, %f1, 0fBFB8AA3B;
            ex2.approx.ftz.f32 %f3, %f2;
            add.f32 %f4, %f3, 0f3F800000;
            rcp.rn.f32 %f5, %f4;
            st.global.f32 [%rd2], %f5;
        SIGMOID_DONE:
            ret;
        }

        .visible .entry lepton_tanh_f32(.param .u64 p_data, .param .u32 p_n)
        {
            .reg .pred %p<2>;
            .reg .b32 %r<6>;
            .reg .f32 %f<8>;
            .reg .b64 %rd<4>;
            ld.param.u64 %rd1, [p_data];
            ld.param.u32 %r1, [p_n];
            mov.u32 %r2, %ctaid.x;
            mov.u32 %r3, %ntid.x;
            mov.u32 %r4, %tid.x;
            mad.lo.s32 %r5, %r2, %r3, %r4;
            setp.ge.u32 %p1, %r5, %r1;
            @%p1 bra TANH_DONE;
            cvta.to.global.u64 %rd2, %rd1;
            mul.wide.u32 %rd3, %r5, 4;
            add.s64 %rd2, %rd2, %rd3;
            ld.global.f32 %f1, [%rd2];
            mul.f32 %f2, %f1, 0fC038AA3B;
            ex2.approx.ftz.f32 %f3, %f2;
            add.f32 %f4, %f3, 0f3F800000;
            rcp.rn.f32 %f5, %f4;
            fma.rn.f32 %f6, %f5, 0f40000000, 0fBF800000;
            st.global.f32 [%rd2], %f6;
        TANH_DONE:
            ret;
        }
        """;
}
