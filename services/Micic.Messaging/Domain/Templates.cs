namespace Micic.Messaging.Domain;

/// <summary>What a message to a family is about: a notice of its journey, or the answer to what it wrote.</summary>
public enum Template
{
    /// <summary>Where and when to gather for the departure.</summary>
    Matched,
    DepartureChanged,
    /// <summary>The seat is gone (offer withdrawn or cut, released by hand or by the family): back in line.</summary>
    Released,
    Departed,
    Arrived,
    SeatConfirmed,
    SeatGivenUp,
    NoSeat,
    Stopped,
    CallBack,
    FeedbackReceived,
    UnknownNumber,
    /// <summary>"Are you safe?" to a registered household, in a crisis at alert level 3 or 4.</summary>
    CheckIn,
    /// <summary>The same question a day later, when the first went unanswered.</summary>
    CheckInAgain,
    CheckInSafe,
    CheckInNeedHelp,
    CheckInWantToLeave,
    /// <summary>The code a person types on the registration page to confirm the phone.</summary>
    RegistrationCode,
}

/// <summary>What a message names: the group's reference and, for a departure, where and when (already local time).</summary>
public sealed record MessageFacts(string? Reference, string? Place = null, string? Time = null, string? Crisis = null, string? Code = null);

/// <summary>
/// Every text Micic sends, in each language it writes: short, as read on a basic phone — place and time first, then the
/// reference to quote, then what to reply. Non-Latin scripts go as UCS-2 (70 characters a part), so the Arabic and
/// Bengali texts are the shortest that still say it all.
/// </summary>
public static class Templates
{
    static readonly Dictionary<Template, Dictionary<string, string>> Texts = new()
    {
        [Template.Matched] = new()
        {
            ["en"] = "{place}, {time}: come for your departure. Bring your documents. Ref {ref}. Reply YES to confirm or NO if you cannot go.",
            ["fr"] = "{place}, {time} : venez pour votre départ. Apportez vos papiers. Réf. {ref}. Répondez OUI pour confirmer ou NON si vous ne pouvez pas partir.",
            ["ar"] = "{place}، {time}: تعالوا للمغادرة. أحضروا وثائقكم. المرجع {ref}. أرسلوا نعم للتأكيد أو لا إن لم تستطيعوا السفر.",
            ["bn"] = "{place}, {time}: যাত্রার জন্য আসুন। কাগজপত্র সাথে আনুন। রেফ {ref}। নিশ্চিত করতে YES, যেতে না পারলে NO লিখুন।",
        },
        [Template.DepartureChanged] = new()
        {
            ["en"] = "NEW TIME: {place}, {time}. Ref {ref}.",
            ["fr"] = "NOUVEL HORAIRE : {place}, {time}. Réf. {ref}.",
            ["ar"] = "موعد جديد: {place}، {time}. المرجع {ref}.",
            ["bn"] = "নতুন সময়: {place}, {time}। রেফ {ref}।",
        },
        [Template.Released] = new()
        {
            ["en"] = "Your departure is cancelled. You keep your place in line; we will send a new place and time. Ref {ref}.",
            ["fr"] = "Votre départ est annulé. Vous gardez votre rang ; nous enverrons un nouveau lieu et un nouvel horaire. Réf. {ref}.",
            ["ar"] = "أُلغيت مغادرتكم. تحتفظون بدوركم وسنرسل مكانًا وموعدًا جديدين. المرجع {ref}.",
            ["bn"] = "আপনার যাত্রা বাতিল। আপনার স্থান থাকবে; নতুন স্থান ও সময় পাঠানো হবে। রেফ {ref}।",
        },
        [Template.Departed] = new()
        {
            ["en"] = "You have left. Keep your documents with you. Ref {ref}.",
            ["fr"] = "Vous êtes partis. Gardez vos papiers sur vous. Réf. {ref}.",
            ["ar"] = "لقد غادرتم. احتفظوا بوثائقكم معكم. المرجع {ref}.",
            ["bn"] = "আপনারা রওনা হয়েছেন। কাগজপত্র সাথে রাখুন। রেফ {ref}।",
        },
        [Template.Arrived] = new()
        {
            ["en"] = "Welcome, you have arrived. Staff here can help you. Ref {ref}.",
            ["fr"] = "Bienvenue, vous êtes arrivés. Le personnel sur place peut vous aider. Réf. {ref}.",
            ["ar"] = "أهلًا بكم، لقد وصلتم. يمكن للموظفين هنا مساعدتكم. المرجع {ref}.",
            ["bn"] = "স্বাগতম, আপনারা পৌঁছেছেন। এখানকার কর্মীরা সাহায্য করবেন। রেফ {ref}।",
        },
        [Template.SeatConfirmed] = new()
        {
            ["en"] = "Seat confirmed. Ref {ref}.",
            ["fr"] = "Place confirmée. Réf. {ref}.",
            ["ar"] = "تم تأكيد مقعدكم. المرجع {ref}.",
            ["bn"] = "আসন নিশ্চিত। রেফ {ref}।",
        },
        [Template.SeatGivenUp] = new()
        {
            ["en"] = "Seat given up. You keep your place in line; we will write again. Ref {ref}.",
            ["fr"] = "Place libérée. Vous gardez votre rang ; nous vous écrirons. Réf. {ref}.",
            ["ar"] = "تم التخلي عن المقعد. تحتفظون بدوركم وسنراسلكم. المرجع {ref}.",
            ["bn"] = "আসন ছাড়া হয়েছে। আপনার স্থান থাকবে; আবার জানানো হবে। রেফ {ref}।",
        },
        [Template.NoSeat] = new()
        {
            ["en"] = "You have no seat yet. We will send the place and time. Ref {ref}.",
            ["fr"] = "Vous n'avez pas encore de place. Nous enverrons le lieu et l'horaire. Réf. {ref}.",
            ["ar"] = "ليس لديكم مقعد بعد. سنرسل المكان والموعد. المرجع {ref}.",
            ["bn"] = "এখনও আসন নেই। স্থান ও সময় পাঠানো হবে। রেফ {ref}।",
        },
        [Template.Stopped] = new()
        {
            ["en"] = "You will get no more messages from Micic.",
            ["fr"] = "Vous ne recevrez plus de messages de Micic.",
            ["ar"] = "لن تصلكم رسائل أخرى من Micic.",
            ["bn"] = "Micic থেকে আর কোনো বার্তা আসবে না।",
        },
        [Template.CallBack] = new()
        {
            ["en"] = "We will call you back. Ref {ref}.",
            ["fr"] = "Nous allons vous rappeler. Réf. {ref}.",
            ["ar"] = "سنتصل بكم. المرجع {ref}.",
            ["bn"] = "আমরা আপনাকে ফোন করব। রেফ {ref}।",
        },
        [Template.CheckIn] = new()
        {
            ["en"] = "{crisis}: are you safe? Reply 1 if you are safe, 2 if you need help, 3 if you want to leave.",
            ["fr"] = "{crisis} : allez-vous bien ? Répondez 1 si oui, 2 si vous avez besoin d'aide, 3 si vous voulez partir.",
            ["ar"] = "{crisis}: هل أنتم بأمان؟ أرسلوا 1 إن كنتم بأمان، 2 إن احتجتم مساعدة، 3 إن أردتم المغادرة.",
            ["bn"] = "{crisis}: আপনি কি নিরাপদ? নিরাপদ হলে 1, সাহায্য লাগলে 2, চলে যেতে চাইলে 3 লিখুন।",
        },
        [Template.CheckInAgain] = new()
        {
            ["en"] = "{crisis}, second message: are you safe? Reply 1 safe, 2 need help, 3 want to leave.",
            ["fr"] = "{crisis}, 2e message : allez-vous bien ? Répondez 1 oui, 2 besoin d'aide, 3 partir.",
            ["ar"] = "{crisis}، رسالة ثانية: هل أنتم بأمان؟ أرسلوا 1 بأمان، 2 مساعدة، 3 مغادرة.",
            ["bn"] = "{crisis}, দ্বিতীয় বার্তা: আপনি কি নিরাপদ? 1 নিরাপদ, 2 সাহায্য, 3 চলে যেতে চাই।",
        },
        [Template.CheckInSafe] = new()
        {
            ["en"] = "Thank you: you are safe. If that changes, reply 2 for help or 3 to leave.",
            ["fr"] = "Merci, c'est noté : tout va bien. Si cela change, répondez 2 pour de l'aide ou 3 pour partir.",
            ["ar"] = "شكرًا، أنتم بأمان. إن تغيّر ذلك أرسلوا 2 للمساعدة أو 3 للمغادرة.",
            ["bn"] = "ধন্যবাদ, আপনি নিরাপদ। অবস্থা বদলালে সাহায্যের জন্য 2, চলে যেতে 3 লিখুন।",
        },
        [Template.CheckInNeedHelp] = new()
        {
            ["en"] = "Thank you. Your consulate will contact you.",
            ["fr"] = "Merci. Votre consulat va vous contacter.",
            ["ar"] = "شكرًا. ستتصل بكم قنصليتكم.",
            ["bn"] = "ধন্যবাদ। আপনার দূতাবাস যোগাযোগ করবে।",
        },
        [Template.CheckInWantToLeave] = new()
        {
            ["en"] = "Thank you. Your request to leave is recorded; we will send the place and time.",
            ["fr"] = "Merci. Votre demande de départ est enregistrée ; nous enverrons le lieu et l'horaire.",
            ["ar"] = "شكرًا. سُجّل طلب مغادرتكم وسنرسل المكان والموعد.",
            ["bn"] = "ধন্যবাদ। আপনার যাওয়ার অনুরোধ নেওয়া হয়েছে; স্থান ও সময় পাঠানো হবে।",
        },
        [Template.RegistrationCode] = new()
        {
            ["en"] = "Micic code: {code}. Type it on the registration page within 15 minutes. Give it to no one.",
            ["fr"] = "Code Micic : {code}. Tapez-le sur la page d'inscription dans les 15 minutes. Ne le donnez à personne.",
            ["ar"] = "رمزكم {code}. اكتبوه في صفحة التسجيل خلال 15 دقيقة ولا تعطوه لأحد.",
            ["bn"] = "Micic কোড {code}। 15 মিনিটে নিবন্ধন পাতায় লিখুন। কাউকে দেবেন না।",
        },
        [Template.FeedbackReceived] = new()
        {
            ["en"] = "Thank you, we received your message. Ref {ref}.",
            ["fr"] = "Merci, nous avons reçu votre message. Réf. {ref}.",
            ["ar"] = "شكرًا، وصلتنا رسالتكم. المرجع {ref}.",
            ["bn"] = "ধন্যবাদ, আপনার বার্তা পেয়েছি। রেফ {ref}।",
        },
    };

    /// <summary>To a number Micic does not know, whose language it cannot know: the three languages of the keywords at once.</summary>
    const string UnknownNumber = "Micic: unknown number, ask staff at the pickup point. Numéro inconnu : voyez le personnel. رقم غير معروف، راجعوا الموظفين.";

    public static string Render(Template template, string language, MessageFacts facts)
    {
        if (template == Template.UnknownNumber)
            return UnknownNumber;
        var texts = Texts[template];
        var text = texts.TryGetValue(language, out var written) ? written : texts[MessageLanguage.English];
        return text.Replace("{place}", facts.Place ?? "").Replace("{time}", facts.Time ?? "").Replace("{ref}", facts.Reference ?? "")
            .Replace("{crisis}", facts.Crisis ?? "").Replace("{code}", facts.Code ?? "");
    }

    /// <summary>Every language has every template: a notice is never sent in a language a family did not ask for by accident.</summary>
    public static IEnumerable<(Template Template, string Language)> Missing() =>
        Texts.SelectMany(pair => MessageLanguage.All.Where(language => !pair.Value.ContainsKey(language)).Select(language => (pair.Key, language)));
}
