namespace BuyList.Contracts;

/// <summary>HTTP header names of the purchase API (Facing's, and Management's for the cursor).</summary>
public static class PurchaseHttpHeaders
{
    /// <summary>On <c>POST /buy</c>: the client's key for one purchase; a retry with the same key is the same purchase.</summary>
    public const string IdempotencyKey = "Idempotency-Key";

    /// <summary>On a listing's answer: the <c>before</c> value of the next page; absent on the last page.</summary>
    public const string NextCursor = "X-Next-Cursor";
}
