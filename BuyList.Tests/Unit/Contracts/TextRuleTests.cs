using BuyList.Contracts;

namespace BuyList.Tests.Unit.Contracts;

/// <summary>
/// Free text (a username) is text a person typed: every class of code point that is not is refused, and every script,
/// combining mark, emoji and joiner sequence is kept. The same rule serves Facing, the page and the event contract.
/// </summary>
public sealed class TextRuleTests
{
    /// <summary>
    /// A case name and a username made of escapes, so that the test's source shows what each one holds. Enumerated
    /// when the tests run, not at discovery: serialising the rows would turn a lone surrogate into U+FFFD.
    /// </summary>
    public static TheoryData<string, string> NotText => new()
    {
        { "NUL (C0)", "Ada\u0000" },
        { "a tab (C0)", "Ada\tLovelace" },
        { "a newline (C0)", "Ada\nLovelace" },
        { "an escape (C0, terminal colours)", "\u001B[31mAda" },
        { "U+001F (last C0)", "Ada\u001F" },
        { "DEL", "Ada\u007F" },
        { "U+0080 (first C1)", "Ada\u0080" },
        { "U+0085 (next line, C1)", "Ada\u0085Lovelace" },
        { "U+009F (last C1)", "Ada\u009F" },
        { "an unpaired high surrogate", "Ada\uD800" },
        { "an unpaired low surrogate", "\uDC00Ada" },
        { "a high surrogate before a letter", "\uD83DAda" },
        { "surrogates in the wrong order", "Ada\uDE00\uD83D" },
        { "left-to-right embedding U+202A", "\u202AAda" },
        { "right-to-left override U+202E", "Ada\u202Eevil.exe" },
        { "left-to-right isolate U+2066", "\u2066Ada" },
        { "pop directional isolate U+2069", "Ada\u2069" },
        { "noncharacter U+FFFE", "Ada\uFFFE" },
        { "noncharacter U+FFFF", "Ada\uFFFF" },
        { "noncharacter U+FDD0", "Ada\uFDD0" },
        { "noncharacter U+1FFFF", "Ada\uD83F\uDFFF" },
        { "blank: spaces", "   " },
        { "blank: no-break space", "\u00A0" },
        { "blank: ideographic space", "\u3000" },
    };

    public static TheoryData<string, string> Text => new()
    {
        { "Latin with accents", "Zoë Ñúñez" },
        { "Greek", "Ἀριστοτέλης" },
        { "Cyrillic", "Пётр Ильич" },
        { "Han", "李小龍" },
        { "Arabic (right to left, no override)", "أحمد" },
        { "Hebrew", "דוד" },
        { "Devanagari with combining marks", "देवनागरी" },
        { "a combining acute accent", "Zoe\u0301" },
        { "Hangul", "김민준" },
        { "Thai", "สมชาย" },
        { "an emoji outside the BMP", "Ada 🎉" },
        { "a ZWJ family sequence", "👨‍👩‍👧" },
        { "a flag (regional indicators)", "🇫🇷 Ada" },
        { "a skin-tone modifier", "👋🏽" },
        { "a zero-width non-joiner (Persian)", "می\u200Cخواهم" },
        { "a left-to-right mark (not an override)", "Ada\u200E" },
        { "padded with spaces", " Ada " },
        { "punctuation", "O'Brien-Smith, Jr." },
    };

    [Theory]
    [MemberData(nameof(NotText), DisableDiscoveryEnumeration = true)]
    public void Text_that_is_not_text_is_refused_naming_the_username(string @case, string username)
    {
        Assert.False(PurchaseRules.IsValidUsername(username), @case);
        var errors = PurchaseRules.Validate(username, "ada-1", 10m);
        Assert.Equal([PurchaseRules.UsernameMessage], errors["username"]);
    }

    [Theory]
    [MemberData(nameof(Text), DisableDiscoveryEnumeration = true)]
    public void Text_of_every_script_with_marks_and_emoji_is_valid(string @case, string username)
    {
        Assert.True(PurchaseRules.IsValidUsername(username), @case);
        Assert.Empty(PurchaseRules.Validate(username, "ada-1", 10m));
    }
}
