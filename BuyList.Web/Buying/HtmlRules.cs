namespace BuyList.Web.Buying;

/// <summary>
/// The browser's copy of the rules, as HTML attributes: hints for the keyboard and the :invalid style. The form is
/// <c>novalidate</c>, so the messages a person reads are always the shared ones from <see cref="PurchaseRules"/>.
/// </summary>
public static class HtmlRules
{
    /// <summary><see cref="PurchaseRules.UserIdPattern"/> as an HTML <c>pattern</c>: implicitly anchored, and with the
    /// hyphen escaped because browsers compile patterns with the <c>v</c> flag, which rejects a bare <c>-</c> in a class.</summary>
    public static readonly string UserIdPattern = Invariant($@"[A-Za-z0-9._@\-]{{1,{PurchaseRules.UserIdMaxLength}}}");

    /// <summary>
    /// The username's <c>maxlength</c>: browsers count UTF-16 code units, the rule code points (at most two units each),
    /// so every valid username fits and the shared rule has the last word.
    /// </summary>
    public const int UsernameMaxLength = 2 * PurchaseRules.UsernameMaxLength;

    /// <summary>The smallest price and the step between prices: one cent at <see cref="PurchaseRules.PriceDecimals"/> decimals.</summary>
    public static readonly string PriceStep = Invariant($"{1m / (decimal)Math.Pow(10, PurchaseRules.PriceDecimals)}");

    public static readonly string MaxPrice = Invariant($"{PurchaseRules.MaxPrice}");
}
