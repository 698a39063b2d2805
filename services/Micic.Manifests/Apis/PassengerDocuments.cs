using System.Globalization;
using System.Text;
using Micic.Manifests.Application;
using Micic.Manifests.Domain;
using Micic.ServiceDefaults;
using Micic.ServiceDefaults.Documents;
using Micic.ServiceDefaults.Exercises;
using Micic.ServiceDefaults.ReferenceData;
using static Micic.ServiceDefaults.Documents.PrintablePage;

namespace Micic.Manifests.Apis;

/// <summary>
/// The manifest as carriers and consulates keep it: a workbook to sort and file, and a page to print and tick at the
/// gate. Both show exactly what the JSON view shows the same caller, families listed together.
/// </summary>
public static class PassengerDocuments
{
    /// <summary>One line per passenger, in family order, numbered as on the printed page.</summary>
    sealed record Line(int Number, int Group, Passenger Passenger, bool LacksTravelDocument)
    {
        /// <summary>The numbers of the other lines whose passengers carry this passenger's document.</summary>
        public IReadOnlyList<int> SameDocumentAs { get; init; } = [];

        public string? SameDocumentNote => SameDocumentAs.Count == 0 ? null : $"same document as {Numbers(SameDocumentAs)}";
    }

    static IReadOnlyList<Line> Lines(ManifestSight sight)
    {
        var groups = sight.Shown.Select(p => p.RequestId).Distinct().Select((request, index) => (request, index)).ToDictionary(g => g.request, g => g.index + 1);
        var lines = sight.Shown
            .OrderBy(p => groups[p.RequestId]).ThenBy(p => p.FamilyName, StringComparer.Ordinal).ThenBy(p => p.GivenName, StringComparer.Ordinal)
            .Select((p, index) => new Line(index + 1, groups[p.RequestId], p, p.LacksTravelDocument(sight.Manifest.DepartsAt)))
            .ToList();
        var numbers = lines.ToDictionary(line => line.Passenger.PersonId, line => line.Number);
        return lines.Select(line => line with
        {
            SameDocumentAs = SameDocument.OthersHolding(line.Passenger.PersonId, sight.Warnings).Select(other => numbers[other]).Order().ToList(),
        }).ToList();
    }

    /// <summary>Line numbers as the page says them: "No. 4", "Nos. 2 and 4", "Nos. 2, 4 and 7".</summary>
    static string Numbers(IReadOnlyList<int> numbers) => numbers.Count == 1
        ? $"No. {numbers[0]}"
        : $"Nos. {string.Join(", ", numbers.SkipLast(1))} and {numbers[^1]}";

    public static byte[] Workbook(ManifestSight sight, SeedData seeds, DateTimeOffset printedAt, ExerciseMode exercise)
    {
        var manifest = sight.Manifest;
        (string Item, object? Value)[] movement =
        [
            ("Manifest", manifest.Id.ToString()), ("Offer", manifest.OfferId.ToString()), ("Mode", manifest.Mode),
            ("From", PlaceName(manifest.FromPlace, seeds)), ("To", PlaceName(manifest.ToPlace, seeds)), ("Departs at (UTC)", manifest.DepartsAt),
            ("Departed at (UTC)", manifest.DepartedAt), ("Status", manifest.Status.WireName()), ("Passengers listed", sight.Shown.Count),
            ("Other passengers, not shown to you", sight.Others), ("Passengers whose details are still arriving", sight.AwaitingDetails),
            ("Total passengers", sight.Total), ("Documents carried by more than one passenger", sight.Warnings.Count),
            ("Printed at (UTC)", printedAt),
        ];
        return new Workbook(exercise)
            .Sheet("Passengers", Lines(sight),
                new Column<Line>("No.", line => line.Number, 6),
                new Column<Line>("Group", line => line.Group, 7),
                new Column<Line>("Family name", line => line.Passenger.FamilyName, 24),
                new Column<Line>("Given name", line => line.Passenger.GivenName, 24),
                new Column<Line>("Nationality", line => line.Passenger.Nationality, 11),
                new Column<Line>("Document", line => line.Passenger.DocumentKind, 16),
                new Column<Line>("Document number", line => line.Passenger.DocumentNumber, 18),
                new Column<Line>("Document expires", line => line.Passenger.DocumentExpiresOn, 16),
                new Column<Line>("Travel document", line => line.Passenger.TravelDocumentKind, 16),
                new Column<Line>("Travel document number", line => line.Passenger.TravelDocumentNumber, 22),
                new Column<Line>("Lacks a travel document", line => line.LacksTravelDocument, 12),
                new Column<Line>("Boarding", line => line.Passenger.Boarding.WireName(), 11),
                new Column<Line>("Warning", line => line.SameDocumentNote, 26),
                new Column<Line>("Person id", line => line.Passenger.PersonId.ToString(), 38),
                new Column<Line>("Request id", line => line.Passenger.RequestId.ToString(), 38))
            .Sheet("Movement", movement,
                new Column<(string Item, object? Value)>("Item", row => row.Item, 40),
                new Column<(string Item, object? Value)>("Value", row => row.Value, 40))
            .ToBytes();
    }

    public static string Page(ManifestSight sight, SeedData seeds, string organisation, DateTimeOffset printedAt)
    {
        var manifest = sight.Manifest;
        var body = new StringBuilder();
        body.Append(CultureInfo.InvariantCulture, $"""
            <h1>Passenger manifest</h1>
            <table class="movement">
            <tr><th>From</th><td>{Encode(PlaceName(manifest.FromPlace, seeds))}</td><th>Mode</th><td>{Encode(manifest.Mode)}</td></tr>
            <tr><th>To</th><td>{Encode(PlaceName(manifest.ToPlace, seeds))}</td><th>Status</th><td>{Encode(manifest.Status.WireName())}</td></tr>
            <tr><th>Departs</th><td>{manifest.DepartsAt:yyyy-MM-dd HH:mm} UTC</td><th>Departed</th><td>{(manifest.DepartedAt is { } at ? $"{at:yyyy-MM-dd HH:mm} UTC" : "—")}</td></tr>
            <tr><th>Manifest</th><td class="id">{manifest.Id}</td><th>Offer</th><td class="id">{manifest.OfferId}</td></tr>
            </table>
            <p class="counts"><strong>{sight.Total}</strong> passenger(s) in all: <strong>{sight.Shown.Count}</strong> listed here
            """);
        if (sight.Others > 0)
            body.Append(CultureInfo.InvariantCulture, $", {sight.Others} not shown to {Encode(organisation)} (other nationalities, or no consent to share)");
        if (sight.AwaitingDetails > 0)
            body.Append(CultureInfo.InvariantCulture, $", {sight.AwaitingDetails} whose details are still arriving");
        body.Append(".</p>");
        var lines = Lines(sight);
        if (sight.Warnings.Count > 0)
        {
            // Above the list, where the gate agent looks first: which lines to check, never which document it is.
            body.Append("""<div class="warning"><p class="title">Warning: the same travel document appears more than once on this manifest</p><ul>""");
            var numbers = lines.ToDictionary(line => line.Passenger.PersonId, line => line.Number);
            foreach (var warning in sight.Warnings)
                body.Append(CultureInfo.InvariantCulture,
                    $"<li>{Numbers(warning.PersonIds.Select(id => numbers[id]).Order().ToList())} carry the same document (kind, nationality and number).</li>");
            body.Append("""
                </ul><p>Check each of these passengers' documents before boarding: one person may have been registered twice.
                Coordinators can merge duplicate registrations.</p></div>
                """);
        }
        body.Append("""
            <table class="passengers">
            <thead><tr><th class="number">No.</th><th class="number">Group</th><th>Family name</th><th>Given name</th><th>Nationality</th>
            <th>Document</th><th>Travel document</th><th>Boarding</th><th class="tick">Check</th></tr></thead>
            <tbody>
            """);
        foreach (var line in lines)
        {
            var p = line.Passenger;
            var document = p.DocumentNumber is null ? Encode(p.DocumentKind) : $"{Encode(p.DocumentKind)} <span class=\"code\">{Encode(p.DocumentNumber)}</span>"
                + (p.DocumentExpiresOn is { } expires ? $"<br><span class=\"muted\">expires {expires:yyyy-MM-dd}</span>" : "")
                + (line.SameDocumentNote is { } note ? $"<br><span class=\"same-document\">{Encode(note)}</span>" : "");
            var travel = p.TravelDocumentNumber is null
                ? line.LacksTravelDocument ? "<span class=\"lacking\">needed</span>" : "—"
                : $"{Encode(p.TravelDocumentKind)} <span class=\"code\">{Encode(p.TravelDocumentNumber)}</span>";
            body.Append(CultureInfo.InvariantCulture, $"""
                <tr{(line.SameDocumentAs.Count > 0 ? " class=\"same-document\"" : "")}><td class="number">{line.Number}</td><td class="number">{line.Group}</td><td dir="auto" class="name">{Encode(p.FamilyName)}</td>
                <td dir="auto" class="name">{Encode(p.GivenName)}</td><td>{Encode(p.Nationality)}</td><td>{document}</td><td>{travel}</td>
                <td>{Encode(p.Boarding.WireName())}</td><td class="tick"></td></tr>
                """);
        }
        if (sight.Shown.Count == 0)
            body.Append("<tr><td colspan=\"9\" class=\"muted\">No passenger on this manifest is shown to you.</td></tr>");
        body.Append("</tbody></table>");
        return Html($"Manifest {manifest.FromPlace} → {manifest.ToPlace}",
            $"Micic passenger manifest {manifest.FromPlace} → {manifest.ToPlace}, departs {manifest.DepartsAt:yyyy-MM-dd HH:mm} UTC · printed {printedAt:yyyy-MM-dd HH:mm} UTC for {organisation}",
            body.ToString(), """
            table.movement { width: auto; margin-bottom: 3mm; }
            table.movement th { background: none; color: #5a6675; font-weight: 400; padding-inline-end: 3mm; }
            table.movement td { padding-inline-end: 8mm; font-weight: 600; }
            table.movement td.id { font-weight: 400; font-size: 7.5pt; }
            table.passengers td.name { font-size: 10pt; font-weight: 600; }
            .lacking { color: #a4262c; font-weight: 600; }
            div.warning { border: 0.6mm solid #a4262c; background: #fdf0ef; padding: 2mm 3mm; margin: 0 0 3mm; break-inside: avoid; }
            div.warning p.title { font-size: 11pt; font-weight: 700; color: #a4262c; margin-bottom: 1mm; }
            div.warning ul { margin: 0 0 1.5mm; padding-inline-start: 5mm; font-weight: 600; }
            tr.same-document td { background: #fdf0ef; }
            tr.same-document td.number:first-child { border-inline-start: 1.2mm solid #a4262c; }
            span.same-document { color: #a4262c; font-weight: 700; white-space: nowrap; }
            td.tick { width: 12mm; border: 0.2mm solid #8a96a3; }
            th.tick { width: 12mm; }
            """);
    }

    static string PlaceName(string code, SeedData seeds) => seeds.Places.TryGetValue(code, out var place) ? $"{place.Name} ({code})" : code;
}
