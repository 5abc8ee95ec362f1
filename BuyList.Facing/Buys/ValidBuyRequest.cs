namespace BuyList.Facing.Buys;

/// <summary>A purchase request that passed every check.</summary>
internal sealed record ValidBuyRequest(string Username, string UserId, decimal Price, string? IdempotencyKey);
