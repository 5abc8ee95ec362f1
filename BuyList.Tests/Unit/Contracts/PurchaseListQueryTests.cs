using BuyList.Contracts;

namespace BuyList.Tests.Unit.Contracts;

/// <summary>The listing query both APIs read (Facing's <c>GET /getAllUserBuys/{userid}</c>, Management's <c>GET /purchases/{userid}</c>).</summary>
public sealed class PurchaseListQueryTests
{
    /// <summary>Merges "a limit from 1 to 500 is taken", "none is the default size" and "a limit that is not a whole number in range is refused" (null: refused).</summary>
    [Theory]
    [InlineData(null, PurchaseListQuery.DefaultLimit)]
    [InlineData("1", 1)]
    [InlineData("500", 500)]
    [InlineData("0", null)]
    [InlineData("-1", null)]
    [InlineData("+5", null)]
    [InlineData("1.0", null)]
    [InlineData(" 5", null)]
    [InlineData("ten", null)]
    public void A_limit_from_1_to_500_is_taken_none_is_the_default_and_anything_else_is_refused(string? limit, int? taken)
    {
        Assert.Equal(taken is not null, PurchaseListQuery.TryParse("u1", limit, "cursor", out var query, out var errors));
        Assert.Equal(taken is null ? new[] { "limit" } : [], errors.Keys);
        Assert.Equal(taken is null ? null : new PurchaseListQuery("u1", taken.Value, "cursor"), query);
    }

    [Fact]
    public void Every_bad_value_is_named_with_its_message()
    {
        Assert.False(PurchaseListQuery.TryParse("not valid", "501", "", out var query, out var errors));

        Assert.Null(query);
        Assert.Equal([PurchaseRules.UserIdMessage], errors["userid"]);
        Assert.Equal([PurchaseListQuery.LimitMessage], errors["limit"]);
        Assert.Equal([PurchaseListQuery.CursorMessage], errors["before"]);
        Assert.Contains($"1 to {PurchaseListQuery.MaxLimit}", PurchaseListQuery.LimitMessage, StringComparison.Ordinal);
    }

    /// <summary>Merges "a cursor longer than any cursor made is refused" with "a cursor its maker does not know is refused with the other bad values".</summary>
    [Fact]
    public void A_cursor_longer_than_any_made_or_one_its_maker_does_not_know_is_refused_with_the_other_bad_values()
    {
        Assert.True(PurchaseListQuery.TryParse("u1", null, new string('a', PurchaseListQuery.MaxCursorLength), out _, out _));
        Assert.False(PurchaseListQuery.TryParse("u1", null, new string('a', PurchaseListQuery.MaxCursorLength + 1), out _, out var errors));
        Assert.Equal(["before"], errors.Keys);

        Assert.False(PurchaseListQuery.TryParse("u1", "0", "forged", out _, out errors, isCursor: c => c == "real"));
        Assert.Equal(["before", "limit"], errors.Keys.Order());

        Assert.True(PurchaseListQuery.TryParse("u1", null, "real", out var query, out _, isCursor: c => c == "real"));
        Assert.Equal("real", query.Before);
    }
}
