using System.ComponentModel.DataAnnotations;
using BuyList.Contracts;

namespace BuyList.Web.Purchases;

/// <summary>What the Buy form edits; its rules are <see cref="PurchaseRules"/>, the ones Facing enforces.</summary>
public sealed class PurchaseForm
{
    [ValidUsername]
    public string? Username { get; set; }

    [ValidUserId]
    public string? UserId { get; set; }

    [ValidPrice]
    public decimal? Price { get; set; }

    /// <summary>The form field that shows an error Facing reported under <paramref name="facingField"/>; null for errors about the request as a whole.</summary>
    public static string? FieldFor(string facingField) => facingField.ToLowerInvariant() switch
    {
        "username" => nameof(Username),
        "userid" => nameof(UserId),
        "price" => nameof(Price),
        _ => null,
    };
}

/// <summary>What the list's user id box edits.</summary>
public sealed class PurchaseQuery
{
    [ValidUserId]
    public string? UserId { get; set; }
}

/// <summary>
/// The browser's copy of the rules, as HTML attributes: hints for the keyboard and the :invalid style. The form is
/// <c>novalidate</c>, so the messages a person reads are always the shared ones from <see cref="PurchaseRules"/>.
/// </summary>
public static class HtmlRules
{
    /// <summary><see cref="PurchaseRules.UserIdPattern"/> as an HTML <c>pattern</c>: implicitly anchored, and with the
    /// hyphen escaped because browsers compile patterns with the <c>v</c> flag, which rejects a bare <c>-</c> in a class.</summary>
    public const string UserIdPattern = @"[A-Za-z0-9._@\-]{1,64}";

    public const string MinPrice = "0.01";
    public const string MaxPrice = "1000000";
    public const string PriceStep = "0.01";
}

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
