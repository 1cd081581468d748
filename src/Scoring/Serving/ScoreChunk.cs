using Lepton.Monitor.Contracts;

namespace Lepton.Monitor.Scoring;

/// <summary>A slice of at most MaxBatchSize records of a <see cref="ScoreJob"/>.</summary>
internal sealed class ScoreChunk(ScoreJob job, int offset, int count) : ScoringWorkItem
{
    public override int Rows => count;

    public override bool IsAbandoned => job.IsDone;

    public override void WriteFeatures(FeatureExtractor extractor, Span<float> destination)
    {
        const int width = FeatureExtractor.FeatureCount;
        if (job.Features is { } features)
        {
            features.AsSpan(offset * width, count * width).CopyTo(destination);
            return;
        }
        for (var i = 0; i < count; i++)
            extractor.Extract(job.Records[offset + i], destination.Slice(i * width, width));
    }

    public override void Complete(ReadOnlySpan<float> scores)
    {
        for (var i = 0; i < count; i++)
            job.Results[offset + i] = new ModelScore(scores[i], job.ModelId, null);
        job.ChunkCompleted();
    }

    public override void Fail(Exception error) => job.Fail(error);
}
