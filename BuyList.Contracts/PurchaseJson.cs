namespace BuyList.Contracts;

/// <summary>
/// Strict JSON for the PurchaseRecorded event: unknown, missing and repeated members are errors, numbers must be JSON
/// numbers, so a message that does not meet the contract is refused rather than half-read.
/// </summary>
[JsonSourceGenerationOptions(
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    RespectNullableAnnotations = true,
    RespectRequiredConstructorParameters = true,
    NumberHandling = JsonNumberHandling.Strict,
    AllowDuplicateProperties = false)]
[JsonSerializable(typeof(Purchase))]
public sealed partial class PurchaseJsonContext : JsonSerializerContext;

public static class PurchaseJson
{
    public static byte[] Serialize(Purchase purchase) =>
        JsonSerializer.SerializeToUtf8Bytes(purchase, PurchaseJsonContext.Default.Purchase);

    /// <summary>Reads a v1 event and checks it against the contract's rules.</summary>
    /// <exception cref="PurchaseContractException">The bytes are not a valid v1 event.</exception>
    public static Purchase Deserialize(ReadOnlySpan<byte> utf8Json)
    {
        Purchase purchase;
        try
        {
            purchase = JsonSerializer.Deserialize(utf8Json, PurchaseJsonContext.Default.Purchase)
                ?? throw new PurchaseContractException("Not a PurchaseRecorded v1 document: null.");
        }
        catch (JsonException ex)
        {
            throw new PurchaseContractException($"Not a PurchaseRecorded v1 document: {ex.Message}", ex);
        }

        if (PurchaseRules.IsValidUsername(purchase.Username) && PurchaseRules.IsValidUserId(purchase.UserId)
            && PurchaseRules.IsValidPrice(purchase.Price) && PurchaseRules.IsValidId(purchase.Id))
        {
            return purchase;
        }

        // Only an event that breaks a rule pays for the messages naming each.
        var errors = PurchaseRules.Validate(purchase.Username, purchase.UserId, purchase.Price).Select(e => $"{e.Key}: {string.Join(", ", e.Value)}")
            .Concat(PurchaseRules.IsValidId(purchase.Id) ? [] : [$"id: {PurchaseRules.IdMessage}"]);
        throw new PurchaseContractException("PurchaseRecorded v1 breaks the contract: " + string.Join("; ", errors));
    }
}
