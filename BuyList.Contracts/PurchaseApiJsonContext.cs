namespace BuyList.Contracts;

/// <summary>The HTTP contract's types in ASP.NET Core's web JSON defaults, for the services and their clients.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(BuyRequest))]
[JsonSerializable(typeof(PurchaseCreated))]
[JsonSerializable(typeof(IReadOnlyList<Purchase>))]
[JsonSerializable(typeof(List<Purchase>))]
public sealed partial class PurchaseApiJsonContext : JsonSerializerContext;
