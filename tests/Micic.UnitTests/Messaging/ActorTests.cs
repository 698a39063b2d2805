using System.Security.Claims;
using MassTransit;
using MassTransit.Serialization;
using Micic.Persistence.Messaging;
using Micic.ServiceDefaults.Auth;
using Microsoft.AspNetCore.Http;

namespace Micic.UnitTests.Messaging;

/// <summary>Who acts, as a token names them, and as the headers of the messages they cause carry them.</summary>
public class ActorTests
{
    static ClaimsPrincipal Token(params (string Type, string Value)[] claims) =>
        new(new ClaimsIdentity(claims.Select(claim => new Claim(claim.Type, claim.Value)), "Bearer", MicicClaims.Organisation, MicicClaims.Role));

    static readonly ClaimsPrincipal Officer = Token(
        (MicicClaims.Subject, "5f0c6a52-7d1e-4f0a-9a57-2b1f6d0e8c11"), (MicicClaims.Name, "nguyen.thi.lan"), (MicicClaims.Organisation, "consulate-vnm"),
        (MicicClaims.OrganisationName, "Embassy of Viet Nam, Tripoli"), (MicicClaims.ClientId, "micic-cli"), (MicicClaims.Role, Roles.Consulate));

    [Fact]
    public void A_person_signed_in_through_a_client_is_a_user_named_by_their_own_id_and_name()
    {
        var actor = Actor.Of(Officer);

        Assert.Equal(new Actor(ActorKind.User, "5f0c6a52-7d1e-4f0a-9a57-2b1f6d0e8c11", "nguyen.thi.lan", "consulate-vnm"), actor);
        Assert.Equal(new ActorView("user", "5f0c6a52-7d1e-4f0a-9a57-2b1f6d0e8c11", "nguyen.thi.lan"), ActorView.Of(actor));
    }

    [Fact]
    public void A_machine_client_is_a_client_named_by_its_own_id()
    {
        var actor = Actor.Of(Token((MicicClaims.Subject, "consulate-vnm-laptop"), (MicicClaims.ClientId, "consulate-vnm-laptop"),
            (MicicClaims.Organisation, "consulate-vnm"), (MicicClaims.OrganisationName, "Embassy of Viet Nam, Tripoli")));

        Assert.Equal(new Actor(ActorKind.Client, "consulate-vnm-laptop", "Embassy of Viet Nam, Tripoli", "consulate-vnm"), actor);
        Assert.Equal("client", ActorView.Of(actor).Kind);
    }

    [Fact]
    public void Todays_organisation_token_without_a_client_is_that_organisations_client()
    {
        var actor = Actor.Of(Token((MicicClaims.Subject, "iom"), (MicicClaims.Organisation, "iom"), (MicicClaims.OrganisationName, "IOM coordination cell")));

        Assert.Equal(new Actor(ActorKind.Client, "iom", "IOM coordination cell", "iom"), actor);
    }

    [Fact]
    public void The_actor_survives_the_headers_as_the_outbox_stores_and_relays_them()
    {
        var actor = new Actor(ActorKind.User, "5f0c6a52-7d1e-4f0a-9a57-2b1f6d0e8c11", "ليلى الحداد", "consulate-vnm");
        var sent = new DictionarySendHeaders(new Dictionary<string, object?>());
        ActorHeaders.Write(actor, sent);

        var serializer = SystemTextJsonMessageSerializer.Instance;
        var stored = serializer.SerializeDictionary(sent.GetAll());
        var relayed = new DictionarySendHeaders(serializer.DeserializeDictionary<object?>(stored)!);

        Assert.Equal(actor, ActorHeaders.Read(relayed));
    }

    [Theory]
    [InlineData(null, "iom", "IOM", "iom")]
    [InlineData("robot", "iom", "IOM", "iom")]
    [InlineData("user", "", "IOM", "iom")]
    [InlineData("user", "iom", "IOM", null)]
    public void Headers_that_name_no_whole_actor_name_nobody(string? kind, string? id, string? name, string? organisation)
    {
        var headers = new DictionarySendHeaders(new Dictionary<string, object?>());
        foreach (var (key, value) in new[] { (ActorHeaders.Kind, kind), (ActorHeaders.Id, id), (ActorHeaders.Name, name), (ActorHeaders.Organisation, organisation) })
            if (value is not null)
                headers.Set(key, value);

        Assert.Null(ActorHeaders.Read(headers));
    }

    [Fact]
    public void In_an_http_request_the_actor_is_the_caller_and_outside_one_nobody()
    {
        var http = new HttpContextAccessor { HttpContext = new DefaultHttpContext { User = Officer } };
        Assert.Equal(Actor.Of(Officer), new ActorContext(http).Current);

        http.HttpContext = new DefaultHttpContext();
        Assert.Null(new ActorContext(http).Current); // anonymous
        http.HttpContext = null;
        Assert.Null(new ActorContext(http).Current); // the platform's own work: retention, the relay
    }
}
