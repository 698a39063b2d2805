namespace Micic.ServiceDefaults.Http;

/// <summary>Every list's answer: <c>{items, page, pageSize, total}</c>.</summary>
public sealed record PagedList<T>(IReadOnlyList<T> Items, int Page, int PageSize, long Total);

/// <summary>Every list's <c>?page=1&amp;pageSize=50</c> (at most 500), checked once for every list.</summary>
public readonly record struct PageRequest(int Page, int PageSize)
{
    public const int DefaultSize = 50;
    public const int MaxSize = 500;

    public int Offset => (Page - 1) * PageSize;

    /// <summary>The page asked for, or the validation errors to answer with.</summary>
    public static (PageRequest Page, Dictionary<string, string[]> Errors) From(int? page, int? pageSize)
    {
        var errors = new Dictionary<string, string[]>();
        if (page is < 1)
            errors["page"] = ["Must be 1 or more."];
        if (pageSize is < 1 or > MaxSize)
            errors["pageSize"] = [$"Must be between 1 and {MaxSize}."];
        return (new PageRequest(page ?? 1, pageSize ?? DefaultSize), errors);
    }
}
