using BuyList.Management.Storage;

namespace BuyList.Tests.Unit.Management;

public sealed class PurchaseCursorTests
{
    [Fact]
    public void Cursor_survives_a_round_trip()
    {
        var cursor = new PurchaseCursor(new DateTime(2025, 3, 4, 10, 30, 15, 123, DateTimeKind.Utc), "0f8fad5b-d9cb-469f-a165-70867728950e");

        var token = cursor.Encode();

        Assert.True(PurchaseCursor.TryDecode(token, out var decoded));
        Assert.Equal(cursor, decoded);
        Assert.Equal(DateTimeKind.Utc, decoded.Value.Timestamp.Kind);
        Assert.DoesNotContain('=', token);
        Assert.DoesNotContain('+', token);
        Assert.DoesNotContain('/', token);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not a cursor")]
    [InlineData("AAAAAAAAAAA")] // eight zero bytes and a bit: no id
    [InlineData("AAAAAAAAAAA=")] // padding
    [InlineData("gAAAAAAAAABhYmM")] // negative ticks
    [InlineData("AAAAAAAAAAAg")] // the id is a space
    [InlineData("AAAAAAAAAAD_")] // the id is not UTF-8
    public void Garbage_is_not_a_cursor(string token)
    {
        Assert.False(PurchaseCursor.TryDecode(token, out _));
    }

    [Fact]
    public void Another_encoding_of_the_same_bytes_is_refused()
    {
        var token = new PurchaseCursor(new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc), "abc").Encode();
        // The last character carries unused low bits; setting one decodes to the same bytes.
        var last = token[^1];
        var sibling = token[..^1] + (char)(last + 1);

        Assert.False(PurchaseCursor.TryDecode(sibling, out _));
        Assert.False(PurchaseCursor.TryDecode(token + "A", out _));
    }

    [Fact]
    public void Overlong_tokens_are_refused_before_decoding()
    {
        Assert.False(PurchaseCursor.TryDecode(new string('A', 200), out _));
    }
}
