using BuyList.Contracts;

namespace BuyList.Tests.Unit.Contracts;

/// <summary>Contracts is the part every service may use; so that it stays that, it uses none of them.</summary>
public sealed class ContractsDependencyTests
{
    [Fact]
    public void Contracts_references_no_other_BuyList_project() =>
        Assert.DoesNotContain(typeof(Purchase).Assembly.GetReferencedAssemblies(),
            a => a.Name!.StartsWith("BuyList.", StringComparison.Ordinal));
}
