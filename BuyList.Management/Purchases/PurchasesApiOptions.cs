using System.ComponentModel.DataAnnotations;

namespace BuyList.Management.Purchases;

/// <summary>How long <see cref="PurchasesApi"/> waits for the store (section <c>Listing</c>).</summary>
public sealed class PurchasesApiOptions
{
    public const string SectionName = "Listing";

    /// <summary>
    /// The longest a listing waits for MongoDB before answering 503: below Facing's attempt timeout (the timeout chain
    /// in DEVELOPERS.md), so Facing hears a 503 it can retry, and far below the driver's server selection, so Management
    /// stays ready and answers quickly while MongoDB is unreachable.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:00:30")]
    public TimeSpan StoreTimeout { get; set; } = TimeSpan.FromMilliseconds(1500);
}
