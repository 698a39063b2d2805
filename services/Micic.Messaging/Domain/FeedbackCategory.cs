namespace Micic.Messaging.Domain;

/// <summary>Feedback categories as the API names them.</summary>
public static class FeedbackCategory
{
    public const string Question = "question";
    public const string Request = "request";
    public const string Complaint = "complaint";
    public const string Sensitive = "sensitive";
    public const string Thanks = "thanks";

    public static readonly IReadOnlyList<string> All = [Question, Request, Complaint, Sensitive, Thanks];

    // A first guess for coordinators to correct, never a decision: sensitive words first, so abuse is never filed as thanks.
    static readonly (string Category, string[] Words)[] Clues =
    [
        (Sensitive, ["abuse", "sex", "rape", "traffick", "exploit", "harass", "prostitut", "abus", "viol", "traite", "trafic", "harcèle",
            "تحرش", "اغتصاب", "استغلال", "اتجار", "إتجار", "جنس", "اعتداء", "دعارة"]),
        (Complaint, ["complain", "bad", "problem", "wrong", "unfair", "plainte", "problème", "mauvais", "injuste", "شكوى", "مشكلة", "سيء"]),
        (Thanks, ["thank", "merci", "شكرا", "شكرًا", "ধন্যবাদ"]),
        (Request, ["need", "please", "want", "besoin", "svp", "s'il vous", "veux", "أحتاج", "نحتاج", "نريد", "أريد", "من فضلك", "দরকার"]),
    ];

    public static string Guess(string text)
    {
        var lower = text.ToLowerInvariant();
        foreach (var (category, words) in Clues)
            if (words.Any(word => lower.Contains(word, StringComparison.Ordinal)))
                return category;
        return Question;
    }
}

/// <summary>Feedback statuses as the API names them.</summary>
public static class FeedbackStatus
{
    public const string New = "new";
    public const string Answered = "answered";
    public const string Referred = "referred";
    public const string Closed = "closed";

    public static readonly IReadOnlyList<string> All = [New, Answered, Referred, Closed];
}
