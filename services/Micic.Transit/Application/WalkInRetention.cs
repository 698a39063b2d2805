using Micic.Persistence.Privacy;
using Micic.Transit.Data;

namespace Micic.Transit.Application;

/// <summary>
/// A walk-in who reached the end of their journey here, with no request of theirs anywhere else, is known only to
/// Transit: their names and screening notes are erased here once the retention period has passed since their arrival.
/// Everyone else's are erased when Requests says their journey's period is over.
/// </summary>
public sealed class WalkInRetention(TransitStore store, PersonalDataAudit audit) : IPersonalDataEraser
{
    const int Batch = 200;

    public async Task<int> EraseDue(DateTimeOffset endedBefore, CancellationToken cancellationToken)
    {
        var erased = await store.EraseWalkInsArrivedBefore(endedBefore, Batch, cancellationToken);
        await audit.Erased(erased, cancellationToken);
        return erased.Count;
    }
}
