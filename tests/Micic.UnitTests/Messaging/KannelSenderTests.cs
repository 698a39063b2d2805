using System.Net;
using System.Web;
using Micic.Messaging;
using Micic.Messaging.Sms;
using Micic.ServiceDefaults.Exercises;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Micic.UnitTests.Messaging;

public class KannelSenderTests
{
    sealed class Kannel(HttpStatusCode status, string answer) : HttpMessageHandler
    {
        public Uri? Asked { get; private set; }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Asked = request.RequestUri;
            return Task.FromResult(new HttpResponseMessage(status) { Content = new StringContent(answer) });
        }
    }

    static KannelSender Sender(HttpMessageHandler kannel, string? connectionString = "Endpoint=http://127.0.0.1:13013/cgi-bin/sendsms;Username=micic;Password=p4ss",
        ExerciseMode? exercise = null) =>
        new(new HttpClient(kannel), Options.Create(new SmsOptions { InboundSecret = "s3cret", From = "Micic", DeliveryReportOrigin = "http://127.0.0.1:8080/" }),
            new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:sms"] = connectionString }).Build(),
            exercise ?? ExerciseMode.Live);

    [Fact]
    public async Task Arabic_goes_as_UCS2_with_every_delivery_report_asked_for()
    {
        var kannel = new Kannel(HttpStatusCode.Accepted, "0: Accepted for delivery");
        var id = Guid.NewGuid();
        var outcome = await Sender(kannel).Send(id, "+249912345678", "تم تأكيد مقعدكم", CancellationToken.None);

        Assert.True(outcome.Taken);
        var query = HttpUtility.ParseQueryString(kannel.Asked!.Query);
        Assert.Equal(("micic", "p4ss", "Micic", "+249912345678"), (query["username"], query["password"], query["from"], query["to"]));
        Assert.Equal(("تم تأكيد مقعدكم", "UTF-8", "2", "31"), (query["text"], query["charset"], query["coding"], query["dlr-mask"]));
        Assert.Equal($"http://kannel:s3cret@127.0.0.1:8080/api/messages/delivery?id={id}&status=%d", query["dlr-url"]);
    }

    [Fact]
    public async Task An_exercise_message_begins_with_EXERCISE_in_any_language()
    {
        var kannel = new Kannel(HttpStatusCode.Accepted, "0: Accepted for delivery");
        var exercise = new ExerciseMode(true, null, new HashSet<string>());

        Assert.True((await Sender(kannel, exercise: exercise).Send(Guid.NewGuid(), "+249912345678", "تم تأكيد مقعدكم", CancellationToken.None)).Taken);

        var query = HttpUtility.ParseQueryString(kannel.Asked!.Query);
        Assert.Equal(("EXERCISE: تم تأكيد مقعدكم", "2"), (query["text"], query["coding"]));
    }

    [Fact]
    public async Task English_goes_in_the_GSM_alphabet()
    {
        var kannel = new Kannel(HttpStatusCode.Accepted, "3: Queued for later delivery");
        Assert.True((await Sender(kannel).Send(Guid.NewGuid(), "+249912345678", "Seat confirmed. Ref LBY-7KQ2-M9XD.", CancellationToken.None)).Taken);
        Assert.Equal("0", HttpUtility.ParseQueryString(kannel.Asked!.Query)["coding"]);
    }

    [Theory]
    [InlineData(HttpStatusCode.ServiceUnavailable, "Sending failed.")]
    [InlineData(HttpStatusCode.Forbidden, "Authorization failed for sendsms")]
    [InlineData(HttpStatusCode.OK, "Something else")]
    public async Task Anything_but_accepted_or_queued_is_sent_again_later(HttpStatusCode status, string answer) =>
        Assert.False((await Sender(new Kannel(status, answer)).Send(Guid.NewGuid(), "+249912345678", "x", CancellationToken.None)).Taken);

    [Fact]
    public async Task Without_a_gateway_nothing_is_sent()
    {
        var sender = Sender(new Kannel(HttpStatusCode.Accepted, "0: Accepted for delivery"), connectionString: null);
        Assert.False(sender.Configured);
        Assert.False((await sender.Send(Guid.NewGuid(), "+249912345678", "x", CancellationToken.None)).Taken);
    }
}
