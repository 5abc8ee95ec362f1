namespace BuyList.Management.Storage;

/// <summary>
/// The store holds something that conflicts with what this version needs (e.g. an index of the same name with other
/// keys): retrying cannot help, an operator has to resolve it.
/// </summary>
public sealed class PurchaseStoreSetupException(string message, Exception inner) : Exception(message, inner);
