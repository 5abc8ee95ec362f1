using System.Collections.Concurrent;
using BuyList.Management.Telemetry;
using MongoDB.Bson;

namespace BuyList.Management.Storage;

/// <summary>
/// Stored documents that no longer read as a purchase (a field removed or retyped by hand): each is left out of the
/// listing it is met in and counted every time (<c>buylist.purchases.unreadable</c>), and logged with its id once per
/// process, so a listing polled every few seconds does not flood the logs.
/// </summary>
public sealed class UnreadablePurchases(ManagementMetrics metrics, ILogger<UnreadablePurchases> logger)
{
    /// <summary>Beyond this many distinct ids, each further one is logged every time rather than remembered.</summary>
    private const int RememberedIds = 10_000;

    private readonly ConcurrentDictionary<string, byte> _logged = new(StringComparer.Ordinal);

    public void LeftOut(BsonValue id, Exception error)
    {
        metrics.UnreadableLeftOut();
        var key = id.ToString() ?? "";
        if (_logged.Count >= RememberedIds || _logged.TryAdd(key, 0))
        {
            // The exception's type only: its message may quote the stored value.
            ManagementLog.UnreadablePurchase(logger, key, error.GetType().Name);
        }
    }
}
