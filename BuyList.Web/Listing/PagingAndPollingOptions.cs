namespace BuyList.Web.Listing;

/// <summary>How the purchase list reads from Facing: pages, and asking again for a purchase just made (section <c>PurchaseList</c>).</summary>
public sealed class PagingAndPollingOptions
{
    public const string SectionName = "PurchaseList";

    /// <summary>Purchases per page, as many as Facing gives at most.</summary>
    [Range(1, PurchaseListQuery.MaxLimit)]
    public int PageSize { get; set; } = 20;

    /// <summary>How often the list asks again while a purchase is pending.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:01:00", ParseLimitsInInvariantCulture = true)]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How many times it asks before it says the purchase is still being stored.</summary>
    [Range(1, 1000)]
    public int PollAttempts { get; set; } = 30;
}
