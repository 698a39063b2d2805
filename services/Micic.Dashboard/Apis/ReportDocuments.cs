using System.Globalization;
using System.Text;
using Micic.Dashboard.Domain;
using Micic.ServiceDefaults.Documents;
using Micic.ServiceDefaults.Exercises;
using static Micic.Dashboard.Apis.ReportCharts;
using static Micic.ServiceDefaults.Documents.PrintablePage;

namespace Micic.Dashboard.Apis;

/// <summary>The after-action report as a workbook (a sheet per breakdown) and as a printed page with its charts.</summary>
public static class ReportDocuments
{
    static readonly string[] WaitNames = ["to match", "to departure", "to arrival"];

    /// <summary>One row per key of a breakdown, with the three waits side by side.</summary>
    sealed record WaitRow(string Key, WaitGroup? Match, WaitGroup? Departure, WaitGroup? Arrival);

    static IReadOnlyList<WaitRow> Rows(AfterActionReport report, Func<WaitBreakdown, IReadOnlyList<WaitGroup>> breakdown)
    {
        var waits = new[] { report.WaitToMatch, report.WaitToDeparture, report.WaitToArrival }.Select(w => breakdown(w).ToDictionary(g => g.Key!)).ToList();
        // In the order of the first breakdown that has the key: need levels heaviest first, others by people.
        var keys = waits.SelectMany(w => w.Keys).Distinct().ToList();
        return keys.Select(key => new WaitRow(key, waits[0].GetValueOrDefault(key), waits[1].GetValueOrDefault(key), waits[2].GetValueOrDefault(key))).ToList();
    }

    static Column<WaitRow>[] WaitColumns(string key) =>
    [
        new(key, row => row.Key, 22),
        new("People matched", row => row.Match?.People ?? 0),
        new("Median hours to match", row => row.Match?.Median),
        new("P90 hours to match", row => row.Match?.P90),
        new("People departed", row => row.Departure?.People ?? 0),
        new("Median hours to departure", row => row.Departure?.Median),
        new("P90 hours to departure", row => row.Departure?.P90),
        new("People arrived", row => row.Arrival?.People ?? 0),
        new("Median hours to arrival", row => row.Arrival?.Median),
        new("P90 hours to arrival", row => row.Arrival?.P90),
    ];

    public static byte[] Workbook(AfterActionReport report, ExerciseMode exercise)
    {
        var people = report.People;
        (string Figure, object? Value)[] summary =
        [
            ("Crisis", report.CrisisName), ("Generated at (UTC)", report.GeneratedAt),
            ("Nationalities", report.Nationalities is { } mine ? string.Join(", ", mine) : "all"),
            ("People who asked, each counted once", people.DistinctPeople), ("People evacuated, each counted once", people.DistinctDeparted),
            ("Requests", people.Requests),
            ("People requested", people.Requested), ("People matched", people.Matched), ("People departed", people.Departed),
            ("People arrived (journey completed)", people.Completed), ("People cancelled", people.Cancelled), ("People still waiting", people.Waiting),
            ("People missing after departure", people.Missing), ("No-shows", people.NoShows), ("Onward journeys from transit", people.OnwardJourneys),
            ("Median hours to match", report.WaitToMatch.Overall.Median), ("P90 hours to match", report.WaitToMatch.Overall.P90),
            ("P95 hours to match", report.WaitToMatch.Overall.P95),
            ("Median hours to departure", report.WaitToDeparture.Overall.Median), ("Median hours to arrival", report.WaitToArrival.Overall.Median),
            ("Fairness: finding", report.Fairness.Finding),
            ("Fairness: p-value among groups that could have taken the same seats", report.Fairness.PValue),
            ("Fairness: p-value within need level, whatever seats were open", report.Fairness.PValueWithinNeedLevel),
            ("Fairness: p-value within need level and destination", report.Fairness.PValueWithinDestination),
            ("Vulnerable matched first: measure", report.VulnerableFirst.Measure),
            ("Vulnerable matched first: share", report.VulnerableFirst.Share), ("Vulnerable matched first: pairs compared", report.VulnerableFirst.Pairs),
            ("Vulnerable matched first: pairs in which it went first", report.VulnerableFirst.VulnerableFirst),
            ("Vulnerable matched first, whatever seats each could take: pairs", report.VulnerableFirst.PairsWhateverSeat),
            ("Vulnerable matched first, whatever seats each could take: pairs in which it went first", report.VulnerableFirst.VulnerableFirstWhateverSeat),
            ("Families", report.Families.Groups), ("Families kept together", report.Families.KeptTogether),
            ("Offers", report.Offers?.Offers), ("Offers withdrawn", report.Offers?.Withdrawn), ("Movements departed", report.Offers?.Movements),
            ("Seats on departed movements", report.Offers?.Seats), ("Seats used", report.Offers?.Used),
            ("Feedback received", report.Feedback?.ByCategory.Sum(c => c.Received)), ("Feedback answered", report.Feedback?.ByCategory.Sum(c => c.Answered)),
            .. CostFigures(report.Costs),
        ];
        var fairness = report.Fairness.ByNeed.SelectMany(level => level.Nationalities.Select(n => (Level: level, Nationality: n))).ToList();
        var workbook = new Workbook(exercise)
            .Sheet("Summary", summary.Concat(report.Notes.Concat(FeedbackNotes(report)).Concat(CostNotes(report.Costs)).Select(note => ("Note", (object?)note))),
                new Column<(string Figure, object? Value)>("Figure", row => row.Figure, 48),
                new Column<(string Figure, object? Value)>("Value", row => row.Value, 60))
            .Sheet("By need level", Rows(report, w => w.ByNeed), WaitColumns("Need level"))
            .Sheet("By nationality", Rows(report, w => w.ByNationality), WaitColumns("Nationality"))
            .Sheet("By pickup place", Rows(report, w => w.ByPickupPlace), WaitColumns("Pickup place"))
            .Sheet("Fairness", fairness,
                new Column<(FairnessByNeed Level, WaitGroup Nationality)>("Need level", row => row.Level.NeedLevel, 22),
                new Column<(FairnessByNeed Level, WaitGroup Nationality)>("Nationality", row => row.Nationality.Key, 20),
                new Column<(FairnessByNeed Level, WaitGroup Nationality)>("People", row => row.Nationality.People),
                new Column<(FairnessByNeed Level, WaitGroup Nationality)>("Median hours waited", row => row.Nationality.Median, 18),
                new Column<(FairnessByNeed Level, WaitGroup Nationality)>("P90 hours waited", row => row.Nationality.P90, 18),
                new Column<(FairnessByNeed Level, WaitGroup Nationality)>("p-value in need level", row => row.Level.PValue, 18))
            .Sheet("Families not together", report.Families.Exceptions, FamilyColumns(report))
            .Sheet("Evacuations", report.EvacuationsOverTime.Items,
                new Column<TimelinePoint>($"{Capitalised(report.EvacuationsOverTime.Period)} from (UTC)", row => row.From, 20),
                new Column<TimelinePoint>("People who left", row => row.People, 16));
        if (report.Referrals is { } referrals)
            workbook.Sheet("Referrals", referrals.ByService,
                new Column<ReferralServiceFigures>("Service", row => row.Key, 20),
                new Column<ReferralServiceFigures>("Referrals", row => row.Referrals),
                new Column<ReferralServiceFigures>("Not shared (no consent)", row => row.NotShared, 18),
                new Column<ReferralServiceFigures>("Routed", row => row.Routed),
                new Column<ReferralServiceFigures>("Accepted", row => row.Accepted),
                new Column<ReferralServiceFigures>("Declined", row => row.Declined),
                new Column<ReferralServiceFigures>("Completed", row => row.Completed),
                new Column<ReferralServiceFigures>("Unrouted", row => row.Unrouted),
                new Column<ReferralServiceFigures>("Ever overdue", row => row.Overdue));
        if (report.Feedback is { } feedback)
            workbook.Sheet("Feedback", feedback.ByCategory,
                new Column<FeedbackCategoryReport>("Category", row => row.Key, 16),
                new Column<FeedbackCategoryReport>("Received", row => row.Received),
                new Column<FeedbackCategoryReport>("Answered", row => row.Answered),
                new Column<FeedbackCategoryReport>("Median hours to answer", row => row.MedianHoursToAnswer, 24));
        if (report.Costs is { } costs)
            CostSheets(workbook, costs);
        return workbook.ToBytes();
    }

    static (string Figure, object? Value)[] CostFigures(CostReport? costs) => costs is null ? [] :
    [
        ("Costs: reporting currency", costs.ReportingCurrency), ("Costs: exchange rates of", costs.RatesOf),
        ($"Costs: movements charged", costs.Movements), ("Costs: people on charged movements", costs.PeopleEvacuated),
        ($"Costs: movements ({costs.ReportingCurrency})", costs.Evacuation), ($"Costs: per person evacuated ({costs.ReportingCurrency})", costs.PerPersonEvacuated),
        ($"Costs: reception claims approved ({costs.ReportingCurrency})", costs.Reception),
    ];

    static IEnumerable<string> CostNotes(CostReport? costs) => costs is null ? [] : [costs.RatesSentence, .. costs.Notes];

    /// <summary>The costs, a sheet per breakdown: money as exact numbers, each column saying its currency.</summary>
    static void CostSheets(Workbook workbook, CostReport costs)
    {
        var currency = costs.ReportingCurrency;
        Column<CostLine>[] Lines(string key) =>
        [
            new(key, row => row.Key, 20), new("People", row => row.People), new($"Cost ({currency})", row => row.Amount, 18),
            new($"Per person ({currency})", row => row.PerPerson, 18),
        ];
        workbook
            .Sheet("Costs by mode", costs.ByMode, Lines("Mode"))
            .Sheet("Costs by nationality", costs.ByNationality, Lines("Nationality"))
            .Sheet("Costs by fund", costs.ByFund,
                new Column<FundCostLine>("Fund", row => row.Fund, 30), new Column<FundCostLine>("Currency", row => row.Currency, 10),
                new Column<FundCostLine>("People evacuated", row => row.People, 16), new Column<FundCostLine>("Movements", row => row.Evacuation, 16),
                new Column<FundCostLine>("Reception claims", row => row.Reception, 16), new Column<FundCostLine>("Total", row => row.Total, 16),
                new Column<FundCostLine>($"Total ({currency})", row => row.ReportingTotal, 16))
            .Sheet("Funds over time", costs.FundsOverTime,
                new Column<FundUsePoint>($"{Capitalised(costs.Period)} from (UTC)", row => row.From, 20), new Column<FundUsePoint>("Fund", row => row.Fund, 30),
                new Column<FundUsePoint>("Currency", row => row.Currency, 10), new Column<FundUsePoint>("Spent", row => row.Amount, 16),
                new Column<FundUsePoint>($"Spent ({currency})", row => row.ReportingAmount, 16));
        if (costs.ReceptionClaims is { } claims)
            workbook.Sheet("Reception claims", claims,
                new Column<ClaimCategoryLine>("Category", row => row.Category, 16), new Column<ClaimCategoryLine>("Claims approved", row => row.Claims, 16),
                new Column<ClaimCategoryLine>("People helped", row => row.People, 16),
                new Column<ClaimCategoryLine>("Amounts in their currencies", row => Amounts(row.Amounts), 30),
                new Column<ClaimCategoryLine>($"Amount ({currency})", row => row.ReportingAmount, 16));
    }

    static string Amounts(IReadOnlyList<MoneyAmount> amounts) => string.Join("; ", amounts.Select(a => FundAlerts.Money(a.Amount, a.Currency)));

    /// <summary>What a reader of the feedback figures needs to know: why sensitive items stay unanswered, and that an empty sheet means nobody spoke.</summary>
    static IEnumerable<string> FeedbackNotes(AfterActionReport report) => report.Feedback switch
    {
        null => [],
        { ByCategory.Count: 0 } => [NoFeedback],
        _ => [FeedbackCounted],
    };

    const string NoFeedback = "Nobody gave feedback in this crisis: no SMS, web or desk feedback was received.";

    const string FeedbackCounted = "Feedback is counted by category only, never a word of it. A sensitive item (exploitation, abuse, trafficking) "
        + "is referred at once to the protection partner and is not answered from the register, so it shows as received, not answered.";

    /// <summary>The request is named to coordinators only (a consulate's report names none).</summary>
    static Column<FamilyException>[] FamilyColumns(AfterActionReport report) =>
    [
        .. report.Nationalities is null ? [new Column<FamilyException>("Request", row => row.RequestId?.ToString(), 38)] : Array.Empty<Column<FamilyException>>(),
        new("People", row => row.People),
        new("Reason", row => row.Reason, 20),
        new("Detail", row => row.Detail, 60),
    ];

    public static string Page(AfterActionReport report, string organisation)
    {
        var people = report.People;
        var body = new StringBuilder();
        var scope = report.Nationalities is { } mine
            ? $"Nationals of {string.Join(", ", mine)} only, for {organisation}"
            : "All people, every nationality";
        body.Append(Invariant($"""
            <header><h1>After-action report: {Encode(report.CrisisName)}</h1>
            <p class="muted">{Encode(scope)} · generated {report.GeneratedAt:yyyy-MM-dd HH:mm} UTC from the operation's event history · aggregates only, no names</p></header>
            <section class="figures">
            {Figure("people asked to leave", people.DistinctPeople)}{Figure("people evacuated", people.DistinctDeparted)}{Figure("requests", people.Requests)}
            </section>
            <p class="muted">Each person is counted once above. Below, people are counted on each request: {Encode(OnwardSentence(people))}</p>
            <section class="figures">
            {Figure("on requests", people.Requested)}{Figure("matched to a seat", people.Matched)}{Figure("left", people.Departed)}
            {Figure("arrived", people.Completed)}{Figure("still waiting", people.Waiting)}{Figure("cancelled", people.Cancelled)}
            {Figure("did not board", people.NoShows)}{(people.Missing is { } missing ? Figure("missing after departure", missing) : "")}
            </section>
            <div class="finding"><strong>Did nationality make a difference?</strong> {Encode(report.Fairness.Finding)}</div>
            <h2>The people funnel, counted on requests</h2>
            """));
        body.Append(ReportCharts.Bars(
        [
            new("On requests", people.Requested, null, Count(people.Requested)),
            new("Matched to a seat", people.Matched, null, Share(people.Matched, people.Requested)),
            new("Left", people.Departed, null, Share(people.Departed, people.Requested)),
            new("Arrived", people.Completed, null, Share(people.Completed, people.Requested)),
        ]));
        body.Append(Invariant($"""
            <h2>Did the vulnerable go first?</h2>
            <p>{Encode(report.VulnerableFirst.Measure)}</p>
            <h2>Did families stay together?</h2>
            <p>{Encode(FamilySentence(report.Families))}</p>
            """));
        if (report.Families.Exceptions.Count > 0)
        {
            // The request is named to coordinators only: a consulate's report names none.
            var named = report.Nationalities is null;
            body.Append(named ? "<table><thead><tr><th>Request</th>" : "<table><thead><tr>");
            body.Append("<th class=\"number\">People</th><th>Why</th></tr></thead><tbody>");
            foreach (var exception in report.Families.Exceptions.Take(20))
                body.Append(Invariant($"<tr>{(named ? $"<td class=\"code\">{exception.RequestId}</td>" : "")}<td class=\"number\">{exception.People}</td><td>{Encode(exception.Detail)}</td></tr>"));
            if (report.Families.Exceptions.Count > 20)
                body.Append(Invariant($"<tr><td colspan=\"{(named ? 3 : 2)}\" class=\"muted\">… and {report.Families.Exceptions.Count - 20} more, listed in the workbook.</td></tr>"));
            body.Append("</tbody></table>");
        }

        body.Append("<h2 class=\"page\">How long people waited</h2><h3>Wait for a seat by need level: median, with the 90th percentile as a whisker</h3>");
        body.Append(ReportCharts.Bars(report.WaitToMatch.ByNeed.Select(WaitBar).ToList(), legend: "bar: median · red: 90th percentile"));
        body.Append(WaitTable("Overall", [report.WaitToMatch.Overall with { Key = "everyone" }], [report.WaitToDeparture.Overall with { Key = "everyone" }],
            [report.WaitToArrival.Overall with { Key = "everyone" }]));
        body.Append(WaitTable("Need level", report.WaitToMatch.ByNeed, report.WaitToDeparture.ByNeed, report.WaitToArrival.ByNeed));
        body.Append("<h3>Evacuations over time</h3>");
        body.Append(ReportCharts.Columns(report.EvacuationsOverTime.Items.Select(p => (p.From, p.People)).ToList(), report.EvacuationsOverTime.Period));

        body.Append("<h2 class=\"page\">Fairness: waits by nationality within each need level</h2>");
        body.Append(Invariant($"<p>{Encode(report.Fairness.Finding)}</p><p class=\"muted\">Each group counts once, under the nationality most of its members hold, waiting until its first match (or until now, if it still waits). Groups are compared only with those that could have taken the same seats; nationalities with fewer than {NationalityFairness.MinimumGroupsPerLabel} groups there are pooled as “{AfterActionReport.OtherNationalities}”.</p>"));
        // One scale for every need level, so that a short wait looks short wherever it is.
        var scale = report.Fairness.ByNeed.SelectMany(level => level.Nationalities).Select(n => Math.Max(n.Median ?? 0, n.P90 ?? 0)).DefaultIfEmpty(0).Max();
        foreach (var level in report.Fairness.ByNeed)
        {
            body.Append(Invariant($"<h3>{Encode(level.NeedLevel)}{(level.PValue is { } p ? $" <span class=\"muted\">({AfterAction.PValue(p)})</span>" : "")}</h3>"));
            body.Append(ReportCharts.Bars(level.Nationalities.Select(WaitBar).ToList(), scale: scale));
        }
        body.Append(WaitTable("Nationality", report.WaitToMatch.ByNationality, report.WaitToDeparture.ByNationality, report.WaitToArrival.ByNationality));
        body.Append(WaitTable("Pickup place", report.WaitToMatch.ByPickupPlace, report.WaitToDeparture.ByPickupPlace, report.WaitToArrival.ByPickupPlace));

        if (report.Referrals is { } referrals)
        {
            body.Append("<h2>Referrals to partners</h2><table><thead><tr><th>Service</th><th class=\"number\">Referrals</th><th class=\"number\">Not shared</th><th class=\"number\">Routed</th><th class=\"number\">Accepted</th><th class=\"number\">Declined</th><th class=\"number\">Completed</th><th class=\"number\">Unrouted</th><th class=\"number\">Ever overdue</th></tr></thead><tbody>");
            foreach (var s in referrals.ByService)
                body.Append(Invariant($"<tr><td>{Encode(s.Key)}</td>{Cells(s.Referrals, s.NotShared, s.Routed, s.Accepted, s.Declined, s.Completed, s.Unrouted, s.Overdue)}</tr>"));
            if (referrals.ByService.Count == 0)
                body.Append("<tr><td colspan=\"9\" class=\"muted\">No referral was made.</td></tr>");
            body.Append("</tbody></table>");
        }
        if (report.Offers is { } offers)
            body.Append(Invariant($"""
                <h2>Seats</h2>
                <p>{offers.Offers} offer(s) of transport, {offers.Withdrawn} withdrawn; {offers.Movements} movement(s) left with {offers.Used} people in {offers.Seats} seats ({Percent(offers.Used, offers.Seats)} of them used).</p>
                """));
        if (report.Feedback is { } said)
            body.Append(FeedbackSection(said));
        if (report.Costs is { } costs)
            body.Append(CostsSection(costs));
        body.Append("<h2>Notes</h2><ul>");
        foreach (var note in report.Notes)
            body.Append(Invariant($"<li>{Encode(note)}</li>"));
        body.Append("</ul>");

        return Html($"After-action report: {report.CrisisName}",
            $"Micic after-action report · {report.CrisisName} · {scope} · {report.GeneratedAt:yyyy-MM-dd HH:mm} UTC", body.ToString(), """
            .figures { display: grid; grid-template-columns: repeat(4, 1fr); gap: 2mm; margin: 4mm 0; }
            .figure { border: 0.3mm solid #c9d2dc; border-radius: 1.5mm; padding: 2mm 3mm; }
            .figure strong { display: block; font-size: 16pt; color: #1f4e79; font-variant-numeric: tabular-nums; }
            .finding { border-inline-start: 1.2mm solid #1f4e79; background: #eef3f8; padding: 3mm 4mm; font-size: 10pt; margin: 3mm 0; }
            h2.page { break-before: page; }
            tr { break-inside: avoid; }
            td.number { white-space: nowrap; }
            tr.total td { font-weight: 600; border-top: 0.3mm solid #5a6675; }
            table { margin: 2mm 0 4mm; }
            svg { display: block; margin: 1mm 0 3mm; }
            """);
    }

    /// <summary>
    /// Who paid, on a page of its own: per person evacuated, by mode, nationality and fund, the funds' use over time and
    /// the reception claims approved — every total across currencies in the reporting currency, and the page says so.
    /// </summary>
    static string CostsSection(CostReport costs)
    {
        var c = costs.ReportingCurrency;
        var section = new StringBuilder("<h2 class=\"page\">Who paid: the cost of the evacuation</h2>");
        section.Append(Invariant($"<div class=\"finding\">{Encode(costs.RatesSentence)}</div>"));
        if (costs.Movements == 0 && (costs.ReceptionClaims?.Count ?? 0) == 0)
            return section.Append("<p class=\"muted\">No movement has been charged to a fund and no reception claim approved yet.</p>").ToString();
        section.Append(Invariant($"""
            <section class="figures">
            {MoneyFigure($"per person evacuated ({c})", costs.PerPersonEvacuated)}{MoneyFigure($"movements ({c})", costs.Evacuation)}
            {Figure("people on charged movements", costs.PeopleEvacuated)}{MoneyFigure($"reception claims ({c})", costs.Reception)}
            </section>
            <h3>Cost per person evacuated, by mode ({Encode(c)})</h3>
            """));
        section.Append(ReportCharts.Bars(costs.ByMode.Select(m => new Bar(Capitalised(m.Key), (double)(m.PerPerson ?? 0), null,
            $"{Money(m.PerPerson)} a person · {m.People:N0} people")).ToList()));
        section.Append(CostTable("Mode", c, costs.ByMode, costs.PeopleEvacuated, costs.Evacuation));
        section.Append(Invariant($"<h3>By nationality ({Encode(c)})</h3>"));
        section.Append(CostTable("Nationality", c, costs.ByNationality.Take(15).ToList(), costs.PeopleEvacuated, costs.Evacuation,
            costs.ByNationality.Count > 15 ? costs.ByNationality.Count - 15 : 0));

        section.Append(Invariant($"<h3>By fund</h3><table><thead><tr><th>Fund</th><th>Currency</th><th class=\"number\">People evacuated</th><th class=\"number\">Movements</th><th class=\"number\">Reception claims</th><th class=\"number\">Total</th><th class=\"number\">Total ({Encode(c)})</th></tr></thead><tbody>"));
        foreach (var f in costs.ByFund)
            section.Append(Invariant($"<tr><td>{Encode(f.Fund)}</td><td>{Encode(f.Currency)}</td><td class=\"number\">{f.People:N0}</td><td class=\"number\">{Money(f.Evacuation)}</td><td class=\"number\">{Money(f.Reception)}</td><td class=\"number\">{Money(f.Total)}</td><td class=\"number\">{Money(f.ReportingTotal)}</td></tr>"));
        section.Append(Invariant($"<tr class=\"total\"><td colspan=\"2\">All funds, in {Encode(c)} only (their currencies differ)</td><td class=\"number\">{costs.ByFund.Sum(f => f.People):N0}</td><td></td><td></td><td></td><td class=\"number\">{Money(costs.ByFund.Sum(f => f.ReportingTotal))}</td></tr></tbody></table>"));

        // A column per fund, a row per period: each fund's spending in the reporting currency, so that a row adds up.
        var funds = costs.FundsOverTime.Select(p => (p.FundId, p.Fund)).Distinct().OrderBy(f => f.Fund, StringComparer.Ordinal).ToList();
        section.Append(Invariant($"<h3>Funds' use over time: spent per {costs.Period} ({Encode(c)})</h3><table class=\"over-time\"><thead><tr><th>{Capitalised(costs.Period)} from</th>"));
        foreach (var (_, name) in funds)
            section.Append(Invariant($"<th class=\"number\">{Encode(name)}</th>"));
        section.Append("<th class=\"number\">All funds</th></tr></thead><tbody>");
        foreach (var period in costs.FundsOverTime.GroupBy(p => p.From))
        {
            section.Append(Invariant($"<tr><td>{period.Key:yyyy-MM-dd}</td>"));
            foreach (var (id, _) in funds)
                section.Append(Invariant($"<td class=\"number\">{(period.Any(p => p.FundId == id) ? Money(period.Where(p => p.FundId == id).Sum(p => p.ReportingAmount)) : "")}</td>"));
            section.Append(Invariant($"<td class=\"number\">{Money(period.Sum(p => p.ReportingAmount))}</td></tr>"));
        }
        section.Append("</tbody></table>");

        if (costs.ReceptionClaims is { } claims)
        {
            section.Append(Invariant($"<h3>Reception claims approved</h3><table><thead><tr><th>Category</th><th class=\"number\">Claims</th><th class=\"number\">People helped</th><th class=\"number\">In their currencies</th><th class=\"number\">{Encode(c)}</th></tr></thead><tbody>"));
            foreach (var claim in claims)
                section.Append(Invariant($"<tr><td>{Encode(Capitalised(claim.Category))}</td><td class=\"number\">{claim.Claims:N0}</td><td class=\"number\">{claim.People:N0}</td><td class=\"number\">{Encode(PrintedAmounts(claim.Amounts))}</td><td class=\"number\">{Money(claim.ReportingAmount)}</td></tr>"));
            if (claims.Count == 0)
                section.Append("<tr><td colspan=\"5\" class=\"muted\">No reception claim has been approved.</td></tr>");
            else
                section.Append(Invariant($"<tr class=\"total\"><td>All</td><td class=\"number\">{claims.Sum(x => x.Claims):N0}</td><td class=\"number\">{claims.Sum(x => x.People):N0}</td><td></td><td class=\"number\">{Money(costs.Reception)}</td></tr>"));
            section.Append("</tbody></table>");
        }
        section.Append("<ul class=\"muted\">");
        foreach (var note in costs.Notes)
            section.Append(Invariant($"<li>{Encode(note)}</li>"));
        return section.Append("</ul>").ToString();
    }

    static string CostTable(string key, string currency, IReadOnlyList<CostLine> lines, int people, decimal amount, int more = 0)
    {
        var table = new StringBuilder(Invariant($"<table><thead><tr><th>{Encode(key)}</th><th class=\"number\">People</th><th class=\"number\">Cost ({Encode(currency)})</th><th class=\"number\">Per person</th></tr></thead><tbody>"));
        foreach (var line in lines)
            table.Append(Invariant($"<tr><td>{Encode(key == "Mode" ? Capitalised(line.Key) : line.Key)}</td><td class=\"number\">{line.People:N0}</td><td class=\"number\">{Money(line.Amount)}</td><td class=\"number\">{Money(line.PerPerson)}</td></tr>"));
        if (more > 0)
            table.Append(Invariant($"<tr><td colspan=\"4\" class=\"muted\">… and {more} more, listed in the workbook.</td></tr>"));
        table.Append(Invariant($"<tr class=\"total\"><td>All</td><td class=\"number\">{people:N0}</td><td class=\"number\">{Money(amount)}</td><td class=\"number\">{Money(Costs.PerPerson(amount, people))}</td></tr>"));
        return table.Append("</tbody></table>").ToString();
    }

    /// <summary>Amounts in their own currencies, to the cent, as the table's other money.</summary>
    static string PrintedAmounts(IReadOnlyList<MoneyAmount> amounts) => string.Join("; ", amounts.Select(a => $"{a.Currency} {Money(a.Amount)}"));

    static string Money(decimal? amount) => amount is { } value ? Invariant($"{value:N2}") : "—";

    static string MoneyFigure(string label, decimal? value) => Invariant($"<div class=\"figure\"><strong>{Money(value)}</strong>{Encode(label)}</div>");

    /// <summary>What people said, by category: how much came in, how much was answered and how soon — counts only, never the words.</summary>
    static string FeedbackSection(FeedbackReport feedback)
    {
        var section = new StringBuilder("<h2>What people said</h2>");
        if (feedback.ByCategory.Count == 0)
            return section.Append(Invariant($"<p>{Encode(NoFeedback)}</p>")).ToString();
        section.Append("<table><thead><tr><th>Category</th><th class=\"number\">Received</th><th class=\"number\">Answered</th><th class=\"number\">Median time to answer</th></tr></thead><tbody>");
        foreach (var category in feedback.ByCategory)
            section.Append(Invariant($"<tr><td>{Encode(Capitalised(category.Key))}</td>{Cells(category.Received, category.Answered)}<td class=\"number\">{TimeToAnswer(category.MedianHoursToAnswer)}</td></tr>"));
        section.Append(Invariant($"<tr class=\"total\"><td>All</td>{Cells(feedback.ByCategory.Sum(c => c.Received), feedback.ByCategory.Sum(c => c.Answered))}<td></td></tr>"));
        return section.Append(Invariant($"</tbody></table><p class=\"muted\">{Encode(FeedbackCounted)}</p>")).ToString();
    }

    /// <summary>
    /// The median time to an answer as the report holds it, to a tenth of an hour: nought is "under 3 min", not a
    /// precision of seconds the figure does not have.
    /// </summary>
    static string TimeToAnswer(double? hours) => hours == 0 ? "under 3 min" : Duration(hours);

    static Bar WaitBar(WaitGroup group) =>
        new(group.Key ?? "everyone", group.Median ?? 0, group.P90, $"{Duration(group.Median)} · p90 {Duration(group.P90)} · {group.People} people");

    static string WaitTable(string key, IReadOnlyList<WaitGroup> match, IReadOnlyList<WaitGroup> departure, IReadOnlyList<WaitGroup> arrival)
    {
        var columns = new[] { match, departure, arrival }.Select(list => list.ToDictionary(g => g.Key!)).ToList();
        var keys = columns.SelectMany(c => c.Keys).Distinct().ToList();
        var table = new StringBuilder(Invariant($"<table><thead><tr><th>{Encode(key)}</th>"));
        foreach (var name in WaitNames)
            table.Append(Invariant($"<th class=\"number\">People {name}</th><th class=\"number\">Median</th><th class=\"number\">P90</th>"));
        table.Append("</tr></thead><tbody>");
        foreach (var k in keys)
        {
            table.Append(Invariant($"<tr><td>{Encode(k)}</td>"));
            foreach (var column in columns)
                table.Append(column.TryGetValue(k, out var g)
                    ? Invariant($"<td class=\"number\">{g.People}</td><td class=\"number\">{Duration(g.Median)}</td><td class=\"number\">{Duration(g.P90)}</td>")
                    : "<td class=\"number\">0</td><td class=\"number\">—</td><td class=\"number\">—</td>");
            table.Append("</tr>");
        }
        if (keys.Count == 0)
            table.Append("<tr><td colspan=\"10\" class=\"muted\">Nobody has been matched yet.</td></tr>");
        return table.Append("</tbody></table>").ToString();
    }

    static string OnwardSentence(PeopleFigures people) => people.OnwardJourneys == 0
        ? "no one has gone on from a transit site, so the two counts agree."
        : Invariant($"{people.OnwardJourneys:N0} went on from a transit site on a request of their own and count again there.");

    static string FamilySentence(FamilyFigures families) => families.Groups == 0
        ? "No family (a group of two or more) has asked yet."
        : families.Exceptions.Count == 0
            ? Invariant($"All {families.Groups} families travelled together.")
            : Invariant($"{families.KeptTogether} of {families.Groups} families travelled together; the exceptions, and why:");

    static string Figure(string label, int value) => Invariant($"<div class=\"figure\"><strong>{value:N0}</strong>{Encode(label)}</div>");

    static string Cells(params int[] values) => string.Concat(values.Select(v => Invariant($"<td class=\"number\">{v}</td>")));

    static string Count(int people) => Invariant($"{people:N0}");

    static string Share(int part, int whole) => whole == 0 ? Count(part) : Invariant($"{part:N0} ({Percent(part, whole)})");

    static string Percent(int part, int whole) => whole == 0 ? "—" : Invariant($"{(double)part / whole:P0}");

    /// <summary>A wait as a reader says it: seconds or minutes in a fast replay, hours, or days.</summary>
    public static string Duration(double? hours) => hours switch
    {
        null => "—",
        < 1.0 / 60 => Invariant($"{hours * 3600:0} s"),
        < 1 => Invariant($"{hours * 60:0} min"),
        < 48 => Invariant($"{hours:0.#} h"),
        _ => Invariant($"{hours / 24:0.#} days"),
    };

    static string Capitalised(string word) => word.Length == 0 ? word : char.ToUpperInvariant(word[0]) + word[1..];
}
