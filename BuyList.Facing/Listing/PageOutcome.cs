namespace BuyList.Facing.Listing;

/// <summary>How a page request to Management ended.</summary>
public enum PageOutcome
{
    Found,

    /// <summary>Management refused the <c>before</c> cursor.</summary>
    CursorRejected,

    /// <summary>Management is down, slow (past the resilience handler's total timeout) or answered nonsense.</summary>
    Unavailable,
}
