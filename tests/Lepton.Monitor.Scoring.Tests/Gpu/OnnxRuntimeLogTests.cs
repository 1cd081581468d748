namespace Lepton.Monitor.Scoring.Tests.Gpu;

/// <summary>The reason quoted from ONNX Runtime's log when its CUDA provider cannot load.</summary>
public sealed class OnnxRuntimeLogTests
{
    [Fact]
    public void The_loaders_words_are_kept_and_the_source_location_and_error_code_are_dropped()
    {
        // As ONNX Runtime 1.32 (GPU package) logs it on a machine without CUDA 13.
        const string line = "/onnxruntime_src/onnxruntime/core/session/provider_bridge_ort.cc:2059 onnxruntime::Provider& onnxruntime::ProviderLibrary::Get() " +
            "[ONNXRuntimeError] : 1 : FAIL : Failed to load library /app/libonnxruntime_providers_cuda.so with error: " +
            "libcublasLt.so.13: cannot open shared object file: No such file or directory\n";

        Assert.Equal("Failed to load library /app/libonnxruntime_providers_cuda.so with error: libcublasLt.so.13: cannot open shared object file: No such file or directory",
            OnnxRuntimeLog.Detail(line));
    }

    [Fact]
    public void A_line_without_the_error_prefix_is_quoted_whole_on_one_line()
    {
        Assert.Equal("CUDA driver version is insufficient for CUDA runtime version", OnnxRuntimeLog.Detail(" CUDA driver version is insufficient\r\nfor CUDA runtime version "));
    }

    [Fact]
    public void Capture_collects_the_lines_of_its_own_thread_only_and_hands_them_over_when_the_action_throws()
    {
        IReadOnlyList<string> captured = [];

        Assert.Throws<InvalidOperationException>(() => OnnxRuntimeLog.Capture<int>(() =>
        {
            OnnxRuntimeLog.Callback(IntPtr.Zero, Microsoft.ML.OnnxRuntime.OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR, "c", "id", "here.cc:1", "first");
            OnnxRuntimeLog.Callback(IntPtr.Zero, Microsoft.ML.OnnxRuntime.OrtLoggingLevel.ORT_LOGGING_LEVEL_INFO, "c", "id", "here.cc:2", "not an error");
            var other = new Thread(() => OnnxRuntimeLog.Callback(IntPtr.Zero, Microsoft.ML.OnnxRuntime.OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR, "c", "id", "there.cc:3", "other thread"));
            other.Start();
            other.Join();
            throw new InvalidOperationException("provider failed");
        }, out captured));

        Assert.Equal(["first"], captured);
    }
}
