using System.Threading.Channels;

namespace Lepton.Monitor.Storage;

/// <summary>
/// The single writer behind group commit: drains whatever requests are queued (up to a bound) into one transaction.
/// When a shared transaction fails, each request is retried alone, so one bad request fails only its own caller.
/// </summary>
internal static class GroupCommitLoop
{
    public static async Task RunAsync<TRequest>(ChannelReader<TRequest> reader, int maxUnitsPerGroup, Func<IReadOnlyList<TRequest>, Task> commit)
        where TRequest : IGroupCommitRequest
    {
        var group = new List<TRequest>();
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            group.Clear();
            var units = 0;
            while (units < maxUnitsPerGroup && reader.TryRead(out var request))
            {
                group.Add(request);
                units += request.Units;
            }
            await CommitGroupAsync(group, commit).ConfigureAwait(false);
        }
    }

    private static async Task CommitGroupAsync<TRequest>(List<TRequest> group, Func<IReadOnlyList<TRequest>, Task> commit)
        where TRequest : IGroupCommitRequest
    {
        try
        {
            await commit(group).ConfigureAwait(false);
        }
        catch (Exception) when (group.Count > 1)
        {
            foreach (var request in group)
            {
                try
                {
                    await commit([request]).ConfigureAwait(false);
                }
                catch (Exception error)
                {
                    request.Fail(error);
                }
            }
        }
        catch (Exception error)
        {
            group[0].Fail(error);
        }
    }
}
