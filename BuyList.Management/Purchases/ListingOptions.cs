using System.ComponentModel.DataAnnotations;

namespace BuyList.Management.Purchases;

/// <summary>How long a listing waits for the store (section <c>Listing</c>).</summary>
public sealed class ListingOptions
{
    public const string SectionName = "Listing";

    /// <summary>
    /// The longest a listing waits for MongoDB before answering 503. Shorter than Facing's
    /// <c>Management:AttemptTimeout</c> (2 s), so that Facing hears a 503 it can retry rather than giving up on the
    /// attempt; and far shorter than the driver's 30 s server selection, so Management stays ready and answers quickly
    /// while MongoDB is unreachable.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:00:30")]
    public TimeSpan StoreTimeout { get; set; } = TimeSpan.FromMilliseconds(1500);
}
