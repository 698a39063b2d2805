using System.Text.Json;
using Micic.Contracts;
using Micic.Messaging.Application;
using Micic.Messaging.Consumers;
using Micic.Messaging.Data;
using Micic.Messaging.Domain;
using Micic.Messaging.Sms;
using Micic.Persistence.Crises;
using Micic.Persistence.Data;
using Micic.Persistence.Messaging;
using Micic.Persistence.Privacy;
using Micic.ServiceDefaults.ReferenceData;
using Micic.ServiceDefaults.Settings;

namespace Micic.Messaging;

public static class Extensions
{
    public static WebApplicationBuilder AddMessagesServices(this WebApplicationBuilder builder)
    {
        builder.AddMicicDatabase("messagesdb", typeof(Extensions).Assembly);
        builder.AddMicicMessaging("messages", bus =>
        {
            bus.AddBatchConsumer<JourneyChangesConsumer>(JourneyChangesConsumer.Endpoint);
            bus.AddBatchConsumer<GroupScopeConsumer>(GroupScopeConsumer.Endpoint);
            bus.AddConsumer<OfferConsumer>();
            bus.AddConsumer<MessageContactsConsumer>().Endpoint(endpoint => endpoint.Name = CommandQueues.Of<MessageContactsOfGroups>());
            bus.AddConsumer<PersonalDataErasedConsumer>();
            bus.AddConsumer<CrisisAlertConsumer>();
            bus.AddConsumer<RegistrationErasedConsumer>();
            bus.AddConsumer<SelfRegistrationConsumer>();
            bus.AddCrisisCatalogue();
        });
        builder.AddPersonalDataProtection("messages");

        var seededSecret = SeededSecret(builder);
        builder.Services.PostConfigure<SmsOptions>(options => options.InboundSecret ??= seededSecret);
        var sms = builder.AddCheckedOptions<SmsOptions>(SmsOptions.Section, SmsOptions.Check);
        if (string.IsNullOrWhiteSpace(sms.InboundSecret ?? seededSecret))
            builder.Settings().Add(SmsOptions.NoInboundSecret);
        // Without it messages wait in their queue, as they do while the SMS gateway is down.
        if (builder.Configuration.GetConnectionString("sms") is { Length: > 0 })
            builder.Settings().ConnectionString("sms", "Kannel's sendsms interface (Endpoint=http://host:13013/cgi-bin/sendsms;Username=…;Password=…)",
                KannelEndpoint.Problem);
        builder.Services.AddSingleton(services => new GatewaySecret(
            services.GetRequiredService<Microsoft.Extensions.Options.IOptions<SmsOptions>>().Value.InboundSecret!));
        builder.Services.AddHttpClient<KannelSender>(http => http.Timeout = TimeSpan.FromSeconds(10));
        builder.Services.AddSingleton<OutboundWakeup>();
        builder.Services.AddHostedService<OutboundSender>();
        builder.AddCheckedOptions<CheckInOptions>(CheckInOptions.Section, CheckInOptions.Check);
        builder.Services.AddSingleton<CheckInWakeup>();
        builder.Services.AddHostedService<CheckInSender>();

        builder.Services.AddScoped<JourneyStore>();
        builder.Services.AddScoped<MessageStore>();
        builder.Services.AddScoped<FeedbackStore>();
        builder.Services.AddScoped<CallBackStore>();
        builder.Services.AddScoped<CallBackDesk>();
        builder.Services.AddScoped<ContactBook>();
        builder.Services.AddScoped<JourneyNotes>();
        builder.Services.AddScoped<InboundMessages>();
        builder.Services.AddScoped<DeliveryReports>();
        builder.Services.AddScoped<MessageReading>();
        builder.Services.AddScoped<FeedbackRegisterStore>();
        builder.Services.AddScoped<FeedbackDesk>();
        builder.Services.AddScoped<BroadcastStore>();
        builder.Services.AddScoped<Broadcasting>();
        builder.Services.AddScoped<CheckInStore>();
        builder.Services.AddScoped<CheckIns>();
        builder.Services.AddScoped<RegistrationCodes>();
        return builder;
    }

    /// <summary>Local runs only: the development secret in <c>seeds/messaging.json</c>, as the seeded client secrets are.</summary>
    static string? SeededSecret(WebApplicationBuilder builder)
    {
        if (!builder.Environment.IsDevelopment())
            return null;
        var file = Path.Combine(SeedData.FindFolder(builder.Configuration["Seeds:Path"]), "messaging.json");
        if (!File.Exists(file))
            return null;
        using var seeds = JsonDocument.Parse(File.ReadAllText(file));
        return seeds.RootElement.TryGetProperty("inboundSecret", out var secret) ? secret.GetString() : null;
    }
}
