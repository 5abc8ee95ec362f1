namespace BuyList.Web.Buying;

/// <summary>What the Buy form edits; its rules are <see cref="PurchaseRules"/>, the ones Facing enforces.</summary>
public sealed class PurchaseForm
{
    [ValidUsername]
    public string? Username { get; set; }

    [ValidUserId]
    public string? UserId { get; set; }

    [ValidPrice]
    public decimal? Price { get; set; }

    /// <summary>The form field that shows an error Facing reported under <paramref name="facingField"/> (the same name in
    /// any case); null for errors about the request as a whole.</summary>
    public static string? FieldFor(string facingField) =>
        Array.Find([nameof(Username), nameof(UserId), nameof(Price)], name => name.Equals(facingField, StringComparison.OrdinalIgnoreCase));
}
