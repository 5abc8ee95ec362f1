using System.Diagnostics.CodeAnalysis;

namespace BuyList.Facing.Buys;

/// <summary>Either the request to act on or the problem to answer.</summary>
internal sealed record BuyRequestResult(ValidBuyRequest? Request, HttpValidationProblemDetails? Problem)
{
    [MemberNotNullWhen(true, nameof(Request))]
    [MemberNotNullWhen(false, nameof(Problem))]
    public bool IsValid => Request is not null;
}
