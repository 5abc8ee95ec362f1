using System.Text;
using BuyList.Contracts;

namespace BuyList.Tests.Unit.Contracts;

/// <summary>What the strict reader refuses beyond the schema, which cannot see it.</summary>
public sealed class PurchaseJsonTests
{
    [Fact]
    public void A_repeated_member_is_refused_rather_than_the_last_one_winning()
    {
        var json = """{"id":"a1","id":"b2","username":"Ada","userid":"ada","price":1.5,"timestamp":"2026-11-25T10:00:00Z"}""";

        Assert.Throws<PurchaseContractException>(() => PurchaseJson.Deserialize(Encoding.UTF8.GetBytes(json)));
    }

    [Fact]
    public void The_same_document_without_the_repeat_is_read()
    {
        var json = """{"id":"b2","username":"Ada","userid":"ada","price":1.5,"timestamp":"2026-11-25T10:00:00Z"}""";

        Assert.Equal("b2", PurchaseJson.Deserialize(Encoding.UTF8.GetBytes(json)).Id);
    }
}
