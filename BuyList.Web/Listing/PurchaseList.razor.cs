using BuyList.Contracts;
using BuyList.Web.Display;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;

namespace BuyList.Web.Listing;

/// <summary>
/// A user's purchases, newest first: the state and what the markup shows. Reading pages is in
/// <c>PurchaseList.Paging.cs</c>, waiting for a purchase just made to be stored in <c>PurchaseList.Polling.cs</c>, the
/// rows of such purchases in <see cref="PendingPurchases"/>.
/// </summary>
public sealed partial class PurchaseList : IDisposable
{
    private readonly PurchaseQuery _query = new();
    private readonly PendingPurchases _pending = new();
    private EditContext _queryContext = default!;
    private ValidationMessageStore _facingErrors = default!;
    private List<Purchase> _items = [];
    private string? _shownUserId;
    private string? _lastBoughtId;
    private string? _problem;

    /// <summary>Where local times are shown.</summary>
    [Parameter]
    public TimeZoneInfo TimeZone { get; set; } = TimeZoneInfo.Utc;

    /// <summary>A purchase Facing has just accepted: its user's list is shown, with it marked pending until Management has stored it.</summary>
    [Parameter]
    public Purchase? JustBought { get; set; }

    private string ZoneLabel => TimeZone == TimeZoneInfo.Utc ? "UTC" : TimeZone.Id.Replace('_', ' ');

    public void Dispose() => StopPolling();

    protected override void OnInitialized()
    {
        _queryContext = new EditContext(_query);
        _facingErrors = new ValidationMessageStore(_queryContext);
        _queryContext.OnValidationRequested += (_, _) => _facingErrors.Clear();
        _queryContext.OnFieldChanged += (_, e) => _facingErrors.Clear(e.FieldIdentifier);
    }

    protected override async Task OnParametersSetAsync()
    {
        if (JustBought is not { } bought || bought.Id == _lastBoughtId)
        {
            return;
        }

        _lastBoughtId = bought.Id;
        _pending.Add(bought);
        _query.UserId = bought.UserId;
        _facingErrors.Clear();
        if (bought.UserId == _shownUserId && !_loading)
        {
            StartPolling();
        }
        else
        {
            await OwnTrace.Start(() => LoadFirstPageAsync(bought.UserId));
        }
    }

    private List<Purchase> PendingShown() => _pending.Of(_shownUserId);

    private string Summary()
    {
        if (_loading && _items.Count == 0)
        {
            return $"Loading purchases of {_shownUserId}…";
        }

        var total = Formatting.Money(_items.Sum(p => p.Price));
        var text = _nextCursor is null
            ? $"{Formatting.Count(_items.Count, "purchase")} · {total} spent"
            : $"{Formatting.Count(_items.Count, "purchase")} loaded · {total} spent so far · more below";
        var pending = PendingShown().Count;
        return pending > 0 ? $"{text} · {pending} pending" : text;
    }
}
