namespace BuyList.Web.Buying;

// The form's checks, one per rule of PurchaseRules and with its message: kept together as the three are one family.

public sealed class ValidUsernameAttribute() : ValidationAttribute(PurchaseRules.UsernameMessage)
{
    public override bool IsValid(object? value) => PurchaseRules.IsValidUsername(value as string);
}

public sealed class ValidUserIdAttribute() : ValidationAttribute(PurchaseRules.UserIdMessage)
{
    public override bool IsValid(object? value) => PurchaseRules.IsValidUserId(value as string);
}

public sealed class ValidPriceAttribute() : ValidationAttribute(PurchaseRules.PriceMessage)
{
    public override bool IsValid(object? value) => value is decimal price && PurchaseRules.IsValidPrice(price);
}
