using Bunit;
using BuyList.Web.FacingApi;
using BuyList.Web.Listing;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace BuyList.Tests.Unit.Web;

/// <summary>A bUnit context with the page's services: a fake Facing, a clock the test moves, and the list's options.</summary>
public abstract class ComponentTest : BunitContext
{
    private protected ComponentTest()
    {
        Services.AddSingleton<IFacingClient>(Facing);
        Services.AddSingleton<TimeProvider>(Time);
        Services.AddSingleton(Options.Create(ListOptions));
        // As in the browser once the circuit is up; prerendering is covered by BuyFormTests.The_fields_carry_the_rules_as_html_hints_and_labels_and_the_prerendered_form_is_disabled_until_interactive.
        SetRendererInfo(new RendererInfo("Server", isInteractive: true));
    }

    private protected FakeFacingClient Facing { get; } = new();

    private protected FakeTimeProvider Time { get; } = new(new DateTimeOffset(2025, 11, 25, 14, 42, 10, TimeSpan.Zero));

    private protected PagingAndPollingOptions ListOptions { get; } = new();

    private protected static TimeZoneInfo Paris { get; } = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");

    private protected static TimeSpan Wait { get; } = TimeSpan.FromSeconds(10);

    /// <summary>What Facing answers when it refuses a request, one message per field.</summary>
    private protected static FacingRejectedException Refused(params (string Field, string Message)[] errors) =>
        new(errors.ToDictionary(e => e.Field, e => new[] { e.Message }, StringComparer.OrdinalIgnoreCase), "One or more validation errors occurred.");
}
