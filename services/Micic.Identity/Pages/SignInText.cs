namespace Micic.Identity.Pages;

/// <summary>
/// The sign-in pages' words in English, French and Arabic, like the dashboard and the intake app. The language is
/// <c>?lang=</c>, else the <c>ui_locales</c> the client asked for, else the last one chosen here, else the browser's.
/// </summary>
public sealed record SignInText(
    string Language, string Direction, string Title, string UserName, string Password, string SignIn, string WrongCredentials, string LockedOut,
    string MfaTitle, string MfaHint, string Code, string Verify, string WrongCode, string SessionExpired, string Disabled, string SkipToForm,
    string InvitationTitle, string InvitationHint, string NewPassword, string ConfirmPassword, string AuthenticatorHint, string Accept,
    string InvitationInvalid, string PasswordsDiffer, string Accepted, string LanguageLabel, PasskeyText Passkeys)
{
    public const string LanguageCookie = "micic.language";

    public static readonly IReadOnlyDictionary<string, SignInText> All = new Dictionary<string, SignInText>
    {
        ["en"] = new("en", "ltr", "Sign in to Micic", "User name", "Password", "Sign in", "Wrong user name or password.",
            "Too many failed attempts: this account is locked for 15 minutes.",
            "Second factor", "Enter the 6-digit code your authenticator app shows for Micic.", "Code", "Verify",
            "Wrong or already used code.", "Your sign-in took too long; start again.", "This account is disabled.", "Skip to the form",
            "Accept your invitation", "Choose a password, then add Micic to your authenticator app and enter the code it shows.",
            "New password (at least 12 characters)", "Repeat the password", "Secret for your authenticator app (or open the link on your phone):",
            "Accept and sign in", "This invitation is not valid: it was used, has expired or was never issued. Ask your organisation's administrator for a new one.",
            "The two passwords differ.", "Your account is ready. Sign in.", "Language", new(
                "or", "Sign in with a passkey", "The passkey was not accepted. Try again, or sign in with your password and code.",
                "No passkey was used: the request was cancelled or took too long.", "This browser cannot use passkeys.",
                "Passkeys are not available at this address: open Micic at its name rather than a number such as 127.0.0.1.",
                "Your passkeys", "Passkeys of {0}", "Add a passkey (optional)", "Your account is ready.",
                "A passkey on this device or on a security key, unlocked with your fingerprint, face or PIN, signs you in without a password or code.",
                "You have no passkey yet.", "Name", "Added on", "Name of the new passkey (optional)", "Add a passkey", "Passkey added.", "Passkey removed.",
                "Remove", "Remove the passkey {0}", "Continue", "Passkey",
                "A name has at most 60 characters, none of them control characters.", "You hold 10 passkeys, the most allowed: remove one first.",
                "This authenticator holds a passkey for your account already.", "The passkey could not be added. Try again.")),
        ["fr"] = new("fr", "ltr", "Connexion à Micic", "Nom d'utilisateur", "Mot de passe", "Se connecter", "Nom d'utilisateur ou mot de passe erroné.",
            "Trop d'échecs : ce compte est verrouillé pendant 15 minutes.",
            "Second facteur", "Saisissez le code à 6 chiffres que votre application d'authentification affiche pour Micic.", "Code", "Vérifier",
            "Code erroné ou déjà utilisé.", "Votre connexion a pris trop de temps ; recommencez.", "Ce compte est désactivé.", "Aller au formulaire",
            "Accepter votre invitation", "Choisissez un mot de passe, puis ajoutez Micic à votre application d'authentification et saisissez le code affiché.",
            "Nouveau mot de passe (12 caractères au moins)", "Répétez le mot de passe", "Secret pour votre application d'authentification (ou ouvrez le lien sur votre téléphone) :",
            "Accepter et se connecter", "Cette invitation n'est pas valable : déjà utilisée, expirée ou jamais émise. Demandez-en une nouvelle à l'administrateur de votre organisation.",
            "Les deux mots de passe diffèrent.", "Votre compte est prêt. Connectez-vous.", "Langue", new(
                "ou", "Se connecter avec une clé d'accès", "La clé d'accès n'a pas été acceptée. Réessayez, ou connectez-vous avec votre mot de passe et votre code.",
                "Aucune clé d'accès n'a été utilisée : la demande a été annulée ou a pris trop de temps.", "Ce navigateur ne peut pas utiliser de clés d'accès.",
                "Les clés d'accès ne sont pas disponibles à cette adresse : ouvrez Micic par son nom plutôt que par un numéro comme 127.0.0.1.",
                "Vos clés d'accès", "Clés d'accès de {0}", "Ajouter une clé d'accès (facultatif)", "Votre compte est prêt.",
                "Une clé d'accès sur cet appareil ou sur une clé de sécurité, déverrouillée par votre empreinte, votre visage ou votre code PIN, vous connecte sans mot de passe ni code.",
                "Vous n'avez pas encore de clé d'accès.", "Nom", "Ajoutée le", "Nom de la nouvelle clé d'accès (facultatif)", "Ajouter une clé d'accès",
                "Clé d'accès ajoutée.", "Clé d'accès retirée.", "Retirer", "Retirer la clé d'accès {0}", "Continuer", "Clé d'accès",
                "Un nom compte 60 caractères au plus, sans caractère de contrôle.", "Vous avez 10 clés d'accès, le maximum : retirez-en une d'abord.",
                "Cet authentificateur contient déjà une clé d'accès pour votre compte.", "La clé d'accès n'a pas pu être ajoutée. Réessayez.")),
        ["ar"] = new("ar", "rtl", "تسجيل الدخول إلى ميسيك", "اسم المستخدم", "كلمة المرور", "دخول", "اسم المستخدم أو كلمة المرور غير صحيحة.",
            "محاولات فاشلة كثيرة: هذا الحساب مقفل لمدة 15 دقيقة.",
            "العامل الثاني", "أدخل الرمز المكوّن من 6 أرقام الذي يعرضه تطبيق المصادقة لديك لميسيك.", "الرمز", "تحقق",
            "رمز خاطئ أو مستخدم من قبل.", "استغرق تسجيل الدخول وقتاً طويلاً؛ ابدأ من جديد.", "هذا الحساب معطّل.", "انتقل إلى النموذج",
            "قبول الدعوة", "اختر كلمة مرور، ثم أضف ميسيك إلى تطبيق المصادقة وأدخل الرمز الذي يعرضه.",
            "كلمة مرور جديدة (12 حرفاً على الأقل)", "أعد كتابة كلمة المرور", "السر لتطبيق المصادقة (أو افتح الرابط على هاتفك):",
            "قبول وتسجيل الدخول", "هذه الدعوة غير صالحة: استُخدمت أو انتهت صلاحيتها أو لم تصدر. اطلب دعوة جديدة من مسؤول منظمتك.",
            "كلمتا المرور مختلفتان.", "حسابك جاهز. سجّل الدخول.", "اللغة", new(
                "أو", "الدخول بمفتاح مرور", "لم يُقبل مفتاح المرور. حاول مجدداً، أو سجّل الدخول بكلمة المرور والرمز.",
                "لم يُستخدم أي مفتاح مرور: أُلغي الطلب أو استغرق وقتاً طويلاً.", "لا يستطيع هذا المتصفح استخدام مفاتيح المرور.",
                "مفاتيح المرور غير متاحة على هذا العنوان: افتح ميسيك باسمه لا برقم مثل 127.0.0.1.",
                "مفاتيح المرور الخاصة بك", "مفاتيح مرور {0}", "إضافة مفتاح مرور (اختياري)", "حسابك جاهز.",
                "مفتاح المرور على هذا الجهاز أو على مفتاح أمان، يُفتح ببصمتك أو وجهك أو رقمك السري، يتيح لك الدخول بلا كلمة مرور ولا رمز.",
                "ليس لديك مفتاح مرور بعد.", "الاسم", "أُضيف في", "اسم مفتاح المرور الجديد (اختياري)", "إضافة مفتاح مرور", "أُضيف مفتاح المرور.",
                "أُزيل مفتاح المرور.", "إزالة", "إزالة مفتاح المرور {0}", "متابعة", "مفتاح مرور",
                "الاسم 60 حرفاً على الأكثر، بلا أحرف تحكّم.", "لديك 10 مفاتيح مرور، وهو الحد الأقصى: أزل واحداً أولاً.",
                "يحمل هذا المُصادِق مفتاح مرور لحسابك من قبل.", "تعذّرت إضافة مفتاح المرور. حاول مجدداً.")),
    };

    public static SignInText For(HttpContext context, string? returnUrl)
    {
        var chosen = context.Request.Query["lang"].ToString();
        if (All.ContainsKey(chosen))
        {
            context.Response.Cookies.Append(LanguageCookie, chosen, new CookieOptions { HttpOnly = true, SameSite = SameSiteMode.Lax, MaxAge = TimeSpan.FromDays(365) });
            return All[chosen];
        }
        var asked = returnUrl is not null && returnUrl.Contains('?')
            ? Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(returnUrl[returnUrl.IndexOf('?')..]).GetValueOrDefault("ui_locales").ToString().Split(' ')[0]
            : null;
        if (asked is not null && All.TryGetValue(asked[..Math.Min(2, asked.Length)], out var fromClient))
            return fromClient;
        if (context.Request.Cookies[LanguageCookie] is { } remembered && All.TryGetValue(remembered, out var kept))
            return kept;
        var browser = context.Request.GetTypedHeaders().AcceptLanguage.OrderByDescending(l => l.Quality ?? 1)
            .Select(l => l.Value.Value?[..Math.Min(2, l.Value.Value.Length)]).FirstOrDefault(l => l is not null && All.ContainsKey(l));
        return All[browser ?? "en"];
    }
}

/// <summary>The words of passkeys: the sign-in button, the passkeys page, what the page script says when a ceremony fails.</summary>
public sealed record PasskeyText(
    string Or, string SignIn, string Refused, string Cancelled, string Unsupported, string Unavailable, string Title, string HeldBy, string AddOptional, string Ready,
    string Hint, string None, string Name, string AddedOn, string NewName, string Add, string Added, string Removed, string Remove, string RemoveNamed,
    string Continue, string Unnamed, string BadName, string TooMany, string AlreadyHeld, string Failed);
