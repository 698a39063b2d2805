using Micic.Contracts;

namespace Micic.Dashboard.Domain;

/// <summary>One group's journey as the events tell it: ids, counts, flags and times, never a person.</summary>
public sealed class GroupJourney(Guid requestId)
{
    public Guid RequestId { get; } = requestId;

    /// <summary>False until the group's own <see cref="EvacuationRequested"/> is read (a status change can come first).</summary>
    public bool Requested { get; private set; }

    public string CrisisId { get; private set; } = "";
    public string PickupPlace { get; private set; } = "";
    public string DestinationCountry { get; private set; } = "";
    public bool AcceptsThirdCountry { get; private set; }

    /// <summary>The flags of the group's needs as it asked: what decides the offers it may take.</summary>
    public Needs Needs { get; private set; }

    public DateTimeOffset SubmittedAt { get; private set; }
    public int GroupSizeAtRequest { get; private set; }
    public Guid? SplitFromRequestId { get; private set; }
    public Guid? OnwardFromRequestId { get; private set; }

    /// <summary>Whether the group agreed that consulates see it: a consulate's report counts its nationals only where it did.</summary>
    public bool SharedWithConsulates { get; private set; }

    /// <summary>People of each nationality in the group now: a passenger split off at boarding counts on their own request.</summary>
    public Dictionary<string, int> Nationalities { get; } = new(StringComparer.Ordinal);

    public string NeedLevel { get; private set; } = "none";
    public int NeedWeight { get; private set; }
    public string Status { get; private set; } = RequestStatus.Submitted;

    /// <summary>The sequence of the status change <see cref="Status"/> comes from: a later one read earlier is not undone.</summary>
    public int StatusSequence { get; private set; }

    public DateTimeOffset? MatchedAt { get; private set; }

    /// <summary>The offer of the first match, when the status change named it.</summary>
    public Guid? MatchedOn { get; private set; }
    public DateTimeOffset? DepartedAt { get; private set; }
    public Guid? DepartedOn { get; private set; }
    public DateTimeOffset? CompletedAt { get; private set; }

    /// <summary>Passengers who did not board and were split off from this group.</summary>
    public int SplitOff { get; set; }

    readonly SortedDictionary<int, StatusStep> _steps = [];

    /// <summary>
    /// Every match and every return to waiting, in the order matching made them (by sequence): how long a group released
    /// from a withdrawn offer waited to be matched again.
    /// </summary>
    public IReadOnlyCollection<StatusStep> Steps => _steps.Values;

    public int People => Nationalities.Values.Sum();

    public bool IsVulnerable => NeedWeight > 0;

    public bool IsWaiting => Status is RequestStatus.Submitted or RequestStatus.Pending;

    /// <summary>Everyone, for the whole operation; a consulate's nationals, for its report, where the group agreed to sharing.</summary>
    public int PeopleOf(IReadOnlySet<string>? nationalities) =>
        nationalities is null ? People
        : SharedWithConsulates ? Nationalities.Where(n => nationalities.Contains(n.Key)).Sum(n => n.Value)
        : 0;

    /// <summary>The nationality most of the group hold (the first in order on a tie): how the group counts in the fairness test.</summary>
    public string MainNationality => Nationalities.Where(n => n.Value > 0).OrderByDescending(n => n.Value).ThenBy(n => n.Key, StringComparer.Ordinal)
        .Select(n => n.Key).FirstOrDefault() ?? "";

    public void Record(EvacuationRequested requested)
    {
        Requested = true;
        CrisisId = requested.CrisisId;
        PickupPlace = requested.PickupPlace;
        DestinationCountry = requested.DestinationCountry;
        AcceptsThirdCountry = requested.AcceptsThirdCountry;
        Needs = requested.Needs;
        SubmittedAt = requested.SubmittedAt;
        GroupSizeAtRequest = requested.GroupSize;
        SplitFromRequestId = requested.SplitFromRequestId;
        OnwardFromRequestId = requested.OnwardFromRequestId;
        SharedWithConsulates = requested.ConsentToShareWithConsulate == true;
        foreach (var count in requested.Nationalities)
            Nationalities[count.Nationality] = Nationalities.GetValueOrDefault(count.Nationality) + count.People;
    }

    /// <summary>The first match, departure and arrival count, whatever came after (a no-show, a release, another match).</summary>
    public void Record(EvacuationStatusChanged change)
    {
        if (change.NeedLevel is { } level)
            (NeedLevel, NeedWeight) = (level, change.NeedWeight);
        if (change.Sequence > StatusSequence)
            (Status, StatusSequence) = (change.Status, change.Sequence);
        switch (change.Status)
        {
            case RequestStatus.Matched when MatchedAt is null || change.At < MatchedAt:
                (MatchedAt, MatchedOn) = (change.At, change.OfferId);
                break;
            case RequestStatus.Departed when DepartedAt is null || change.At < DepartedAt:
                (DepartedAt, DepartedOn) = (change.At, change.OfferId);
                break;
            case RequestStatus.Completed when CompletedAt is null || change.At < CompletedAt:
                CompletedAt = change.At;
                break;
        }
        if (change.Status is RequestStatus.Matched or RequestStatus.Pending)
            _steps[change.Sequence] = new StatusStep(change.Sequence, change.Status, change.At, change.OfferId);
    }

    public GroupJourneyFacts Facts() => new(
        RequestId, Requested, CrisisId, PickupPlace, DestinationCountry, SubmittedAt, GroupSizeAtRequest, SplitFromRequestId, OnwardFromRequestId,
        SharedWithConsulates, new Dictionary<string, int>(Nationalities, StringComparer.Ordinal), NeedLevel, NeedWeight, Status, StatusSequence,
        MatchedAt, DepartedAt, DepartedOn, CompletedAt, SplitOff, AcceptsThirdCountry, Needs, MatchedOn, [.. _steps.Values]);

    public static GroupJourney From(GroupJourneyFacts facts)
    {
        var group = new GroupJourney(facts.RequestId)
        {
            Requested = facts.Requested, CrisisId = facts.CrisisId, PickupPlace = facts.PickupPlace, DestinationCountry = facts.DestinationCountry,
            SubmittedAt = facts.SubmittedAt, GroupSizeAtRequest = facts.GroupSizeAtRequest, SplitFromRequestId = facts.SplitFromRequestId,
            OnwardFromRequestId = facts.OnwardFromRequestId, SharedWithConsulates = facts.SharedWithConsulates, NeedLevel = facts.NeedLevel,
            NeedWeight = facts.NeedWeight, Status = facts.Status, StatusSequence = facts.StatusSequence, MatchedAt = facts.MatchedAt,
            DepartedAt = facts.DepartedAt, DepartedOn = facts.DepartedOn, CompletedAt = facts.CompletedAt, SplitOff = facts.SplitOff,
            AcceptsThirdCountry = facts.AcceptsThirdCountry, Needs = facts.Needs, MatchedOn = facts.MatchedOn,
        };
        foreach (var (nationality, people) in facts.Nationalities)
            group.Nationalities[nationality] = people;
        foreach (var step in facts.Steps ?? [])
            group._steps[step.Sequence] = step;
        return group;
    }

    /// <summary>A passenger of this group did not board and now travels on their own request.</summary>
    public void Lose(IReadOnlyList<NationalityCount> people)
    {
        SplitOff += people.Sum(p => p.People);
        foreach (var count in people)
            Nationalities[count.Nationality] = Math.Max(0, Nationalities.GetValueOrDefault(count.Nationality) - count.People);
    }
}

/// <summary>A group's journey as plain data: what a <see cref="CrisisHistoryCheckpoint"/> keeps of it.</summary>
public sealed record GroupJourneyFacts(
    Guid RequestId, bool Requested, string CrisisId, string PickupPlace, string DestinationCountry, DateTimeOffset SubmittedAt, int GroupSizeAtRequest,
    Guid? SplitFromRequestId, Guid? OnwardFromRequestId, bool SharedWithConsulates, Dictionary<string, int> Nationalities, string NeedLevel,
    int NeedWeight, string Status, int StatusSequence, DateTimeOffset? MatchedAt, DateTimeOffset? DepartedAt, Guid? DepartedOn,
    DateTimeOffset? CompletedAt, int SplitOff, bool AcceptsThirdCountry = false, Needs Needs = Needs.None, Guid? MatchedOn = null,
    IReadOnlyList<StatusStep>? Steps = null);

/// <summary>A match (with the offer) or a return to waiting, as matching numbered it.</summary>
public sealed record StatusStep(int Sequence, string Status, DateTimeOffset At, Guid? OfferId);

public sealed record OfferRecord(Guid OfferId, string CrisisId)
{
    public int Seats { get; set; }
    public string Status { get; set; } = OfferStatus.Open;
    public long Version { get; set; } = -1;

    /// <summary>The offer's terms as published, with the most seats it ever had: which groups could take its seats.</summary>
    public SeatOffer? Terms { get; set; }
}

/// <summary>A movement that left: for which site (<see cref="ToPlace"/>) with which groups on board, to reconcile its arrivals.</summary>
public sealed record MovementRecord(Guid ManifestId, Guid OfferId, int Passengers, DateTimeOffset DepartedAt, string ToPlace = "",
    IReadOnlyList<Guid>? RequestIds = null);

/// <summary>An arrival as the reports need it: whose request, the crisis a walk-in was recorded under, who and where.</summary>
public sealed record ArrivalRecord(Guid ArrivalId, Guid? RequestId, string? CrisisId, string SiteCode = "", Guid PersonId = default);

public sealed record ReferralRecord(Guid ReferralId, Guid ArrivalId, string Service)
{
    public string Status { get; set; } = "";
    public DateTimeOffset At { get; set; } = DateTimeOffset.MinValue;

    /// <summary>When a partner had to accept it by.</summary>
    public DateTimeOffset DueBy { get; set; }

    /// <summary>A child-protection referral of an unaccompanied or separated child (a best-interest assessment).</summary>
    public bool BestInterestAssessment { get; set; }

    /// <summary>When a partner first accepted it.</summary>
    public DateTimeOffset? AcceptedAt { get; set; }
}

/// <summary>A registered household asked "are you safe?" in a crisis: when it was first asked, how often, and when it first answered.</summary>
public sealed record CheckInRecord(string CrisisId, Guid RegistrationId)
{
    public DateTimeOffset? AskedAt { get; set; }
    public int Attempts { get; set; }
    public DateTimeOffset? AnsweredAt { get; set; }
}

/// <summary>A feedback item as the report counts it: its category and times, never its words.</summary>
public sealed record FeedbackRecord(Guid FeedbackId)
{
    public string? CrisisId { get; set; }
    public Guid? RequestId { get; set; }
    public string? Category { get; set; }
    public DateTimeOffset? ReceivedAt { get; set; }
    public DateTimeOffset? AnsweredAt { get; set; }
}

/// <summary>A fund's name and currency, for the report's lines by fund.</summary>
public sealed record FundName(Guid FundId, string Name, string Currency, DateTimeOffset At);

/// <summary>
/// What a <see cref="CrisisHistory"/> has folded, as plain data, so that the fold can be kept and taken up again where
/// it stopped instead of reading the whole history once more.
/// </summary>
public sealed record CrisisHistoryCheckpoint(
    IReadOnlyList<GroupJourneyFacts> Groups, IReadOnlyList<OfferRecord> Offers, IReadOnlyDictionary<Guid, OfferCapacity> CapacityBeforeOffer,
    IReadOnlyList<MovementRecord> Movements, IReadOnlyDictionary<Guid, int> Missing, IReadOnlyList<ArrivalRecord> Arrivals,
    IReadOnlyList<ReferralRecord> Referrals, IReadOnlyList<Guid> Overdue, IReadOnlyList<FeedbackRecord>? Feedback = null,
    IReadOnlyList<CheckInRecord>? CheckIns = null, IReadOnlyList<MovementCharged>? MovementCharges = null,
    IReadOnlyList<FundCharged>? FundCharges = null, IReadOnlyList<ClaimApproved>? ClaimsApproved = null, IReadOnlyList<FundName>? Funds = null)
{
    /// <summary>
    /// Which fold a checkpoint was made by: raise it whenever <see cref="CrisisHistory"/> keeps something new or keeps it
    /// differently, so that a checkpoint of the old fold is folded again from the start rather than read wrongly.
    /// </summary>
    public const int FoldVersion = 5;
}

/// <summary>
/// Everything the dashboard's event history says about the crises, folded in the order it was received. Events can
/// arrive out of order (a status change before its request): each fact is kept by what it says, not by when it came.
/// </summary>
public sealed class CrisisHistory
{
    readonly Dictionary<Guid, GroupJourney> _groups = [];
    readonly Dictionary<Guid, OfferRecord> _offers = [];
    readonly Dictionary<Guid, OfferCapacity> _capacityBeforeOffer = [];
    readonly Dictionary<Guid, MovementRecord> _movements = [];
    readonly Dictionary<Guid, int> _missing = [];
    readonly Dictionary<Guid, ArrivalRecord> _arrivals = [];
    readonly Dictionary<Guid, ReferralRecord> _referrals = [];
    readonly HashSet<Guid> _overdue = [];
    readonly Dictionary<Guid, FeedbackRecord> _feedback = [];
    readonly Dictionary<(string CrisisId, Guid RegistrationId), CheckInRecord> _checkIns = [];
    readonly Dictionary<Guid, MovementCharged> _movementCharges = [];
    readonly Dictionary<Guid, FundCharged> _fundCharges = [];
    readonly Dictionary<Guid, ClaimApproved> _claimsApproved = [];
    readonly Dictionary<Guid, FundName> _funds = [];

    public void Add(object message)
    {
        switch (message)
        {
            case EvacuationRequested requested:
                Group(requested.RequestId).Record(requested);
                if (requested.SplitFromRequestId is { } origin)
                    Group(origin).Lose(requested.Nationalities);
                break;
            case EvacuationStatusChanged change:
                Group(change.RequestId).Record(change);
                break;
            case OfferPublished published:
                _offers[published.OfferId] = new OfferRecord(published.OfferId, published.CrisisId) { Terms = SeatOffer.Of(published) };
                Capacity(published.OfferId, published.Capacity);
                if (_capacityBeforeOffer.Remove(published.OfferId, out var earlier))
                    Capacity(published.OfferId, earlier);
                break;
            case OfferCapacityChanged changed:
                Capacity(changed.OfferId, changed.Capacity);
                break;
            case OfferWithdrawn withdrawn:
                Capacity(withdrawn.OfferId, withdrawn.Capacity);
                break;
            case SeatsHeld held:
                Capacity(held.OfferId, held.Capacity);
                break;
            case SeatsReleased released:
                Capacity(released.OfferId, released.Capacity);
                break;
            case MovementDeparted departed:
                _movements[departed.ManifestId] = new MovementRecord(departed.ManifestId, departed.OfferId, departed.Passengers, departed.DepartedAt,
                    departed.ToPlace, [.. departed.RequestIds]);
                break;
            case PeopleMissingAfterDeparture missing:
                _missing[missing.ManifestId] = Math.Max(_missing.GetValueOrDefault(missing.ManifestId), missing.Missing);
                break;
            case PersonArrived arrived:
                _arrivals[arrived.ArrivalId] = new ArrivalRecord(arrived.ArrivalId, arrived.RequestId, arrived.CrisisId, arrived.SiteCode, arrived.PersonId);
                break;
            case ReferralChanged referral:
                var record = _referrals.TryGetValue(referral.ReferralId, out var known)
                    ? known : _referrals[referral.ReferralId] = new ReferralRecord(referral.ReferralId, referral.ArrivalId, referral.Service);
                if (referral.At >= record.At)
                    (record.Status, record.At) = (referral.Status, referral.At);
                (record.DueBy, record.BestInterestAssessment) = (referral.DueBy, record.BestInterestAssessment || referral.BestInterestAssessment);
                if (referral.Status == "accepted" && (record.AcceptedAt is null || referral.At < record.AcceptedAt))
                    record.AcceptedAt = referral.At;
                break;
            case ReferralOverdue overdue:
                _overdue.Add(overdue.ReferralId);
                break;
            case CheckInsAsked asked:
                foreach (var registrationId in asked.RegistrationIds)
                {
                    var checkIn = CheckIn(asked.CrisisId, registrationId);
                    checkIn.Attempts = Math.Max(checkIn.Attempts, asked.Attempt);
                    if (checkIn.AskedAt is null || asked.At < checkIn.AskedAt)
                        checkIn.AskedAt = asked.At;
                }
                break;
            case CheckInAnswered answer:
                var household = CheckIn(answer.CrisisId, answer.RegistrationId);
                if (household.AnsweredAt is null || answer.At < household.AnsweredAt)
                    household.AnsweredAt = answer.At;
                break;
            case FeedbackReceived received:
                var item = Feedback(received.FeedbackId);
                (item.Category, item.ReceivedAt) = (received.Category, received.At);
                (item.CrisisId, item.RequestId) = (item.CrisisId ?? received.CrisisId, item.RequestId ?? received.RequestId);
                break;
            case FeedbackAnswered answered:
                var answeredItem = Feedback(answered.FeedbackId);
                (answeredItem.Category, answeredItem.ReceivedAt, answeredItem.AnsweredAt) =
                    (answeredItem.Category ?? answered.Category, answeredItem.ReceivedAt ?? answered.ReceivedAt, answered.AnsweredAt);
                (answeredItem.CrisisId, answeredItem.RequestId) = (answeredItem.CrisisId ?? answered.CrisisId, answeredItem.RequestId ?? answered.RequestId);
                break;
            // Funds charges a movement or a claim once, under one id: a charge read twice is the same charge.
            case MovementCharged charged:
                _movementCharges[charged.ChargeId] = charged;
                break;
            case FundCharged charged:
                _fundCharges[charged.ChargeId] = charged;
                break;
            case ClaimApproved approved:
                _claimsApproved[approved.ClaimId] = approved;
                break;
            case FundPositionChanged position when !_funds.TryGetValue(position.FundId, out var named) || named.At <= position.At:
                _funds[position.FundId] = new FundName(position.FundId, position.Name, position.Currency, position.At);
                break;
        }
    }

    /// <summary>What has been folded so far. The records are copies: folding on changes nothing in a checkpoint taken.</summary>
    public CrisisHistoryCheckpoint Checkpoint() => new(
        [.. _groups.Values.Select(g => g.Facts())],
        [.. _offers.Values.Select(o => o with { })],
        new Dictionary<Guid, OfferCapacity>(_capacityBeforeOffer),
        [.. _movements.Values],
        new Dictionary<Guid, int>(_missing),
        [.. _arrivals.Values],
        [.. _referrals.Values.Select(r => r with { })],
        [.. _overdue],
        [.. _feedback.Values.Select(f => f with { })],
        [.. _checkIns.Values.Select(c => c with { })],
        [.. _movementCharges.Values],
        [.. _fundCharges.Values],
        [.. _claimsApproved.Values],
        [.. _funds.Values]);

    /// <summary>A fold taken up where <paramref name="checkpoint"/> left it.</summary>
    public static CrisisHistory From(CrisisHistoryCheckpoint checkpoint)
    {
        var history = new CrisisHistory();
        foreach (var group in checkpoint.Groups)
            history._groups[group.RequestId] = GroupJourney.From(group);
        foreach (var offer in checkpoint.Offers)
            history._offers[offer.OfferId] = offer with { };
        foreach (var (offerId, capacity) in checkpoint.CapacityBeforeOffer)
            history._capacityBeforeOffer[offerId] = capacity;
        foreach (var movement in checkpoint.Movements)
            history._movements[movement.ManifestId] = movement;
        foreach (var (manifestId, missing) in checkpoint.Missing)
            history._missing[manifestId] = missing;
        foreach (var arrival in checkpoint.Arrivals)
            history._arrivals[arrival.ArrivalId] = arrival;
        foreach (var referral in checkpoint.Referrals)
            history._referrals[referral.ReferralId] = referral with { };
        history._overdue.UnionWith(checkpoint.Overdue);
        foreach (var item in checkpoint.Feedback ?? [])
            history._feedback[item.FeedbackId] = item with { };
        foreach (var checkIn in checkpoint.CheckIns ?? [])
            history._checkIns[(checkIn.CrisisId, checkIn.RegistrationId)] = checkIn with { };
        foreach (var charged in checkpoint.MovementCharges ?? [])
            history._movementCharges[charged.ChargeId] = charged;
        foreach (var charged in checkpoint.FundCharges ?? [])
            history._fundCharges[charged.ChargeId] = charged;
        foreach (var approved in checkpoint.ClaimsApproved ?? [])
            history._claimsApproved[approved.ClaimId] = approved;
        foreach (var fund in checkpoint.Funds ?? [])
            history._funds[fund.FundId] = fund;
        return history;
    }

    public IEnumerable<GroupJourney> GroupsOf(string crisisId) => _groups.Values.Where(g => g.Requested && g.CrisisId == crisisId);

    public GroupJourney? Find(Guid? requestId) => requestId is { } id && _groups.TryGetValue(id, out var group) ? group : null;

    /// <summary>The terms of the offer, when its publication has been read.</summary>
    public SeatOffer? TermsOf(Guid? offerId) => offerId is { } id && _offers.TryGetValue(id, out var offer) ? offer.Terms : null;

    public IEnumerable<OfferRecord> OffersOf(string crisisId) => _offers.Values.Where(o => o.CrisisId == crisisId);

    public IEnumerable<MovementRecord> MovementsOf(string crisisId) =>
        _movements.Values.Where(m => _offers.TryGetValue(m.OfferId, out var offer) && offer.CrisisId == crisisId);

    public int MissingAfter(Guid manifestId) => _missing.GetValueOrDefault(manifestId);

    /// <summary>Referrals made at arrivals of this crisis: a walk-in's by the crisis reception recorded, anyone else's by their request's.</summary>
    public IEnumerable<ReferralRecord> ReferralsOf(string crisisId) => _referrals.Values
        .Where(r => _arrivals.TryGetValue(r.ArrivalId, out var arrival)
            && (arrival.CrisisId ?? Find(arrival.RequestId)?.CrisisId) == crisisId);

    /// <summary>Feedback given in this crisis: a desk's by the crisis it named, an SMS's by its group's.</summary>
    public IEnumerable<FeedbackRecord> FeedbackOf(string crisisId) => _feedback.Values
        .Where(f => f.Category is not null && (f.CrisisId ?? Find(f.RequestId)?.CrisisId) == crisisId);

    /// <summary>The arrivals of this crisis's people and walk-ins, where and who.</summary>
    public IEnumerable<ArrivalRecord> ArrivalsOf(string crisisId) =>
        _arrivals.Values.Where(arrival => (arrival.CrisisId ?? Find(arrival.RequestId)?.CrisisId) == crisisId);

    /// <summary>The households asked "are you safe?" (or that answered) in this crisis.</summary>
    public IEnumerable<CheckInRecord> CheckInsOf(string crisisId) => _checkIns.Values.Where(c => c.CrisisId == crisisId);

    /// <summary>The charges of this crisis's movements, each once.</summary>
    public IEnumerable<MovementCharged> MovementChargesOf(string crisisId) => _movementCharges.Values.Where(c => c.CrisisId == crisisId);

    /// <summary>Every approved reimbursement claim, with what its fund's charge came to in the reporting currency (when the charge was read).</summary>
    public IEnumerable<(ClaimApproved Claim, FundCharged? Charge)> ClaimsApproved()
    {
        var byClaim = _fundCharges.Values.Where(c => c.ClaimId is not null).ToDictionary(c => c.ClaimId!.Value);
        return _claimsApproved.Values.Select(claim => (claim, byClaim.GetValueOrDefault(claim.ClaimId)));
    }

    /// <summary>A fund's name and currency as Funds last told; null when no position of it has been read.</summary>
    public FundName? Fund(Guid fundId) => _funds.GetValueOrDefault(fundId);

    /// <summary>Whether the referral was not accepted by its due time at some point (an alert was raised).</summary>
    public bool WasOverdue(ReferralRecord referral) => _overdue.Contains(referral.ReferralId);

    CheckInRecord CheckIn(string crisisId, Guid registrationId) =>
        _checkIns.TryGetValue((crisisId, registrationId), out var known) ? known : _checkIns[(crisisId, registrationId)] = new CheckInRecord(crisisId, registrationId);

    FeedbackRecord Feedback(Guid feedbackId) => _feedback.TryGetValue(feedbackId, out var item) ? item : _feedback[feedbackId] = new FeedbackRecord(feedbackId);

    GroupJourney Group(Guid requestId) => _groups.TryGetValue(requestId, out var group) ? group : _groups[requestId] = new GroupJourney(requestId);

    void Capacity(Guid offerId, OfferCapacity capacity)
    {
        if (!_offers.TryGetValue(offerId, out var offer))
        {
            // A capacity change read before the offer itself: kept until the offer comes.
            if (!_capacityBeforeOffer.TryGetValue(offerId, out var kept) || kept.Version < capacity.Version)
                _capacityBeforeOffer[offerId] = capacity;
            return;
        }
        if (offer.Terms is { } terms && capacity.Seats > terms.Seats)
            offer.Terms = terms with { Seats = capacity.Seats };
        if (capacity.Version > offer.Version)
            (offer.Seats, offer.Status, offer.Version) = (capacity.Seats, capacity.Status, capacity.Version);
    }
}
