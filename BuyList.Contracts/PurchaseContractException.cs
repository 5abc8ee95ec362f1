namespace BuyList.Contracts;

/// <summary>A message is not a valid PurchaseRecorded v1 event.</summary>
public sealed class PurchaseContractException(string message, Exception? inner = null) : Exception(message, inner);
