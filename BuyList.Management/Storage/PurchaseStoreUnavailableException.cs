namespace BuyList.Management.Storage;

/// <summary>The store could not be reached (a read failed for a reason worth retrying later).</summary>
public sealed class PurchaseStoreUnavailableException(string message, Exception inner) : Exception(message, inner);
