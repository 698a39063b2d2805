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

        var sms = builder.Configuration.GetSection(SmsOptions.Section);
        builder.Services.AddOptions<SmsOptions>().Bind(sms)
            .PostConfigure(options => options.InboundSecret ??= SeededSecret(builder))
            .Validate(options => !string.IsNullOrWhiteSpace(options.InboundSecret),
                $"{SmsOptions.Section}:InboundSecret is required: the secret the SMS gateway presents (outside Development nothing seeded is trusted).")
            .Validate(options => options.SendRatePerSecond > 0 && options.MaxAttempts > 0 && options.InboundPerPhonePerMinute > 0,
                $"{SmsOptions.Section}: SendRatePerSecond, MaxAttempts and InboundPerPhonePerMinute must be positive.")
            .ValidateOnStart();
        builder.Services.AddSingleton(services => new GatewaySecret(
            services.GetRequiredService<Microsoft.Extensions.Options.IOptions<SmsOptions>>().Value.InboundSecret!));
        builder.Services.AddHttpClient<KannelSender>(http => http.Timeout = TimeSpan.FromSeconds(10));
        builder.Services.AddSingleton<OutboundWakeup>();
        builder.Services.AddHostedService<OutboundSender>();
        builder.Services.AddOptions<CheckInOptions>().Bind(builder.Configuration.GetSection(CheckInOptions.Section))
            .Validate(options => options.CohortSize is > 0 and <= 5_000 && options.CohortEvery >= TimeSpan.Zero && options.AnswerWithin > TimeSpan.Zero
                && options.PollInterval > TimeSpan.Zero, $"{CheckInOptions.Section}: CohortSize 1–5000, CohortEvery ≥ 0, AnswerWithin and PollInterval positive.")
            .ValidateOnStart();
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
