// Micic field intake: register families (or, at a transit site, walk-ins) with or without a network. What is sent is
// first kept on the device (IndexedDB) with its own Idempotency-Key, so a family typed offline survives a closed tab
// and is stored once, however often the sending is retried.
"use strict";

const strings = {
  en: {
    title: "Micic field intake", language: "Language", signOut: "Sign out", signInTitle: "Sign in", signIn: "Sign in",
    signInHelp: "Sign in with your own account. After that, the form works on this device without a network.",
    signInNetwork: "Signing in needs the network: connect once, then the form works without it.", signInAgain: "Sign in again",
    notForYou: "This app is for organisations that register families or receive walk-ins.",
    online: "online", offline: "offline", offlineNote: "No network: what you send is kept on this device and sent when the network returns.",
    familyTitle: "Register a family", walkInTitle: "Register a walk-in", crisis: "Crisis", pickupPlace: "Pickup place",
    destinationCountry: "Going to (country)", acceptsThirdCountry: "Would accept a safe third country", earliestDeparture: "Not before (optional)",
    consent: "The family agrees their details are shared with their consulate", phone: "Contact phone (optional)", notes: "Notes (optional)",
    messageLanguage: "Language of text messages", messageConsent: "The family agrees to receive text messages about its journey",
    person: "Person {n}", givenName: "Given name", familyName: "Family name", sex: "Sex", sexF: "female", sexM: "male", sexX: "other",
    birthDate: "Date of birth", age: "or age (years)", nationality: "Nationality", documentKind: "Document", documentNumber: "Document number",
    expiresOn: "Expires on", needs: "Needs", addPerson: "Add a person", removePerson: "Remove this person", review: "Review",
    reviewTitle: "Check before sending", back: "Back", send: "Send", sentTitle: "Sent from this device", nothingSent: "Nothing sent from this device yet.",
    required: "Required.", choose: "Choose…", people: "{n} people", onePerson: "1 person", reference: "Reference",
    queued: "waiting for the network", sending: "sending", refused: "refused", submitted: "submitted", pending: "waiting for a seat",
    matched: "seat found", manifested: "on the manifest", departed: "left", "in-transit": "in transit", completed: "arrived", cancelled: "cancelled",
    fix: "Correct it", discard: "Remove",
    sessionExpired: "Your sign-in has expired: sign in again to send what is waiting.",
    pinSetTitle: "Choose a PIN for this device", pinSetHelp: "The families you register are kept encrypted on this device until they are sent. The PIN opens them; nobody else on this device can read them.",
    pinNew: "New PIN (at least 6 digits)", pinAgain: "The same PIN again", pinSave: "Keep this PIN", pinUnlockTitle: "Enter your PIN", pin: "PIN", unlock: "Open",
    pinWho: "{name}, {organisation}", pinTooShort: "The PIN must be at least 6 digits, digits only.", pinMismatch: "The two PINs are not the same.",
    pinWrong: "Wrong PIN. {n} tries left before the PIN on this device is erased.",
    pinErased: "Five wrong PINs: the PIN on this device is erased and you are signed out here. {n} families waiting to be sent stay encrypted on this device; sign in again with the network to set a new PIN and send them.",
    pinNeedsNetwork: "Setting a PIN needs the network once.",
    accountDisabled: "This account has been disabled: its PIN on this device is erased and it is signed out. {n} families waiting to be sent stay encrypted on this device for a colleague of your organisation to sign in and send them for review.",
    signOutTitle: "Sign out of this device?", signOutLeft: "{n} families could not be sent. Signing out erases them from this device.",
    signOutKeep: "Stay signed in", signOutErase: "Erase them and sign out", signedOutErased: "Signed out. {n} unsent families were erased from this device.",
    held: "held for review by your organisation",
    heldNotice: "Held for review by your organisation: {n}. Registered by a person who has since been disabled, they are no longer kept on this device.",
    handedOver: "Left on this device by a colleague and now in your hands: {n}. They are sent for your organisation to review.",
    site: "Site", arrivedAt: "Arrived at", screeningNotes: "Screening notes (optional)", referrals: "Referrals",
    referTo: "Refer to {service}", referralConsent: "with consent", onward: "Onward journey (optional)", none: "none",
    "passport": "passport", "national-id": "national ID", "travel-document": "travel document",
    "medical": "medical", "medical-stretcher": "stretcher", "wheelchair": "wheelchair", "disability": "disability",
    "unaccompanied-child": "unaccompanied child", "separated-child": "separated child", "elderly": "elderly", "pregnant": "pregnant",
    "trafficking-survivor": "trafficking survivor", "asylum": "asylum", "child-protection": "child protection", "trafficking": "trafficking",
    "family-tracing": "family tracing",
  },
  fr: {
    title: "Micic — enregistrement sur le terrain", language: "Langue", signOut: "Se déconnecter", signInTitle: "Connexion",
    signIn: "Se connecter", signInHelp: "Connectez-vous avec votre propre compte. Ensuite, le formulaire fonctionne sur cet appareil sans réseau.",
    signInNetwork: "La connexion demande le réseau : connectez-vous une fois, ensuite le formulaire fonctionne sans.", signInAgain: "Se reconnecter",
    notForYou: "Cette application est destinée aux organisations qui enregistrent des familles ou accueillent des personnes.",
    online: "en ligne", offline: "hors ligne", offlineNote: "Pas de réseau : ce que vous envoyez est gardé sur cet appareil et partira au retour du réseau.",
    familyTitle: "Enregistrer une famille", walkInTitle: "Enregistrer une personne arrivée seule", crisis: "Crise", pickupPlace: "Lieu de départ",
    destinationCountry: "Pays de destination", acceptsThirdCountry: "Accepte un pays tiers sûr", earliestDeparture: "Pas avant (facultatif)",
    consent: "La famille accepte que ses données soient transmises à son consulat", phone: "Téléphone (facultatif)", notes: "Remarques (facultatif)",
    messageLanguage: "Langue des SMS", messageConsent: "La famille accepte de recevoir des SMS sur son voyage",
    person: "Personne {n}", givenName: "Prénom", familyName: "Nom", sex: "Sexe", sexF: "femme", sexM: "homme", sexX: "autre",
    birthDate: "Date de naissance", age: "ou âge (ans)", nationality: "Nationalité", documentKind: "Document", documentNumber: "Numéro du document",
    expiresOn: "Expire le", needs: "Besoins", addPerson: "Ajouter une personne", removePerson: "Retirer cette personne", review: "Vérifier",
    reviewTitle: "Vérifiez avant d'envoyer", back: "Retour", send: "Envoyer", sentTitle: "Envoyé depuis cet appareil",
    nothingSent: "Rien n'a encore été envoyé depuis cet appareil.", required: "Obligatoire.", choose: "Choisir…", people: "{n} personnes",
    onePerson: "1 personne", reference: "Référence", queued: "en attente du réseau", sending: "envoi", refused: "refusé", submitted: "reçu",
    pending: "en attente d'une place", matched: "place trouvée", manifested: "sur le manifeste", departed: "parti", "in-transit": "en transit",
    completed: "arrivé", cancelled: "annulé", fix: "Corriger", discard: "Retirer",
    sessionExpired: "Votre connexion a expiré : reconnectez-vous pour envoyer ce qui attend.",
    pinSetTitle: "Choisissez un code PIN pour cet appareil", pinSetHelp: "Les familles que vous enregistrez sont gardées chiffrées sur cet appareil jusqu'à leur envoi. Le code PIN les ouvre ; personne d'autre sur cet appareil ne peut les lire.",
    pinNew: "Nouveau code PIN (6 chiffres au moins)", pinAgain: "Le même code PIN encore", pinSave: "Garder ce code PIN", pinUnlockTitle: "Saisissez votre code PIN",
    pin: "Code PIN", unlock: "Ouvrir", pinWho: "{name}, {organisation}", pinTooShort: "Le code PIN doit compter au moins 6 chiffres, et rien d'autre.",
    pinMismatch: "Les deux codes PIN diffèrent.", pinWrong: "Code PIN erroné. Encore {n} essais avant que le code PIN de cet appareil soit effacé.",
    pinErased: "Cinq codes PIN erronés : le code PIN de cet appareil est effacé et vous êtes déconnecté ici. {n} familles en attente d'envoi restent chiffrées sur cet appareil ; reconnectez-vous avec le réseau pour choisir un nouveau code PIN et les envoyer.",
    pinNeedsNetwork: "Choisir un code PIN demande le réseau une fois.",
    accountDisabled: "Ce compte a été désactivé : son code PIN sur cet appareil est effacé et il est déconnecté. {n} familles en attente d'envoi restent chiffrées sur cet appareil ; un collègue de votre organisation peut se connecter et les envoyer pour examen.",
    signOutTitle: "Se déconnecter de cet appareil ?", signOutLeft: "{n} familles n'ont pas pu être envoyées. Se déconnecter les efface de cet appareil.",
    signOutKeep: "Rester connecté", signOutErase: "Les effacer et se déconnecter", signedOutErased: "Déconnecté. {n} familles non envoyées ont été effacées de cet appareil.",
    held: "retenue pour examen par votre organisation",
    heldNotice: "Retenues pour examen par votre organisation : {n}. Enregistrées par une personne désactivée depuis, elles ne sont plus gardées sur cet appareil.",
    handedOver: "Laissées sur cet appareil par un collègue et maintenant entre vos mains : {n}. Elles sont envoyées pour examen par votre organisation.",
    site: "Site", arrivedAt: "Arrivé le", screeningNotes: "Notes d'accueil (facultatif)", referrals: "Orientations",
    referTo: "Orienter vers : {service}", referralConsent: "avec consentement", onward: "Suite du voyage (facultatif)", none: "aucun",
    "passport": "passeport", "national-id": "carte d'identité", "travel-document": "document de voyage",
    "medical": "médical", "medical-stretcher": "brancard", "wheelchair": "fauteuil roulant", "disability": "handicap",
    "unaccompanied-child": "enfant non accompagné", "separated-child": "enfant séparé", "elderly": "personne âgée", "pregnant": "enceinte",
    "trafficking-survivor": "victime de traite", "asylum": "asile", "child-protection": "protection de l'enfance", "trafficking": "traite",
    "family-tracing": "recherche familiale",
  },
  ar: {
    title: "ميسيك — التسجيل الميداني", language: "اللغة", signOut: "تسجيل الخروج", signInTitle: "تسجيل الدخول", signIn: "دخول",
    signInHelp: "سجّل الدخول بحسابك الخاص. بعد ذلك يعمل النموذج على هذا الجهاز دون شبكة.",
    signInNetwork: "يحتاج تسجيل الدخول إلى الشبكة: اتصل مرة واحدة، ثم يعمل النموذج بدونها.", signInAgain: "سجّل الدخول مجددًا",
    notForYou: "هذا التطبيق للمنظمات التي تسجل العائلات أو تستقبل الواصلين.",
    online: "متصل", offline: "غير متصل", offlineNote: "لا توجد شبكة: ما ترسله يُحفظ على هذا الجهاز ويُرسل عند عودة الشبكة.",
    familyTitle: "تسجيل عائلة", walkInTitle: "تسجيل شخص واصل", crisis: "الأزمة", pickupPlace: "مكان الانطلاق", destinationCountry: "بلد الوجهة",
    acceptsThirdCountry: "يقبل بلدًا ثالثًا آمنًا", earliestDeparture: "ليس قبل (اختياري)",
    consent: "توافق العائلة على مشاركة بياناتها مع قنصليتها", phone: "هاتف للتواصل (اختياري)", notes: "ملاحظات (اختياري)",
    messageLanguage: "لغة الرسائل النصية", messageConsent: "توافق العائلة على تلقي رسائل نصية عن رحلتها",
    person: "الشخص {n}", givenName: "الاسم", familyName: "اسم العائلة", sex: "الجنس", sexF: "أنثى", sexM: "ذكر", sexX: "آخر",
    birthDate: "تاريخ الميلاد", age: "أو العمر (بالسنوات)", nationality: "الجنسية", documentKind: "الوثيقة", documentNumber: "رقم الوثيقة",
    expiresOn: "تنتهي في", needs: "الاحتياجات", addPerson: "إضافة شخص", removePerson: "حذف هذا الشخص", review: "مراجعة",
    reviewTitle: "تحقق قبل الإرسال", back: "رجوع", send: "إرسال", sentTitle: "ما أُرسل من هذا الجهاز", nothingSent: "لم يُرسل شيء من هذا الجهاز بعد.",
    required: "حقل مطلوب.", choose: "اختر…", people: "{n} أشخاص", onePerson: "شخص واحد", reference: "المرجع",
    queued: "بانتظار الشبكة", sending: "جارٍ الإرسال", refused: "مرفوض", submitted: "تم الاستلام", pending: "بانتظار مقعد", matched: "وُجد مقعد",
    manifested: "على قائمة الركاب", departed: "غادر", "in-transit": "في العبور", completed: "وصل", cancelled: "أُلغي", fix: "تصحيح", discard: "حذف",
    sessionExpired: "انتهت صلاحية الدخول: سجّل الدخول مجددًا لإرسال ما ينتظر.",
    pinSetTitle: "اختر رمز PIN لهذا الجهاز", pinSetHelp: "تُحفظ العائلات التي تسجلها مشفّرة على هذا الجهاز حتى إرسالها. رمز PIN يفتحها، ولا يستطيع غيرك على هذا الجهاز قراءتها.",
    pinNew: "رمز PIN جديد (6 أرقام على الأقل)", pinAgain: "رمز PIN نفسه مرة أخرى", pinSave: "احفظ هذا الرمز", pinUnlockTitle: "أدخل رمز PIN",
    pin: "رمز PIN", unlock: "فتح", pinWho: "{name}، {organisation}", pinTooShort: "يجب أن يتكون رمز PIN من 6 أرقام على الأقل، أرقام فقط.",
    pinMismatch: "الرمزان غير متطابقين.", pinWrong: "رمز PIN خاطئ. بقيت {n} محاولات قبل محو رمز PIN من هذا الجهاز.",
    pinErased: "خمسة رموز خاطئة: مُحي رمز PIN من هذا الجهاز وخرجت منه. تبقى {n} عائلات بانتظار الإرسال مشفّرة على هذا الجهاز؛ سجّل الدخول مجددًا مع الشبكة لتختار رمزًا جديدًا وترسلها.",
    pinNeedsNetwork: "يحتاج اختيار رمز PIN إلى الشبكة مرة واحدة.",
    accountDisabled: "عُطّل هذا الحساب: مُحي رمز PIN الخاص به من هذا الجهاز وأُنهي دخوله. تبقى {n} عائلات بانتظار الإرسال مشفّرة على هذا الجهاز ليسجّل زميل من منظمتك الدخول ويرسلها للمراجعة.",
    signOutTitle: "تسجيل الخروج من هذا الجهاز؟", signOutLeft: "تعذّر إرسال {n} عائلات. تسجيل الخروج يمحوها من هذا الجهاز.",
    signOutKeep: "البقاء متصلًا", signOutErase: "امحُها وسجّل الخروج", signedOutErased: "تم الخروج. مُحيت {n} عائلات لم تُرسل من هذا الجهاز.",
    held: "محتجزة لمراجعة منظمتك",
    heldNotice: "محتجزة لمراجعة منظمتك: {n}. سجّلها شخص عُطّل حسابه منذ ذلك الحين، ولم تعد محفوظة على هذا الجهاز.",
    handedOver: "تركها زميل على هذا الجهاز وأصبحت في عهدتك: {n}. تُرسل لمراجعة منظمتك.",
    site: "الموقع", arrivedAt: "وقت الوصول", screeningNotes: "ملاحظات الفحص (اختياري)", referrals: "الإحالات", referTo: "إحالة إلى: {service}",
    referralConsent: "بموافقة", onward: "متابعة الرحلة (اختياري)", none: "لا شيء",
    "passport": "جواز سفر", "national-id": "بطاقة هوية", "travel-document": "وثيقة سفر",
    "medical": "طبية", "medical-stretcher": "نقالة", "wheelchair": "كرسي متحرك", "disability": "إعاقة", "unaccompanied-child": "طفل غير مصحوب",
    "separated-child": "طفل منفصل عن ذويه", "elderly": "مسن", "pregnant": "حامل", "trafficking-survivor": "ناجٍ من الاتجار بالبشر",
    "asylum": "اللجوء", "child-protection": "حماية الطفل", "trafficking": "مكافحة الاتجار", "family-tracing": "البحث عن الأسرة",
  },
};

const needs = ["medical", "medical-stretcher", "wheelchair", "disability", "unaccompanied-child", "separated-child", "elderly", "pregnant", "trafficking-survivor"];
const documentKinds = ["passport", "national-id", "travel-document", "none"];
const referralServices = ["asylum", "child-protection", "medical", "trafficking", "family-tracing"];
const referenceKey = "micic.intake.reference", languageKey = "micic.language";

const $ = (selector, root = document) => root.querySelector(selector);
const $$ = (selector, root = document) => [...root.querySelectorAll(selector)];

// Language: ?lang= picks it and it is remembered; otherwise the last choice, or the device's language.
let lang = (() => {
  const asked = new URLSearchParams(location.search).get("lang");
  if (asked && strings[asked]) { localStorage.setItem(languageKey, asked); return asked; }
  const kept = localStorage.getItem(languageKey);
  if (kept && strings[kept]) return kept;
  const device = (navigator.language || "en").slice(0, 2);
  return strings[device] ? device : "en";
})();

function t(key, values = {}) {
  const text = strings[lang][key] ?? strings.en[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (_, name) => values[name] === undefined ? "" : number(values[name]));
}
const number = (value) => typeof value === "number" ? new Intl.NumberFormat(lang).format(value) : String(value);
const when = (iso) => new Intl.DateTimeFormat(lang, { dateStyle: "medium", timeStyle: "short" }).format(new Date(iso));

function countryName(country) {
  try {
    return country.alpha2 ? new Intl.DisplayNames([lang], { type: "region" }).of(country.alpha2) : country.code;
  } catch { return country.code; }
}

// ---- The device's store (vault.js): what waits or was sent is kept encrypted; only what is needed to send it is not ----
// In clear: its Idempotency-Key, kind, organisation, time, state, registrant ticket (opaque) and the platform's ids.
const inClear = ["key", "kind", "organisationId", "createdAt", "state", "registrant", "id", "reference", "arrivalId", "status"];
let dataKey = null;
/** Families held for review this session: no longer on the device, shown until the page closes. */
const heldHere = [];

const fact = (name) => vault.store.get("facts", name);
const keepFact = (name, value) => value === undefined ? vault.store.remove("facts", name) : vault.store.put("facts", value, name);

/** This organisation's items on the device, opened with the data key. */
async function items() {
  if (!dataKey || !me) return [];
  const opened = [];
  for (const item of (await vault.store.all("sent")).filter((i) => i.organisationId === me.organisationId)) {
    try { opened.push({ ...(await vault.open(dataKey, item.sealed)), ...pick(item) }); } catch { /* not this key's */ }
  }
  return opened;
}

/** How many of this organisation's families wait on the device, counted without opening them. */
const waiting = async (organisationId) =>
  (await vault.store.all("sent")).filter((i) => i.organisationId === organisationId && ["queued", "refused"].includes(i.state)).length;

const pick = (item) => Object.fromEntries(inClear.filter((name) => item[name] !== undefined).map((name) => [name, item[name]]));

async function keep(item) {
  const { body, values, people, problem, registeredBy } = item;
  await vault.store.put("sent", { ...pick(item), sealed: await vault.seal(dataKey, { body, values, people, problem, registeredBy }) });
}

const forget = (key) => vault.store.remove("sent", key);

// ---- Who is signed in (the gateway's session; the page never holds a token) and the reference data, kept for offline use
// The session's facts (name, organisation, roles, sites) are not secret: kept on the device so the app opens offline.
let me = null;
const reference = () => JSON.parse(localStorage.getItem(referenceKey) || "null") ?? { crises: [], places: [], countries: [] };
const isWalkInDesk = () => !!me && me.roles.includes("transit") && !me.roles.includes("requester") && !me.roles.includes("coordinator");
const mayUse = (roles) => ["requester", "coordinator", "transit"].some((role) => roles.includes(role));

/**
 * A call with the session's cookie; a change says so (the gateway refuses a cookie write without it). A 401 saying the
 * account is disabled erases that person's PIN on this device before anything else is done.
 */
async function api(path, options = {}) {
  const write = options.method && options.method !== "GET";
  const response = await fetch(path, { ...options, credentials: "same-origin",
    headers: { ...(options.headers ?? {}), ...(write ? { "X-Micic-Csrf": "1" } : {}) } });
  if (response.status === 401 && (await response.clone().json().catch(() => ({}))).reason === "account-disabled") await accountDisabled();
  return response;
}

// Several calls may be refused at once: the erasing is done once.
let disabling = null;
function accountDisabled() {
  disabling ??= (async () => {
    if (!me) return;
    const left = await waiting(me.organisationId);
    await vault.forgetPin(me.organisationId, me.id);
    await endLocalSignIn(t("accountDisabled", { n: left }));
  })();
  return disabling;
}

/** What the device last said when it ended a sign-in, kept on screen whatever else answers meanwhile. */
let farewell = null;

/** This device forgets who was signed in: key, facts and screens; the queue stays as it is. */
async function endLocalSignIn(message) {
  farewell = message ?? null;
  lock(false);
  me = null;
  await keepFact("session", undefined);
  await keepFact("device", undefined);
  showSignIn(message);
}

async function refreshReference() {
  try {
    const [crises, places, countries] = await Promise.all(["/api/crises", "/api/places", "/api/countries"].map(async (path) => {
      const response = await api(path);
      if (!response.ok) throw new Error(path);
      return response.json();
    }));
    localStorage.setItem(referenceKey, JSON.stringify({ crises, places, countries }));
    return true;
  } catch { return false; }
}

/** Asks the gateway who is signed in: the session's facts, "signed-out", or null when there is no answer (offline). */
async function askSession() {
  let response;
  try { response = await api("/api/session"); } catch { return null; }
  if (response.status === 401) return "signed-out";
  if (!response.ok) return null;
  const session = await response.json();
  return { id: session.id, name: session.name, organisationId: session.organisationId, organisationName: session.organisationName,
    roles: session.roles, sites: session.sites ?? [] };
}

$("#sign-in-button").addEventListener("click", () => {
  if (!navigator.onLine) { $("#sign-in-message").textContent = t("signInNetwork"); return; }
  location.assign(`/api/session/login?returnUrl=${encodeURIComponent("/intake/?lang=" + lang)}&lang=${lang}`);
});
$("#notice-sign-in").addEventListener("click", () => $("#sign-in-button").click());

// Signing out first sends what waits; what cannot be sent is erased only once the person says so.
$("#sign-out").addEventListener("click", async () => {
  if (dataKey && navigator.onLine) await flush();
  if (!me) return;
  const left = await waiting(me.organisationId);
  if (left === 0) return signOut();
  $("#sign-out-text").textContent = t("signOutLeft", { n: left });
  $("#sign-out-erase").dataset.count = String(left);
  showOnly("sign-out-confirm");
  $("#sign-out-keep").focus();
});
$("#sign-out-keep").addEventListener("click", () => dataKey ? showWork() : showUnlock());
$("#sign-out-erase").addEventListener("click", () => signOut(t("signedOutErased", { n: Number($("#sign-out-erase").dataset.count) })));

async function signOut(message) {
  try { await api("/api/session/logout", { method: "POST" }); } catch { /* offline: the session ends here; the cookie expires */ }
  if (!me) return;
  const organisationId = me.organisationId;
  for (const item of (await vault.store.all("sent")).filter((i) => i.organisationId === organisationId)) await forget(item.key);
  await vault.forgetPin(organisationId, me.id);
  const keyring = await vault.store.get("keyrings", organisationId);
  if (keyring && Object.keys(keyring.pins ?? {}).length === 0) await vault.forgetOrganisation(organisationId);
  await endLocalSignIn(message);
}

// ---- The PIN: set once per person and device, asked when the app opens and after five idle minutes -------------------
const idleLimit = 5 * 60 * 1000;
let idle = null;

function awake() {
  clearTimeout(idle);
  if (dataKey) idle = setTimeout(() => { lock(); showUnlock(); }, idleLimit);
}
for (const event of ["pointerdown", "keydown", "input"]) document.addEventListener(event, awake, { passive: true });

/** Forgets the key and takes every opened family off the screen. */
function lock(render = true) {
  dataKey = null;
  clearTimeout(idle);
  reviewing = null;
  $("#fields").innerHTML = "";
  $("#review-body").innerHTML = "";
  $("#sent").innerHTML = "";
  $("#review").hidden = true;
  $("#family").hidden = false;
  if (render) showOnly("pin-unlock");
}

function showPinSet(message) {
  showOnly("pin-set");
  $("#pin-set").reset();
  $("#pin-set-error").textContent = message ?? "";
  $("#pin-new").focus();
}

function showUnlock(message) {
  showOnly("pin-unlock");
  $("#pin-unlock").reset();
  $("#pin-unlock-who").textContent = t("pinWho", { name: me.name, organisation: me.organisationName });
  $("#pin-unlock-error").textContent = message ?? "";
  $("#pin").removeAttribute("aria-invalid");
  $("#pin").focus();
}

/** The organisation's key (used at once, never kept) and a fresh registrant ticket for this person. */
async function askDevice() {
  try {
    const response = await api("/api/requests/intake/device");
    return response.ok ? await response.json() : null;
  } catch { return null; }
}

$("#pin-set").addEventListener("submit", async (event) => {
  event.preventDefault();
  const pin = $("#pin-new").value, again = $("#pin-again").value;
  const error = (message) => { $("#pin-set-error").textContent = message; $("#pin-new").setAttribute("aria-invalid", "true"); $("#pin-new").focus(); };
  if (!/^[0-9]{6,}$/.test(pin)) return error(t("pinTooShort"));
  if (pin !== again) return error(t("pinMismatch"));
  const device = navigator.onLine ? await askDevice() : null;
  if (!me) return; // the account was found disabled meanwhile
  if (!device) return error(t("pinNeedsNetwork"));
  dataKey = await vault.setPin(me.organisationId, me.id, pin, device.organisationKey);
  await keepFact("device", { registrant: device.registrant, expiresAt: device.registrantExpiresAt });
  await unlocked();
});

$("#pin-unlock").addEventListener("submit", async (event) => {
  event.preventDefault();
  const button = $("#pin-unlock button[type=submit]");
  button.disabled = true;
  try {
    const answer = await vault.unlock(me.organisationId, me.id, $("#pin").value);
    if (answer.key) { dataKey = answer.key; await unlocked(); return; }
    if (answer.wrongPins) {
      showUnlock(t("pinWrong", { n: vault.maxWrongPins - answer.wrongPins }));
      $("#pin").setAttribute("aria-invalid", "true");
      return;
    }
    // Erased (five wrong in a row) or missing: this person signs in again, online, and sets a new PIN.
    const left = await waiting(me.organisationId);
    if (navigator.onLine) api("/api/session/logout", { method: "POST" }).catch(() => {});
    await endLocalSignIn(answer.erased ? t("pinErased", { n: left }) : undefined);
  } finally { button.disabled = false; }
});

/**
 * Families an earlier version of the app kept in clear: encrypted into this organisation's queue, then removed in clear.
 * That version signed in as the organisation, so who typed them is not known: they go as registered by the person who
 * opens the queue now, with today's ticket.
 */
async function adoptEarlier() {
  const device = await fact("device");
  for (const item of await vault.store.all("earlier")) {
    await keep({ ...item, organisationId: me.organisationId, registrant: device?.registrant, registeredBy: { id: me.id, name: me.name } });
    await vault.store.remove("earlier", item.key);
  }
}

async function unlocked() {
  awake();
  await adoptEarlier();
  // The form is drawn once the lists are there (its choices default from them); newer lists show the next time it is drawn.
  const hadReference = !!localStorage.getItem(referenceKey);
  if (navigator.onLine && !hadReference) await refreshReference();
  showWork();
  const theirs = (await items()).filter((i) => i.state === "queued" && i.registeredBy && i.registeredBy.id !== me.id).length;
  if (theirs > 0) notice("handedOver", { n: theirs });
  if (!navigator.onLine) return;
  const device = await askDevice();
  if (device) await keepFact("device", { registrant: device.registrant, expiresAt: device.registrantExpiresAt });
  if (hadReference) await refreshReference();
  flush();
}

/** The notice above the form, by its string's key, so that it follows a change of language. */
let noticed = null;
function notice(key, values = {}, signIn = false) {
  noticed = key ? { key, values, signIn } : null;
  $("#notice").hidden = !key;
  $("#notice-text").textContent = key ? t(key, values) : "";
  $("#notice-sign-in").hidden = !signIn;
}

function showOnly(id) {
  if (id !== "work" && id !== "sign-out-confirm") notice(undefined);
  for (const section of ["sign-in", "pin-set", "pin-unlock", "sign-out-confirm", "work"]) $("#" + section).hidden = section !== id;
  $("#sign-out").hidden = !me || id === "sign-in";
  $("#who").hidden = !me;
  $("#who").textContent = me ? `${me.name} · ${me.organisationName}` : "";
}

function showSignIn(message) {
  showOnly("sign-in");
  $("#sign-in-message").textContent = message ?? "";
}

function showWork() {
  showOnly("work");
  renderForm();
  renderSent();
}

// ---- The form: every field of the API, named as the API names it, so that its refusals land on the right field -----
let people = 1;

function options(values, label, chosen, placeholder = true) {
  return (placeholder ? `<option value="">${esc(t("choose"))}</option>` : "")
    + values.map((value) => `<option value="${esc(value)}"${value === chosen ? " selected" : ""}>${esc(label(value))}</option>`).join("");
}

function field(name, label, input) {
  const id = "f-" + name.replace(/[^\w-]/g, "_");
  return `<label for="${id}"><span>${esc(label)}</span>${input.replace("<INPUT", `id="${id}" name="${name}" aria-describedby="${id}-error"`)}`
    + `<span class="field-error" id="${id}-error"></span></label>`;
}

// The languages Micic writes its text messages in, each named in itself (without one, the family's nationality decides).
const MessageLanguages = { ar: "العربية", bn: "বাংলা", en: "English", fr: "Français" };

const text = (name, label, type = "text", extra = "") => field(name, label, `<input <INPUT type="${type}" ${extra}>`);
const choice = (name, label, values, labelOf, chosen) => field(name, label, `<select <INPUT>${options(values, labelOf, chosen)}</select>`);
const check = (name, label, checked = false) =>
  `<label class="check"><input type="checkbox" name="${name}"${checked ? " checked" : ""}><span>${esc(label)}</span></label>`;

function personFields(prefix, index) {
  const ref = reference();
  const countries = ref.countries.map((c) => c.code);
  const byCode = Object.fromEntries(ref.countries.map((c) => [c.code, c]));
  return `<fieldset data-person="${index}"><legend>${esc(t("person", { n: index + 1 }))}</legend><div class="grid">
      ${text(prefix + "givenName", t("givenName"), "text", 'dir="auto" autocomplete="off"')}
      ${text(prefix + "familyName", t("familyName"), "text", 'dir="auto" autocomplete="off"')}
      ${choice(prefix + "sex", t("sex"), ["F", "M", "X"], (s) => t("sex" + s))}
      ${text(prefix + "birthDate", t("birthDate"), "date")}
      ${text(prefix + "age", t("age"), "number", 'min="0" max="120" inputmode="numeric"')}
      ${choice(prefix + "nationality", t("nationality"), countries, (code) => `${countryName(byCode[code])} (${code})`)}
      ${choice(prefix + "document.kind", t("documentKind"), documentKinds, (kind) => t(kind === "none" ? "none" : kind))}
      ${text(prefix + "document.number", t("documentNumber"), "text", 'autocomplete="off"')}
      ${text(prefix + "document.expiresOn", t("expiresOn"), "date")}
    </div>
    <fieldset class="needs-set"><legend>${esc(t("needs"))}</legend><div class="needs">${needs.map((need) => check(prefix + "needs:" + need, t(need))).join("")}</div>
      <span class="field-error" id="f-${(prefix + "needs").replace(/[^\w-]/g, "_")}-error"></span></fieldset>
    ${index > 0 ? `<button type="button" class="quiet" data-remove="${index}">${esc(t("removePerson"))}</button>` : ""}
  </fieldset>`;
}

function renderForm(values) {
  const ref = reference();
  const walkIn = isWalkInDesk();
  const countries = ref.countries.map((c) => c.code);
  const byCode = Object.fromEntries(ref.countries.map((c) => [c.code, c]));
  const placeName = (code) => { const place = ref.places.find((p) => p.code === code); return place ? `${place.name} (${code})` : code; };
  const crisisName = (id) => ref.crises.find((c) => c.id === id)?.name ?? id;
  const crisisIds = ref.crises.map((c) => c.id);
  $("#family-title").textContent = t(walkIn ? "walkInTitle" : "familyTitle");
  $("#add-person").hidden = walkIn;
  let html;
  if (walkIn) {
    const now = new Date(Date.now() - new Date().getTimezoneOffset() * 60000).toISOString().slice(0, 16);
    html = `<div class="grid">
        ${choice("siteCode", t("site"), me.sites, placeName, me.sites[0])}
        ${text("arrivedAt", t("arrivedAt"), "datetime-local", `value="${now}"`)}
        ${choice("walkIn.crisisId", t("crisis"), crisisIds, crisisName, crisisIds.length === 1 ? crisisIds[0] : undefined)}
      </div>
      ${personFields("walkIn.", 0)}
      ${text("screening.notes", t("screeningNotes"), "text", 'dir="auto"')}
      <fieldset><legend>${esc(t("referrals"))}</legend><div>
        ${referralServices.map((service) => `<div class="referral">${check("refer:" + service, t("referTo", { service: t(service) }))}${check("consent:" + service, t("referralConsent"))}</div>`).join("")}
      </div><span class="field-error" id="f-referrals-error"></span></fieldset>
      <fieldset><legend>${esc(t("onward"))}</legend><div class="grid">
        ${choice("onward.destinationCountry", t("destinationCountry"), countries, (code) => `${countryName(byCode[code])} (${code})`)}
        ${choice("onward.pickupPlace", t("pickupPlace"), ref.places.map((p) => p.code), placeName)}
      </div></fieldset>`;
  } else {
    html = `<div class="grid">
        ${choice("crisisId", t("crisis"), crisisIds, crisisName, crisisIds.length === 1 ? crisisIds[0] : undefined)}
        ${choice("pickupPlace", t("pickupPlace"), ref.places.map((p) => p.code), placeName)}
        ${choice("destinationCountry", t("destinationCountry"), countries, (code) => `${countryName(byCode[code])} (${code})`)}
        ${text("earliestDeparture", t("earliestDeparture"), "datetime-local")}
        ${text("contact.phone", t("phone"), "tel", 'dir="ltr" autocomplete="off"')}
        ${choice("contact.language", t("messageLanguage"), Object.keys(MessageLanguages), (code) => MessageLanguages[code])}
        ${text("notes", t("notes"), "text", 'dir="auto"')}
      </div>
      ${check("acceptsThirdCountry", t("acceptsThirdCountry"))}
      ${check("consentToShareWithConsulate", t("consent"))}
      ${check("contact.consentToMessages", t("messageConsent"))}
      <h3>${esc(people === 1 ? t("onePerson") : t("people", { n: people }))}</h3>
      ${Array.from({ length: people }, (_, i) => personFields(`people[${i}].`, i)).join("")}`;
  }
  $("#fields").innerHTML = html;
  if (values) fill(values);
}

$("#add-person").addEventListener("click", () => {
  const values = read();
  people = Math.min(20, people + 1);
  renderForm(values);
  $(`[name="people[${people - 1}].givenName"]`)?.focus();
});

$("#fields").addEventListener("click", (event) => {
  const remove = event.target.closest("[data-remove]");
  if (!remove) return;
  const index = Number(remove.dataset.remove);
  const values = read();
  // The people after the one removed move up a place.
  const moved = {};
  for (const [name, value] of Object.entries(values)) {
    const match = /^people\[(\d+)\]\.(.*)$/.exec(name);
    if (!match) { moved[name] = value; continue; }
    const i = Number(match[1]);
    if (i !== index) moved[`people[${i > index ? i - 1 : i}].${match[2]}`] = value;
  }
  people -= 1;
  renderForm(moved);
});

/** Every input's value by its name, as typed (names are never trimmed or changed). */
function read() {
  const values = {};
  for (const input of $$("#fields input, #fields select")) values[input.name] = input.type === "checkbox" ? input.checked : input.value;
  return values;
}

function fill(values) {
  for (const input of $$("#fields input, #fields select")) {
    if (!(input.name in values)) continue;
    if (input.type === "checkbox") input.checked = !!values[input.name]; else input.value = values[input.name];
  }
}

/** The API's body from the form's values. */
function bodyOf(values) {
  const person = (prefix) => {
    const birthDate = values[prefix + "birthDate"], age = values[prefix + "age"];
    const kind = values[prefix + "document.kind"];
    return {
      givenName: values[prefix + "givenName"], familyName: values[prefix + "familyName"], sex: values[prefix + "sex"] || null,
      ...(birthDate ? { birthDate } : {}), ...(age !== "" && age !== undefined ? { age: Number(age) } : {}),
      nationality: values[prefix + "nationality"] || null,
      document: { kind: kind || null, ...(values[prefix + "document.number"] ? { number: values[prefix + "document.number"] } : {}),
        ...(values[prefix + "document.expiresOn"] ? { expiresOn: values[prefix + "document.expiresOn"] } : {}) },
      needs: needs.filter((need) => values[prefix + "needs:" + need]),
    };
  };
  const utc = (local) => local ? new Date(local).toISOString() : undefined;
  if (isWalkInDesk()) {
    const walkIn = { crisisId: values["walkIn.crisisId"] || null, ...person("walkIn.") };
    const onward = values["onward.destinationCountry"] || values["onward.pickupPlace"]
      ? { destinationCountry: values["onward.destinationCountry"] || null, pickupPlace: values["onward.pickupPlace"] || null } : undefined;
    return {
      siteCode: values.siteCode || null, arrivedAt: utc(values.arrivedAt) ?? null, walkIn,
      screening: { needs: walkIn.needs, ...(values["screening.notes"] ? { notes: values["screening.notes"] } : {}) },
      referrals: referralServices.filter((service) => values["refer:" + service]).map((service) => ({ to: service, consent: !!values["consent:" + service] })),
      ...(onward ? { onward } : {}),
    };
  }
  return {
    crisisId: values.crisisId || null, pickupPlace: values.pickupPlace || null, destinationCountry: values.destinationCountry || null,
    acceptsThirdCountry: !!values.acceptsThirdCountry, ...(values.earliestDeparture ? { earliestDeparture: utc(values.earliestDeparture) } : {}),
    consentToShareWithConsulate: !!values.consentToShareWithConsulate,
    ...(values["contact.phone"] ? { contact: {
      phone: values["contact.phone"], ...(values["contact.language"] ? { language: values["contact.language"] } : {}),
      consentToMessages: !!values["contact.consentToMessages"],
    } } : {}),
    ...(values.notes ? { notes: values.notes } : {}),
    people: Array.from({ length: people }, (_, i) => person(`people[${i}].`)),
  };
}

/** What must be there before anything is kept; the API checks the rest, and says so field by field. */
function missing(values) {
  const errors = {};
  const need = (name) => { if (!values[name]) errors[name] = [t("required")]; };
  const personNeeds = (prefix) => ["givenName", "familyName", "sex", "nationality", "document.kind"].forEach((f) => need(prefix + f));
  if (isWalkInDesk()) { ["siteCode", "arrivedAt", "walkIn.crisisId"].forEach(need); personNeeds("walkIn."); }
  else { ["crisisId", "pickupPlace", "destinationCountry"].forEach(need); for (let i = 0; i < people; i++) personNeeds(`people[${i}].`); }
  return errors;
}

function showErrors(errors, title) {
  for (const element of $$("#fields [aria-invalid]")) element.removeAttribute("aria-invalid");
  for (const element of $$("#fields .field-error")) element.textContent = "";
  const general = [];
  for (const [name, messages] of Object.entries(errors ?? {})) {
    const id = "f-" + name.replace(/[^\w-]/g, "_");
    const input = document.getElementById(id);
    const slot = document.getElementById(id + "-error");
    if (input) input.setAttribute("aria-invalid", "true");
    if (slot) slot.textContent = messages.join(" "); else general.push(`${name}: ${messages.join(" ")}`);
  }
  $("#form-errors").textContent = [title, ...general].filter(Boolean).join(" — ");
  $("#fields [aria-invalid=true]")?.focus();
}

let reviewing = null;

$("#family").addEventListener("submit", (event) => {
  event.preventDefault();
  const values = read();
  const errors = missing(values);
  if (Object.keys(errors).length > 0) { showErrors(errors); return; }
  showErrors({});
  reviewing = values;
  const body = bodyOf(values);
  const group = body.people ?? [body.walkIn];
  $("#review-body").innerHTML = `<dl class="summary">${group.map((p) => `<dt>${esc(t("person", { n: group.indexOf(p) + 1 }))}</dt>`
    + `<dd><bdi>${esc(p.familyName)}</bdi>, <bdi>${esc(p.givenName)}</bdi> · ${esc(p.nationality)} · ${esc(t(p.document.kind === "none" ? "none" : p.document.kind))}`
    + `${p.needs.length ? " · " + p.needs.map((n) => esc(t(n))).join(", ") : ""}</dd>`).join("")}</dl>`;
  $("#family").hidden = true;
  $("#review").hidden = false;
  $("#send").focus();
});

$("#back").addEventListener("click", () => { $("#review").hidden = true; $("#family").hidden = false; });

$("#send").addEventListener("click", async () => {
  const values = reviewing;
  const device = await fact("device");
  const item = { key: crypto.randomUUID(), kind: isWalkInDesk() ? "walk-in" : "request", body: bodyOf(values), values, people,
    organisationId: me.organisationId, registrant: device?.registrant, registeredBy: { id: me.id, name: me.name },
    createdAt: new Date().toISOString(), state: "queued" };
  await keep(item);
  // Where the browser offers Background Sync, it wakes the app's worker when the network returns, which asks this page to send.
  navigator.serviceWorker?.ready.then((registration) => registration.sync?.register("micic-send")).catch(() => {});
  people = 1;
  $("#review").hidden = true;
  $("#family").hidden = false;
  renderForm();
  await renderSent();
  await flushing; // a sending under way (Background Sync's, say) may have listed what waits before this family
  await flush();
  // Refused at once, while the person is still here: back into the form, each message by its field.
  const sent = (await items()).find((i) => i.key === item.key);
  if (sent?.state === "refused") await correct(sent);
  else $("#fields input, #fields select")?.focus();
});

async function correct(item) {
  await forget(item.key);
  people = item.people ?? 1;
  renderForm(item.values);
  showErrors(item.problem?.errors, item.problem?.title);
  await renderSent();
}

// ---- Sending what waits, once each ----------------------------------------------------------------------------------------
let flushing = null;
// After a failed attempt (no answer, or the platform busy) the next comes soon, then less and less often.
let retryIn = 2000, retry = null;

function retryLater() {
  clearTimeout(retry);
  retry = setTimeout(flush, retryIn);
  retryIn = Math.min(retryIn * 2, 60000);
}

/** Sends what waits; called while a sending is under way, it answers when that one is done. */
function flush() {
  flushing ??= send().finally(() => { flushing = null; });
  return flushing;
}

async function send() {
  if (!navigator.onLine || !me || !dataKey) return;
  clearTimeout(retry);
  let failed = false;
  for (const item of (await items()).filter((i) => i.state === "queued").sort((a, b) => a.createdAt.localeCompare(b.createdAt))) {
    if (!dataKey) break; // locked meanwhile
    let response;
    try {
      response = await api(item.kind === "walk-in" ? "/api/transit/arrivals" : "/api/requests", {
        method: "POST", body: JSON.stringify(item.body),
        headers: { "Content-Type": "application/json", "Idempotency-Key": item.key, ...(item.registrant ? { "X-Micic-Registrant": item.registrant } : {}) },
      });
    } catch { failed = true; break; } // no answer: the rest waits
    if (response.status === 401) { if (me) notice("sessionExpired", {}, true); break; }
    if (response.status === 429 || response.status >= 500) { failed = true; break; }
    const answer = await response.json().catch(() => ({}));
    if (response.ok && answer.status === "held") {
      // Kept by the organisation for review: no longer this device's to keep.
      await forget(item.key);
      heldHere.push({ ...item, state: "held" });
      notice("heldNotice", { n: heldHere.length });
      continue;
    }
    if (response.ok) Object.assign(item, { state: "submitted", id: answer.id ?? answer.onwardRequestId ?? null, reference: answer.reference,
      arrivalId: answer.arrivalId, status: answer.status ?? "submitted" });
    else Object.assign(item, { state: "refused", problem: { title: answer.title, detail: answer.detail, errors: answer.errors } });
    await keep(item);
  }
  if (failed) retryLater(); else retryIn = 2000;
  await refreshStatuses();
}

async function refreshStatuses() {
  if (!navigator.onLine || !me || !dataKey) return renderSent();
  for (const item of (await items()).filter((i) => i.state === "submitted" && i.kind === "request" && i.id)) {
    try {
      const response = await api(`/api/requests/${item.id}`);
      if (!response.ok) continue;
      item.status = (await response.json()).status;
      await keep(item);
    } catch { break; }
  }
  await renderSent();
}

async function renderSent() {
  if (!dataKey) return;
  const all = [...heldHere, ...(await items())].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  const list = $("#sent");
  if (all.length === 0) { list.innerHTML = `<li class="muted">${esc(t("nothingSent"))}</li>`; return; }
  list.innerHTML = all.map((item) => {
    const state = item.state === "submitted" ? item.status ?? "submitted" : item.state;
    const group = item.body.people ?? [item.body.walkIn];
    const names = group.map((p) => `<bdi>${esc(p.familyName)} ${esc(p.givenName)}</bdi>`).join(", ");
    const problem = item.state === "refused"
      ? `<p class="error">${esc(item.problem?.title ?? "")} ${Object.entries(item.problem?.errors ?? {}).map(([f, m]) => `${esc(f)}: ${esc(m.join(" "))}`).join("; ")}</p>
         <div class="actions"><button type="button" class="quiet" data-discard="${item.key}">${esc(t("discard"))}</button>
         <button type="button" data-fix="${item.key}">${esc(t("fix"))}</button></div>` : "";
    return `<li data-key="${item.key}" data-state="${esc(state)}"><div class="head"><span class="status ${esc(state)}">${esc(t(state))}</span>
      <span>${names}</span><span class="muted">${esc(group.length === 1 ? t("onePerson") : t("people", { n: group.length }))} · ${esc(when(item.createdAt))}</span>
      ${item.reference ? `<span class="muted">${esc(t("reference"))} <bdi>${esc(item.reference)}</bdi></span>` : ""}</div>${problem}</li>`;
  }).join("");
}

$("#sent").addEventListener("click", async (event) => {
  const fix = event.target.closest("[data-fix]"), discard = event.target.closest("[data-discard]");
  const mine = await items();
  if (fix) await correct(mine.find((i) => i.key === fix.dataset.fix));
  if (discard) { await forget(discard.dataset.discard); await renderSent(); }
});

// ---- Network, language, start ---------------------------------------------------------------------------------------------
function showNetwork() {
  const online = navigator.onLine;
  const badge = $("#network");
  badge.textContent = t(online ? "online" : "offline");
  badge.className = "network " + (online ? "online" : "offline");
  $("#offline-note").hidden = online;
}

window.addEventListener("online", () => { showNetwork(); refreshReference(); flush(); });
window.addEventListener("offline", showNetwork);
setInterval(() => flush(), 15000);

function applyLanguage() {
  document.documentElement.lang = lang;
  document.documentElement.dir = lang === "ar" ? "rtl" : "ltr";
  // An exercise platform's banner stays in the title whatever the language.
  document.title = (document.querySelector(".micic-exercise") ? "EXERCISE — " : "") + t("title");
  for (const element of $$("[data-t]")) element.textContent = t(element.dataset.t);
  $("#language").value = lang;
  showNetwork();
  if (noticed) notice(noticed.key, noticed.values, noticed.signIn);
  if (!$("#work").hidden) { const values = read(); renderForm(values); renderSent(); }
}

$("#language").addEventListener("change", (event) => {
  lang = event.target.value;
  localStorage.setItem(languageKey, lang);
  const url = new URL(location.href);
  url.searchParams.set("lang", lang);
  history.replaceState(null, "", url);
  applyLanguage();
});

function esc(value) {
  return String(value ?? "").replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
}

async function start() {
  applyLanguage();
  me = (await fact("session")) ?? null;
  const asked = navigator.onLine ? await askSession() : null;
  if (asked && asked !== "signed-out") {
    if (me && me.id !== asked.id) lock(false); // another person signed in on this device
    if (!mayUse(asked.roles)) { me = null; return showSignIn(t("notForYou")); }
    me = asked;
    await keepFact("session", me);
  }
  if (!me) return showSignIn(farewell ?? (navigator.onLine ? undefined : t("signInNetwork")));
  if (!(await vault.hasPin(me.organisationId, me.id))) {
    // A PIN is set only with a fresh sign-in, online: the organisation's key comes with the session.
    if (asked === "signed-out" || !navigator.onLine) return endLocalSignIn(t(navigator.onLine ? "sessionExpired" : "pinNeedsNetwork"));
    return showPinSet();
  }
  showUnlock();
  if (asked === "signed-out") notice("sessionExpired", {}, true);
}

// The worker asks open pages to send when Background Sync fires; only an unlocked page can (the key is never in the worker).
navigator.serviceWorker?.addEventListener("message", async (event) => {
  if (event.data?.type !== "send") return;
  if (dataKey) await flush();
  const left = dataKey ? (await items()).filter((i) => i.state === "queued").length : -1;
  event.ports[0]?.postMessage({ unlocked: !!dataKey, left });
});

if ("serviceWorker" in navigator) navigator.serviceWorker.register("/intake/sw.js", { scope: "/intake/" });
start();
