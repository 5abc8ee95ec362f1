using BuyList.Web.FacingApi;

namespace BuyList.Web.Listing;

/// <summary>Reading pages: the newest page of a user, the next one on "Load more", and what a failure shows.</summary>
public sealed partial class PurchaseList
{
    private string? _nextCursor;
    private bool _loading;
    private Func<Task>? _retry;

    /// <summary>Counts the users shown, so that an answer for one no longer shown is dropped.</summary>
    private int _view;

    private int PageSize => Options.Value.PageSize;

    private Task ShowAsync() => LoadFirstPageAsync(_query.UserId!);

    private Task RetryAsync() => _retry?.Invoke() ?? Task.CompletedTask;

    private Task CheckAgainAsync() => _shownUserId is { } userId ? LoadFirstPageAsync(userId) : Task.CompletedTask;

    private async Task LoadFirstPageAsync(string userId)
    {
        var view = ++_view;
        StopPolling();
        _shownUserId = userId;
        _items = [];
        _nextCursor = null;
        _retry = () => LoadFirstPageAsync(userId);
        await LoadAsync(view, userId, before: null);
        // Even when this load failed: the rounds go on, so the list fills in by itself once the service is back.
        if (view == _view && PendingShown().Count > 0)
        {
            StartPolling();
        }
    }

    private async Task LoadMoreAsync()
    {
        if (_shownUserId is not { } userId || _nextCursor is not { } cursor || _loading)
        {
            return;
        }

        _retry = LoadMoreAsync;
        await LoadAsync(_view, userId, cursor);
    }

    private async Task LoadAsync(int view, string userId, string? before)
    {
        _loading = true;
        _problem = null;
        try
        {
            var page = await Facing.GetPurchasesAsync(userId, PageSize, before);
            if (view != _view)
            {
                return; // the person has asked for another user meanwhile
            }

            _items = before is null ? [.. page.Purchases] : [.. _items, .. page.Purchases.Where(p => !_items.Exists(i => i.Id == p.Id))];
            _nextCursor = page.NextCursor;
            _pending.DropListed(_items);
        }
        catch (FacingRejectedException ex) when (view == _view && ex.Errors.TryGetValue("userid", out var messages))
        {
            _facingErrors.Add(_queryContext.Field(nameof(PurchaseQuery.UserId)), messages);
            _queryContext.NotifyValidationStateChanged();
            _shownUserId = null;
        }
        catch (FacingRejectedException) when (view == _view)
        {
            // A refused cursor or page size: nothing the person typed is wrong, so starting over is the way out.
            _problem = "These purchases cannot be loaded. Try again to start from the newest.";
            _retry = () => LoadFirstPageAsync(userId);
        }
        catch (FacingUnavailableException) when (view == _view)
        {
            _problem = "Purchases cannot be loaded right now: the purchase service is not answering. Try again in a moment.";
        }
        finally
        {
            if (view == _view)
            {
                _loading = false;
            }
        }
    }
}
