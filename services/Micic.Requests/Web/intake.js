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
    person: "Person {n}", givenName: "Given name", familyName: "Family name", sex: "Sex", sexF: "female", sexM: "male", sexX: "other",
    birthDate: "Date of birth", age: "or age (years)", nationality: "Nationality", documentKind: "Document", documentNumber: "Document number",
    expiresOn: "Expires on", needs: "Needs", addPerson: "Add a person", removePerson: "Remove this person", review: "Review",
    reviewTitle: "Check before sending", back: "Back", send: "Send", sentTitle: "Sent from this device", nothingSent: "Nothing sent from this device yet.",
    required: "Required.", choose: "Choose…", people: "{n} people", onePerson: "1 person", reference: "Reference",
    queued: "waiting for the network", sending: "sending", refused: "refused", submitted: "submitted", pending: "waiting for a seat",
    matched: "seat found", manifested: "on the manifest", departed: "left", "in-transit": "in transit", completed: "arrived", cancelled: "cancelled",
    fix: "Correct it", discard: "Remove", sessionExpired: "Your sign-in has expired: sign in again to send what is waiting.",
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
    person: "Personne {n}", givenName: "Prénom", familyName: "Nom", sex: "Sexe", sexF: "femme", sexM: "homme", sexX: "autre",
    birthDate: "Date de naissance", age: "ou âge (ans)", nationality: "Nationalité", documentKind: "Document", documentNumber: "Numéro du document",
    expiresOn: "Expire le", needs: "Besoins", addPerson: "Ajouter une personne", removePerson: "Retirer cette personne", review: "Vérifier",
    reviewTitle: "Vérifiez avant d'envoyer", back: "Retour", send: "Envoyer", sentTitle: "Envoyé depuis cet appareil",
    nothingSent: "Rien n'a encore été envoyé depuis cet appareil.", required: "Obligatoire.", choose: "Choisir…", people: "{n} personnes",
    onePerson: "1 personne", reference: "Référence", queued: "en attente du réseau", sending: "envoi", refused: "refusé", submitted: "reçu",
    pending: "en attente d'une place", matched: "place trouvée", manifested: "sur le manifeste", departed: "parti", "in-transit": "en transit",
    completed: "arrivé", cancelled: "annulé", fix: "Corriger", discard: "Retirer",
    sessionExpired: "Votre connexion a expiré : reconnectez-vous pour envoyer ce qui attend.",
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
    person: "الشخص {n}", givenName: "الاسم", familyName: "اسم العائلة", sex: "الجنس", sexF: "أنثى", sexM: "ذكر", sexX: "آخر",
    birthDate: "تاريخ الميلاد", age: "أو العمر (بالسنوات)", nationality: "الجنسية", documentKind: "الوثيقة", documentNumber: "رقم الوثيقة",
    expiresOn: "تنتهي في", needs: "الاحتياجات", addPerson: "إضافة شخص", removePerson: "حذف هذا الشخص", review: "مراجعة",
    reviewTitle: "تحقق قبل الإرسال", back: "رجوع", send: "إرسال", sentTitle: "ما أُرسل من هذا الجهاز", nothingSent: "لم يُرسل شيء من هذا الجهاز بعد.",
    required: "حقل مطلوب.", choose: "اختر…", people: "{n} أشخاص", onePerson: "شخص واحد", reference: "المرجع",
    queued: "بانتظار الشبكة", sending: "جارٍ الإرسال", refused: "مرفوض", submitted: "تم الاستلام", pending: "بانتظار مقعد", matched: "وُجد مقعد",
    manifested: "على قائمة الركاب", departed: "غادر", "in-transit": "في العبور", completed: "وصل", cancelled: "أُلغي", fix: "تصحيح", discard: "حذف",
    sessionExpired: "انتهت صلاحية الدخول: سجّل الدخول مجددًا لإرسال ما ينتظر.",
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

// ---- The device's store: families waiting or sent (by their Idempotency-Key), and the last known session facts ----------
const store = (() => {
  const opened = new Promise((resolve, reject) => {
    const request = indexedDB.open("micic-intake", 2);
    request.onupgradeneeded = () => {
      const db = request.result;
      if (!db.objectStoreNames.contains("sent")) db.createObjectStore("sent", { keyPath: "key" });
      if (!db.objectStoreNames.contains("facts")) db.createObjectStore("facts");
    };
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  const run = (name, mode, work) => opened.then((db) => new Promise((resolve, reject) => {
    const transaction = db.transaction(name, mode);
    const result = work(transaction.objectStore(name));
    transaction.oncomplete = () => resolve(result.result);
    transaction.onerror = () => reject(transaction.error);
  }));
  return {
    all: () => run("sent", "readonly", (items) => items.getAll()),
    put: (item) => run("sent", "readwrite", (items) => items.put(item)),
    remove: (key) => run("sent", "readwrite", (items) => items.delete(key)),
    fact: (name) => run("facts", "readonly", (facts) => facts.get(name)),
    keep: (name, value) => run("facts", "readwrite", (facts) => value === undefined ? facts.delete(name) : facts.put(value, name)),
  };
})();

// ---- Who is signed in (the gateway's session; the page never holds a token) and the reference data, kept for offline use
// The session's facts (name, organisation, roles, sites) are not secret: kept on the device so the app opens offline.
let me = null;
const reference = () => JSON.parse(localStorage.getItem(referenceKey) || "null") ?? { crises: [], places: [], countries: [] };
const isWalkInDesk = () => !!me && me.roles.includes("transit") && !me.roles.includes("requester") && !me.roles.includes("coordinator");
const mayUse = (roles) => ["requester", "coordinator", "transit"].some((role) => roles.includes(role));

/** A call with the session's cookie; a change says so (the gateway refuses a cookie write without it). */
function api(path, options = {}) {
  const write = options.method && options.method !== "GET";
  return fetch(path, { ...options, credentials: "same-origin", headers: { ...(options.headers ?? {}), ...(write ? { "X-Micic-Csrf": "1" } : {}) } });
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

$("#sign-out").addEventListener("click", async () => {
  try { await api("/api/session/logout", { method: "POST" }); } catch { /* offline: the session ends here; the cookie expires */ }
  me = null;
  await store.keep("session", undefined);
  showSignIn();
});

function notice(message, signIn = false) {
  $("#notice").hidden = !message;
  $("#notice-text").textContent = message ?? "";
  $("#notice-sign-in").hidden = !signIn;
}

function showOnly(id) {
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
        ${text("notes", t("notes"), "text", 'dir="auto"')}
      </div>
      ${check("acceptsThirdCountry", t("acceptsThirdCountry"))}
      ${check("consentToShareWithConsulate", t("consent"))}
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
    ...(values["contact.phone"] ? { contact: { phone: values["contact.phone"] } } : {}), ...(values.notes ? { notes: values.notes } : {}),
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
  const item = { key: crypto.randomUUID(), kind: isWalkInDesk() ? "walk-in" : "request", body: bodyOf(values), values, people,
    createdAt: new Date().toISOString(), state: "queued" };
  await store.put(item);
  people = 1;
  $("#review").hidden = true;
  $("#family").hidden = false;
  renderForm();
  await renderSent();
  await flush();
  // Refused at once, while the person is still here: back into the form, each message by its field.
  const sent = (await store.all()).find((i) => i.key === item.key);
  if (sent?.state === "refused") await correct(sent);
  else $("#fields input, #fields select")?.focus();
});

async function correct(item) {
  await store.remove(item.key);
  people = item.people ?? 1;
  renderForm(item.values);
  showErrors(item.problem?.errors, item.problem?.title);
  await renderSent();
}

// ---- Sending what waits, once each ----------------------------------------------------------------------------------------
let flushing = false;
// After a failed attempt (no answer, or the platform busy) the next comes soon, then less and less often.
let retryIn = 2000, retry = null;

function retryLater() {
  clearTimeout(retry);
  retry = setTimeout(flush, retryIn);
  retryIn = Math.min(retryIn * 2, 60000);
}

async function flush() {
  if (flushing || !navigator.onLine || !me) return;
  flushing = true;
  clearTimeout(retry);
  let failed = false;
  try {
    for (const item of (await store.all()).filter((i) => i.state === "queued").sort((a, b) => a.createdAt.localeCompare(b.createdAt))) {
      let response;
      try {
        response = await api(item.kind === "walk-in" ? "/api/transit/arrivals" : "/api/requests", {
          method: "POST", headers: { "Content-Type": "application/json", "Idempotency-Key": item.key }, body: JSON.stringify(item.body),
        });
      } catch { failed = true; break; } // no answer: the rest waits
      if (response.status === 401) { notice(t("sessionExpired"), true); break; }
      if (response.status === 429 || response.status >= 500) { failed = true; break; }
      const answer = await response.json().catch(() => ({}));
      if (response.ok) Object.assign(item, { state: "submitted", id: answer.id ?? answer.onwardRequestId ?? null, reference: answer.reference,
        arrivalId: answer.arrivalId, status: answer.status ?? "submitted" });
      else Object.assign(item, { state: "refused", problem: { title: answer.title, detail: answer.detail, errors: answer.errors } });
      await store.put(item);
    }
  } finally {
    flushing = false;
  }
  if (failed) retryLater(); else retryIn = 2000;
  await refreshStatuses();
}

async function refreshStatuses() {
  if (!navigator.onLine || !me) return renderSent();
  for (const item of (await store.all()).filter((i) => i.state === "submitted" && i.kind === "request" && i.id)) {
    try {
      const response = await api(`/api/requests/${item.id}`);
      if (!response.ok) continue;
      item.status = (await response.json()).status;
      await store.put(item);
    } catch { break; }
  }
  await renderSent();
}

async function renderSent() {
  const items = (await store.all()).sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  const list = $("#sent");
  if (items.length === 0) { list.innerHTML = `<li class="muted">${esc(t("nothingSent"))}</li>`; return; }
  list.innerHTML = items.map((item) => {
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
  const items = await store.all();
  if (fix) await correct(items.find((i) => i.key === fix.dataset.fix));
  if (discard) { await store.remove(discard.dataset.discard); await renderSent(); }
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
  document.title = t("title");
  for (const element of $$("[data-t]")) element.textContent = t(element.dataset.t);
  $("#language").value = lang;
  showNetwork();
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
  me = (await store.fact("session")) ?? null;
  const asked = navigator.onLine ? await askSession() : null;
  if (asked === "signed-out" && !me) return showSignIn();
  if (asked && asked !== "signed-out") {
    if (!mayUse(asked.roles)) { me = null; return showSignIn(t("notForYou")); }
    me = asked;
    await store.keep("session", me);
  }
  if (!me) return showSignIn(navigator.onLine ? undefined : t("signInNetwork"));
  if (asked === "signed-out") notice(t("sessionExpired"), true);
  if (navigator.onLine && !localStorage.getItem(referenceKey)) await refreshReference();
  showWork();
  if (navigator.onLine) refreshReference().then(() => { renderForm(read()); flush(); });
}

if ("serviceWorker" in navigator) navigator.serviceWorker.register("/intake/sw.js", { scope: "/intake/" });
start();
