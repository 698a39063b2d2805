namespace Micic.Requests.Domain;

/// <summary>A person of an organisation who registers or sends families (an intake officer, a colleague reviewing).</summary>
public sealed record FieldWorker(string Id, string Name);

/// <summary>
/// Who a family was registered by, as the registrant ticket Requests issued to them says: checked at sync, because the
/// family may reach the platform long after it was typed, sent by whoever holds the device then.
/// </summary>
public sealed record Registrant(string Id, string Name, string OrganisationId, DateTimeOffset IssuedAt)
{
    public FieldWorker Worker => new(Id, Name);
}

/// <summary>Who registered a group and who sent it: the same person, unless a colleague sends a queue left on a device.</summary>
public sealed record Registration(FieldWorker RegisteredBy, FieldWorker SentBy);
