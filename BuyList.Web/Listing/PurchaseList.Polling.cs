using BuyList.Web.FacingApi;

namespace BuyList.Web.Listing;

/// <summary>
/// Waiting for purchases just made: the newest page is read again every <c>PollInterval</c> until Management has
/// stored every pending purchase of the shown user, or <c>PollAttempts</c> rounds have passed.
/// </summary>
public sealed partial class PurchaseList
{
    private CancellationTokenSource? _polling;
    private bool _pollGaveUp;

    private void StartPolling()
    {
        StopPolling();
        var polling = _polling = new CancellationTokenSource();
        _ = OwnTrace.Start(() => PollAsync(_view, _shownUserId!, polling.Token));
    }

    private void StopPolling()
    {
        _pollGaveUp = false;
        _polling?.Cancel();
        _polling?.Dispose();
        _polling = null;
    }

    /// <summary>Asks for the newest page until every pending purchase of the shown user is stored, within a bound.</summary>
    private async Task PollAsync(int view, string userId, CancellationToken cancellationToken)
    {
        try
        {
            var options = Options.Value;
            for (var attempt = 0; attempt < options.PollAttempts && PendingShown().Count > 0; attempt++)
            {
                await Task.Delay(options.PollInterval, Time, cancellationToken);
                try
                {
                    var page = await Facing.GetPurchasesAsync(userId, PageSize, before: null, cancellationToken);
                    if (view != _view || cancellationToken.IsCancellationRequested)
                    {
                        return;
                    }

                    // The newest page goes on top; older rows already loaded (and their cursor) stay as they are.
                    var fresh = page.Purchases.Select(p => p.Id).ToHashSet();
                    _items = [.. page.Purchases, .. _items.Where(p => !fresh.Contains(p.Id))];
                    if (_items.Count == page.Purchases.Count)
                    {
                        _nextCursor = page.NextCursor;
                    }

                    _pending.DropListed(_items);
                    _problem = null;
                }
                catch (FacingException)
                {
                    // Still pending, as the row says; the next round asks again.
                }

                await InvokeAsync(StateHasChanged);
            }

            if (view == _view && PendingShown().Count > 0)
            {
                _pollGaveUp = true;
                await InvokeAsync(StateHasChanged);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Another user is shown, or the page has closed.
        }
        catch (Exception ex)
        {
            await DispatchExceptionAsync(ex);
        }
    }
}
