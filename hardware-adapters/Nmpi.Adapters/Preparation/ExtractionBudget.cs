namespace Nmpi.Adapters.Preparation;

/// <summary>What one archive may still unpack: entries counted as they come, bytes counted as they are written.</summary>
internal sealed class ExtractionBudget(long maxBytes, int maxEntries)
{
    private const int BufferBytes = 81920;

    private long _bytes;
    private int _entries;

    /// <summary>Counts more entries; refuses the archive past the limit.</summary>
    public void CountEntries(int count)
    {
        _entries += count;
        if (_entries > maxEntries)
        {
            throw new JobPreparationException($"the archive has more than this site's limit of {maxEntries} entries");
        }
    }

    /// <summary>Copies an entry's data, refusing the archive once everything written so far passes the limit.</summary>
    public async Task CopyAsync(Stream from, Stream to, CancellationToken cancellationToken)
    {
        var buffer = new byte[BufferBytes];
        int read;
        while ((read = await from.ReadAsync(buffer, cancellationToken)) > 0)
        {
            _bytes += read;
            if (_bytes > maxBytes)
            {
                throw new JobPreparationException($"the archive unpacks to more than this site's limit of {maxBytes} bytes");
            }

            await to.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
        }
    }
}
