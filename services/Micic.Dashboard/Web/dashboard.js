// Micic operations dashboard: the person signs in through the gateway (a cookie session the page cannot read; no
// token ever reaches this script), then the page follows the live figures over server-sent events, reconnecting by itself.
"use strict";

const $ = (selector) => document.querySelector(selector);
let stream = null;
let session = null;
// An open stream outlives the session it started in, so the page asks now and then whether the session still stands.
let checkTimer = null;

const strings = {
  en: {
    exercise: "Exercise control", exerciseDetail: "the crisis clock and the master events list — {scenario}",
    clockRunning: "Crisis time {time}, {speed} × real time", clockPaused: "Crisis time {time}, paused", pause: "Pause", resume: "Resume",
    speed: "Speed", setSpeed: "Set speed", deliver: "Deliver now", injectPending: "pending", injectDelivered: "delivered {time}",
    noInjects: "No injects in this scenario", injectColumns: "due (crisis time) · inject · kind · for · delivered", evaluationPdf: "Evaluation and improvement plan (PDF)", clockRefused: "The clock did not change: {reason}",
    pageTitle: "Micic — evacuation operations", subtitle: "evacuation operations", language: "Language", reports: "Reports", logout: "Sign out",
    peopleByStatus: "People by status", waiting: "Waiting", new: "new", pending: "pending", matched: "Matched", onManifest: "on a closed manifest",
    onTheirWay: "On their way", departed: "departed", inTransit: "in transit", arrivedHome: "Arrived home", cancelled: "cancelled", seats: "Seats",
    freeOf: "free of", on: "on", openOffers: "open offers", vulnerableWaiting: "Vulnerable waiting",
    vulnerableDetail: "people with medical, child, protection or age needs", last24: "Last 24 hours", submitted: "submitted", arrived: "arrived",
    timelineLabel: "People submitted, departed and arrived per hour", byNationality: "By nationality", byPickupPlace: "By pickup place",
    peopleWaiting: "people · waiting", sites: "Sites", sitesLabel: "Transit and arrival sites", arrivedExpected: "arrived today · expected",
    queueTitle: "Vulnerable groups waiting longest", referrals: "Referrals", referralsLabel: "Referrals to partners",
    referralColumns: "waiting · accepted · done · unrouted · not shared", alerts: "Alerts",
    reportsDetail: "after-action report of a crisis: waits, fairness, families, referrals, seats — aggregates only", crisis: "Crisis",
    reportPdf: "Report (PDF)", reportXlsx: "Workbook (Excel)", reportJson: "Figures (JSON)", signIn: "Coordinator sign-in",
    signInHow: "Sign in with your Micic account: your password, then the code from your authenticator app.", signInButton: "Sign in",
    sessionEnded: "Your session has ended — sign in again.", live: "live", reconnecting: "reconnecting…", asOf: "as of {time} UTC",
    coordinatorsOnlyTitle: "Coordinators only",
    coordinatorsOnly: "The dashboard is for coordinators. Your account does not have the coordinator role: ask your organisation's administrator if you need it.",
    preparing: "Preparing the {format}…",
    reportFailed: "Could not make the report: {reason}", downloaded: "Downloaded {name}", networkDown: "The network is down: try again when it is back.",
    said: "What people said", saidLabel: "Feedback by category", saidColumns: "received · answered", callBacks: "Call-backs to make: {open} (of {n} asked)", noFeedback: "No feedback yet",
    noRequests: "No requests yet", noMovements: "No movements yet", noReferrals: "No referrals yet", noVulnerable: "No vulnerable group is waiting", noAlerts: "No alerts",
    crises: "Declared crises", crisesLabel: "Declared crises and their alert level", crisesColumns: "country · alert level · since", noCrises: "No crisis declared",
    level1: "1 · watch", level2: "2 · restricted", level3: "3 · voluntary departure", level4: "4 · mandatory departure",
    hours: "{n} h", person: "1 person", people: "{n} people", escalated: "escalated", map: "Where people wait and where they go",
    mapLabel: "Map of the operation", mapImage: "Map of pickup places, transit and arrival sites, and movements under way",
    waitingLegend: "waiting to leave", arrivedLegend: "arrived · expected", movingLegend: "left in the last 24 h",
    needHelp: "Need help", needHelpLabel: "Registered nationals who asked for help", needHelpColumns: "check-ins · waiting for their consulate's call",
    needHelpDetail: "Each consulate sees its own nationals in its view and marks them called.", noNeedHelp: "No one is waiting for a call",
    households: "{n} households", household: "1 household", waitingFor: "waiting {wait}", longestWait: "longest wait {wait}", minutes: "{n} min",
    helpBanner: "{n} registered households asked for help and wait for their consulate's call",
    helpBannerOne: "1 registered household asked for help and waits for its consulate's call",
    funds: "Funds", fundsLabel: "Funds and what their money lasts", fundsDetail: "money in each fund's own currency · days left at the last week's spending",
    fund: "Fund", currency: "Currency", pledged: "Pledged", received: "Received", committed: "Committed", spent: "Spent", balance: "Balance",
    daysLeft: "Days left", noFunds: "No fund opened yet", noRecentSpending: "no spending in the last week", fundRunDry: "run dry",
    fundsLow: "{n} funds run low: record a receipt or choose another fund for their open offers", fundsLowOne: "1 fund runs low: record a receipt or choose another fund for its open offers",
    lowBadge: "low",
  },
  fr: {
    exercise: "Pilotage de l'exercice", exerciseDetail: "l'horloge de crise et la liste des événements — {scenario}",
    clockRunning: "Heure de crise {time}, {speed} × le temps réel", clockPaused: "Heure de crise {time}, en pause", pause: "Pause", resume: "Reprendre",
    speed: "Vitesse", setSpeed: "Changer la vitesse", deliver: "Déclencher", injectPending: "à venir", injectDelivered: "déclenché {time}",
    noInjects: "Aucun événement dans ce scénario", injectColumns: "prévu (heure de crise) · événement · type · pour · déclenché", evaluationPdf: "Évaluation et plan d'amélioration (PDF)", clockRefused: "L'horloge n'a pas changé : {reason}",
    pageTitle: "Micic — opérations d'évacuation", subtitle: "opérations d'évacuation", language: "Langue", reports: "Rapports", logout: "Se déconnecter",
    peopleByStatus: "Personnes par étape", waiting: "En attente", new: "nouvelles", pending: "en attente d'une place", matched: "Place attribuée",
    onManifest: "sur un manifeste clos", onTheirWay: "En route", departed: "parties", inTransit: "en transit", arrivedHome: "Arrivées",
    cancelled: "annulées", seats: "Places", freeOf: "libres sur", on: "dans", openOffers: "offres ouvertes", vulnerableWaiting: "Personnes vulnérables en attente",
    vulnerableDetail: "besoins médicaux, enfants, protection ou âge", last24: "Dernières 24 heures", submitted: "demandes", arrived: "arrivées",
    timelineLabel: "Personnes inscrites, parties et arrivées par heure", byNationality: "Par nationalité", byPickupPlace: "Par lieu de départ",
    peopleWaiting: "personnes · en attente", sites: "Sites", sitesLabel: "Sites de transit et d'arrivée", arrivedExpected: "arrivées aujourd'hui · attendues",
    queueTitle: "Groupes vulnérables qui attendent le plus", referrals: "Orientations", referralsLabel: "Orientations vers les partenaires",
    referralColumns: "en attente · acceptées · terminées · sans partenaire · non partagées", alerts: "Alertes",
    reportsDetail: "rapport après action d'une crise : attentes, équité, familles, orientations, places — agrégats seulement", crisis: "Crise",
    reportPdf: "Rapport (PDF)", reportXlsx: "Classeur (Excel)", reportJson: "Chiffres (JSON)", signIn: "Connexion coordination",
    signInHow: "Connectez-vous avec votre compte Micic : votre mot de passe, puis le code de votre application d'authentification.",
    signInButton: "Se connecter", sessionEnded: "Votre session a pris fin — reconnectez-vous.", live: "en direct", reconnecting: "reconnexion…",
    asOf: "à {time} UTC", coordinatorsOnlyTitle: "Réservé à la coordination",
    coordinatorsOnly: "Le tableau de bord est réservé à la coordination. Votre compte n'a pas le rôle de coordination : demandez-le à l'administrateur de votre organisation si besoin.",
    preparing: "Préparation du {format}…", reportFailed: "Rapport impossible : {reason}", downloaded: "Téléchargé : {name}",
    networkDown: "Pas de réseau : réessayez à son retour.", noRequests: "Aucune demande", noMovements: "Aucun mouvement", noReferrals: "Aucune orientation",
    said: "Ce que disent les personnes", saidLabel: "Retours par catégorie", saidColumns: "reçus · répondus", callBacks: "Rappels à faire : {open} (sur {n} demandés)", noFeedback: "Aucun retour",
    noVulnerable: "Aucun groupe vulnérable en attente", noAlerts: "Aucune alerte", hours: "{n} h", person: "1 personne", people: "{n} personnes",
    crises: "Crises déclarées", crisesLabel: "Crises déclarées et leur niveau d'alerte", crisesColumns: "pays · niveau d'alerte · depuis", noCrises: "Aucune crise déclarée",
    level1: "1 · vigilance", level2: "2 · déplacements restreints", level3: "3 · départ volontaire", level4: "4 · départ obligatoire",
    escalated: "signalé", map: "Où l'on attend, où l'on va", mapLabel: "Carte de l'opération",
    mapImage: "Carte des lieux de départ, des sites de transit et d'arrivée, et des mouvements en cours",
    waitingLegend: "en attente de départ", arrivedLegend: "arrivées · attendues", movingLegend: "partis ces dernières 24 h",
    needHelp: "Besoin d'aide", needHelpLabel: "Ressortissants inscrits qui ont demandé de l'aide", needHelpColumns: "appels de contrôle · en attente de l'appel du consulat",
    needHelpDetail: "Chaque consulat voit ses ressortissants dans sa vue et les marque comme appelés.", noNeedHelp: "Personne n'attend d'appel",
    households: "{n} foyers", household: "1 foyer", waitingFor: "attend depuis {wait}", longestWait: "attente la plus longue {wait}", minutes: "{n} min",
    helpBanner: "{n} foyers inscrits ont demandé de l'aide et attendent l'appel de leur consulat",
    helpBannerOne: "1 foyer inscrit a demandé de l'aide et attend l'appel de son consulat",
    funds: "Fonds", fundsLabel: "Fonds et durée de leur argent", fundsDetail: "montants dans la monnaie de chaque fonds · jours restants au rythme de la dernière semaine",
    fund: "Fonds", currency: "Monnaie", pledged: "Promis", received: "Reçu", committed: "Engagé", spent: "Dépensé", balance: "Solde",
    daysLeft: "Jours restants", noFunds: "Aucun fonds ouvert", noRecentSpending: "aucune dépense la dernière semaine", fundRunDry: "épuisé",
    fundsLow: "{n} fonds s'épuisent : enregistrez un versement ou choisissez un autre fonds pour leurs offres ouvertes", fundsLowOne: "1 fonds s'épuise : enregistrez un versement ou choisissez un autre fonds pour ses offres ouvertes",
    lowBadge: "bas",
  },
  ar: {
    exercise: "إدارة التمرين", exerciseDetail: "ساعة الأزمة وقائمة الأحداث — {scenario}",
    clockRunning: "وقت الأزمة {time}، {speed} × الوقت الفعلي", clockPaused: "وقت الأزمة {time}، متوقفة", pause: "إيقاف مؤقت", resume: "استئناف",
    speed: "السرعة", setSpeed: "تغيير السرعة", deliver: "إطلاق الآن", injectPending: "قادم", injectDelivered: "أُطلق {time}",
    noInjects: "لا أحداث في هذا السيناريو", injectColumns: "الموعد (وقت الأزمة) · الحدث · النوع · لمن · أُطلق", evaluationPdf: "التقييم وخطة التحسين (PDF)", clockRefused: "لم تتغير الساعة: {reason}",
    pageTitle: "ميسيك — عمليات الإجلاء", subtitle: "عمليات الإجلاء", language: "اللغة", reports: "التقارير", logout: "تسجيل الخروج",
    peopleByStatus: "الأشخاص حسب المرحلة", waiting: "بالانتظار", new: "جديد", pending: "بانتظار مقعد", matched: "خُصص مقعد", onManifest: "على قائمة مغلقة",
    onTheirWay: "في الطريق", departed: "غادروا", inTransit: "في العبور", arrivedHome: "وصلوا", cancelled: "أُلغي", seats: "المقاعد", freeOf: "شاغرة من",
    on: "في", openOffers: "عروض مفتوحة", vulnerableWaiting: "أشخاص مستضعفون بالانتظار", vulnerableDetail: "احتياجات طبية أو أطفال أو حماية أو كبار السن",
    last24: "آخر 24 ساعة", submitted: "طلبات", arrived: "وصول", timelineLabel: "الأشخاص المسجلون والمغادرون والواصلون كل ساعة",
    byNationality: "حسب الجنسية", byPickupPlace: "حسب مكان الانطلاق", peopleWaiting: "أشخاص · بالانتظار", sites: "المواقع",
    sitesLabel: "مواقع العبور والوصول", arrivedExpected: "وصلوا اليوم · متوقعون", queueTitle: "المجموعات المستضعفة الأطول انتظارًا",
    referrals: "الإحالات", referralsLabel: "الإحالات إلى الشركاء", referralColumns: "بالانتظار · مقبولة · منجزة · بلا شريك · غير مشاركة",
    alerts: "التنبيهات", reportsDetail: "تقرير ما بعد العمل لأزمة: الانتظار والإنصاف والعائلات والإحالات والمقاعد — أرقام إجمالية فقط",
    crisis: "الأزمة", reportPdf: "التقرير (PDF)", reportXlsx: "مصنف (Excel)", reportJson: "الأرقام (JSON)", signIn: "دخول التنسيق",
    signInHow: "سجّل الدخول بحسابك في ميسيك: كلمة المرور، ثم الرمز من تطبيق المصادقة.", signInButton: "دخول",
    sessionEnded: "انتهت جلستك — سجّل الدخول مجددًا.", live: "مباشر", reconnecting: "إعادة الاتصال…", asOf: "حتى {time} UTC",
    coordinatorsOnlyTitle: "للتنسيق فقط",
    coordinatorsOnly: "لوحة المتابعة مخصصة للتنسيق. ليس لحسابك دور التنسيق: اطلبه من مسؤول منظمتك إن احتجت إليه.", preparing: "جارٍ إعداد {format}…",
    reportFailed: "تعذّر إعداد التقرير: {reason}", downloaded: "تم التنزيل: {name}", networkDown: "لا توجد شبكة: أعد المحاولة عند عودتها.",
    said: "ما قاله الناس", saidLabel: "الملاحظات حسب الفئة", saidColumns: "واردة · مجاب عليها", callBacks: "اتصالات مطلوب إجراؤها: {open} (من {n} طلبًا)", noFeedback: "لا ملاحظات بعد",
    noRequests: "لا طلبات بعد", noMovements: "لا تحركات بعد", noReferrals: "لا إحالات بعد", noVulnerable: "لا مجموعة مستضعفة بالانتظار", noAlerts: "لا تنبيهات",
    crises: "الأزمات المعلنة", crisesLabel: "الأزمات المعلنة ومستوى الإنذار", crisesColumns: "البلد · مستوى الإنذار · منذ", noCrises: "لم تُعلن أي أزمة",
    level1: "1 · مراقبة", level2: "2 · تنقل مقيد", level3: "3 · مغادرة طوعية", level4: "4 · مغادرة إلزامية",
    hours: "{n} س", person: "شخص واحد", people: "{n} أشخاص", escalated: "مُصعَّد", map: "أين ينتظر الناس وإلى أين يذهبون", mapLabel: "خريطة العملية",
    mapImage: "خريطة أماكن الانطلاق ومواقع العبور والوصول والتحركات الجارية", waitingLegend: "بانتظار المغادرة", arrivedLegend: "وصلوا · متوقعون",
    movingLegend: "غادروا خلال 24 ساعة",
    needHelp: "بحاجة إلى مساعدة", needHelpLabel: "مواطنون مسجلون طلبوا المساعدة", needHelpColumns: "الاطمئنان · بانتظار اتصال قنصليتهم",
    needHelpDetail: "ترى كل قنصلية مواطنيها في صفحتها وتسجّل أنها اتصلت بهم.", noNeedHelp: "لا أحد ينتظر اتصالًا",
    households: "{n} أسر", household: "أسرة واحدة", waitingFor: "تنتظر منذ {wait}", longestWait: "أطول انتظار {wait}", minutes: "{n} د",
    helpBanner: "{n} أسر مسجلة طلبت المساعدة وتنتظر اتصال قنصليتها",
    helpBannerOne: "أسرة مسجلة واحدة طلبت المساعدة وتنتظر اتصال قنصليتها",
    funds: "الصناديق", fundsLabel: "الصناديق ومدة كفاية أموالها", fundsDetail: "المبالغ بعملة كل صندوق · الأيام المتبقية بوتيرة إنفاق الأسبوع الماضي",
    fund: "الصندوق", currency: "العملة", pledged: "التعهدات", received: "المستلم", committed: "الملتزم به", spent: "المنفق", balance: "الرصيد",
    daysLeft: "الأيام المتبقية", noFunds: "لم يُفتح أي صندوق", noRecentSpending: "لا إنفاق في الأسبوع الماضي", fundRunDry: "نفد",
    fundsLow: "{n} صناديق توشك أن تنفد: سجّل دفعة أو اختر صندوقًا آخر لعروضها المفتوحة", fundsLowOne: "صندوق واحد يوشك أن ينفد: سجّل دفعة أو اختر صندوقًا آخر لعروضه المفتوحة",
    lowBadge: "منخفض",
  },
};

// ?lang= picks the language and it is remembered; Arabic is laid out right to left.
let lang = (() => {
  const asked = new URLSearchParams(location.search).get("lang");
  if (asked && strings[asked]) { localStorage.setItem("micic.language", asked); return asked; }
  const kept = localStorage.getItem("micic.language");
  return kept && strings[kept] ? kept : "en";
})();
let number = new Intl.NumberFormat(lang);
let lastSummary = null;

function t(key, values = {}) {
  return (strings[lang][key] ?? strings.en[key] ?? key).replace(/\{(\w+)\}/g, (_, name) => values[name] ?? "");
}

function applyLanguage() {
  number = new Intl.NumberFormat(lang);
  document.documentElement.lang = lang;
  document.documentElement.dir = lang === "ar" ? "rtl" : "ltr";
  for (const element of document.querySelectorAll("[data-t]")) element.textContent = t(element.dataset.t);
  // An exercise platform's banner stays in the title whatever the language.
  if (document.querySelector(".micic-exercise")) document.title = "EXERCISE — " + document.title;
  for (const element of document.querySelectorAll("[data-t-label]")) element.setAttribute("aria-label", t(element.dataset.tLabel));
  $("#language").value = lang;
  signInLink();
  if (lastSummary) render(lastSummary);
}

$("#language").addEventListener("change", (event) => {
  lang = event.target.value;
  localStorage.setItem("micic.language", lang);
  const url = new URL(location.href);
  url.searchParams.set("lang", lang);
  history.replaceState(null, "", url);
  applyLanguage();
});

/** Which of the page's faces is shown: the board, the sign-in panel, or the sentence for someone who is not a coordinator. */
function show(face) {
  $("#board").hidden = face !== "board";
  $("#reports-link").hidden = face !== "board";
  $("#login").hidden = face !== "login";
  $("#refused").hidden = face !== "refused";
  $("#logout").hidden = $("#who").hidden = face === "login";
  // Live or not, and as of when, only mean something next to the figures.
  $("#connection").hidden = $("#as-of").hidden = face !== "board";
}

// Signing in leaves the page for the provider's pages and comes back here, in the language chosen now.
function signInLink() {
  const back = location.pathname + (lang === "en" ? "" : "?lang=" + lang);
  $("#login-link").href = "/api/session/login?returnUrl=" + encodeURIComponent(back) + "&lang=" + lang;
}

/** The calls of the page: with the session's cookie, and on a write the header another site's page cannot send. */
function api(path, options = {}) {
  const write = options.method && options.method !== "GET";
  return fetch(path, { ...options, credentials: "same-origin", headers: { ...options.headers, ...(write ? { "X-Micic-Csrf": "1" } : {}) } });
}

/** The session ended under the page (signed out elsewhere, expired, the person disabled): say so instead of failing. */
function ended() {
  stop();
  session = null;
  tell("sessionEnded");
  show("login");
}

function stop() {
  stream?.abort();
  stream = null;
  clearInterval(checkTimer);
  setConnection(false);
}

/** What the sign-in panel says above its button (kept as a key, so a change of language translates it too). */
function tell(key) {
  const line = $("#login-ended");
  if (key) line.dataset.t = key; else delete line.dataset.t;
  line.textContent = key ? t(key) : "";
}

async function begin() {
  let response;
  try {
    response = await api("/api/session");
  } catch {
    tell("networkDown");
    show("login");
    return;
  }
  if (!response.ok) { show("login"); return; }
  session = await response.json();
  $("#who-name").textContent = session.name;
  $("#who-organisation").textContent = session.organisationName || session.organisationId;
  tell(null);
  if (!session.roles.includes("coordinator")) { show("refused"); return; }
  start();
}

$("#logout").addEventListener("click", async () => {
  stop();
  try {
    await api("/api/session/logout", { method: "POST" });
  } catch { /* the cookie is gone with the session either way once the gateway is back; the page forgets it now */ }
  session = null;
  tell(null);
  show("login");
});

let staleTimer = null;

// Figures kept while reconnecting fade after a few seconds, so nobody reads old numbers as current.
function setConnection(live) {
  const badge = $("#connection");
  badge.textContent = t(live ? "live" : "reconnecting");
  badge.className = "connection " + (live ? "live" : "offline");
  clearTimeout(staleTimer);
  if (live) $("#board").classList.remove("stale");
  else staleTimer = setTimeout(() => $("#board").classList.add("stale"), 5000);
}

// Reports download with the session's cookie, like every call: fetched, then handed to the browser as a file.
$("#report-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const format = event.submitter?.value ?? "pdf";
  const crisisId = $("#report-crisis").value;
  const status = $("#report-status");
  status.textContent = t("preparing", { format: format.toUpperCase() });
  const path = "/api/reports/after-action" + (format === "json" ? "" : "." + format) + "?crisisId=" + encodeURIComponent(crisisId);
  try {
    const response = await api(path);
    if (response.status === 401) { ended(); return; }
    if (!response.ok) {
      const problem = await response.json().catch(() => ({}));
      status.textContent = t("reportFailed", { reason: problem.title ?? response.status });
      return;
    }
    const name = /filename="?([^";]+)"?/.exec(response.headers.get("Content-Disposition") ?? "")?.[1] ?? "after-action-" + crisisId + "." + format;
    const link = Object.assign(document.createElement("a"), { href: URL.createObjectURL(await response.blob()), download: name });
    link.click();
    setTimeout(() => URL.revokeObjectURL(link.href), 60000);
    status.textContent = t("downloaded", { name });
  } catch {
    status.textContent = t("networkDown");
  }
});

// The exercise controller's panel: the crisis clock (pause, resume, speed) and the master events list (deliver an inject
// now), shown only where an exercise or a replay keeps crisis time; asked again every few seconds while shown.
let exerciseTimer = null;
async function loadExercise() {
  clearTimeout(exerciseTimer);
  const response = await api("/api/exercise").catch(() => null);
  const panel = $("#exercise");
  if (response?.status === 401) { ended(); return; }
  if (!response?.ok) { panel.hidden = true; return; }
  showExercise(await response.json());
  exerciseTimer = setTimeout(loadExercise, 5000);
}

function showExercise(exercise) {
  const panel = $("#exercise");
  panel.hidden = false;
  const minute = (iso) => iso.slice(0, 16).replace("T", " ");
  $("#exercise-detail").textContent = t("exerciseDetail", { scenario: exercise.scenario ?? "" });
  $("#exercise-clock").textContent = t(exercise.clock.paused ? "clockPaused" : "clockRunning",
    { time: minute(exercise.clock.crisisTime), speed: number.format(exercise.clock.speed) });
  const pause = $("#exercise-pause");
  pause.textContent = t(exercise.clock.paused ? "resume" : "pause");
  pause.dataset.paused = exercise.clock.paused;
  // The speed list shows the clock's speed, whatever it is, unless the controller is choosing another.
  const speed = $("#exercise-speed");
  if (document.activeElement !== speed) {
    const current = String(exercise.clock.speed);
    if (![...speed.options].some((option) => option.value === current)) speed.append(new Option(number.format(exercise.clock.speed), current));
    speed.value = current;
  }
  fill($("#injects"), exercise.injects.map((inject) => {
    const tr = document.createElement("tr");
    tr.className = inject.status;
    tr.append(cell(minute(inject.dueAt)), cell(inject.id), cell(inject.kind), cell(inject.forOrganisation ?? ""),
      cell(inject.status === "pending" ? t("injectPending") : t("injectDelivered", { time: minute(inject.deliveredAt) })));
    const action = document.createElement("td");
    if (inject.status === "pending") {
      const button = Object.assign(document.createElement("button"), { type: "button", textContent: t("deliver") });
      button.addEventListener("click", () => exerciseCall("/api/exercise/injects/" + encodeURIComponent(inject.id) + "/deliver", null));
      action.append(button);
    }
    tr.append(action);
    return tr;
  }), t("noInjects"));
}

async function exerciseCall(path, body) {
  const status = $("#exercise-status");
  try {
    const response = await api(path, { method: "POST", headers: { "Content-Type": "application/json" }, body: body === null ? null : JSON.stringify(body) });
    if (response.status === 401) { ended(); return; }
    if (!response.ok) {
      const problem = await response.json().catch(() => ({}));
      status.textContent = t("clockRefused", { reason: problem.detail ?? problem.title ?? response.status });
      return;
    }
    status.textContent = "";
  } catch {
    status.textContent = t("networkDown");
  }
  await loadExercise();
}

$("#exercise-pause").addEventListener("click", (event) =>
  exerciseCall("/api/exercise/clock", { paused: event.currentTarget.dataset.paused !== "true" }));
$("#exercise-speed-form").addEventListener("submit", (event) => {
  event.preventDefault();
  exerciseCall("/api/exercise/clock", { speed: Number($("#exercise-speed").value) });
});

async function loadCrises() {
  const response = await api("/api/crises");
  if (response.status === 401) { ended(); return; }
  if (!response.ok) return;
  const select = $("#report-crisis");
  select.replaceChildren(...(await response.json()).map((crisis) => Object.assign(document.createElement("option"), { value: crisis.id, textContent: crisis.name })));
}

function start() {
  show("board");
  loadCrises().catch(() => { /* the list is asked for again at the next sign-in */ });
  loadExercise();
  loadMap();
  stop();
  stream = new AbortController();
  follow(stream.signal);
  checkTimer = setInterval(async () => {
    const response = await api("/api/session").catch(() => null);
    if (response?.status === 401) ended();
  }, 30000);
}

async function follow(signal) {
  let wait = 500;
  while (!signal.aborted) {
    try {
      const response = await api("/api/dashboard/live", { headers: { Accept: "text/event-stream" }, signal });
      if (response.status === 401) { ended(); return; }
      if (response.status === 403) { stop(); show("refused"); return; }
      if (!response.ok) throw new Error("status " + response.status);
      setConnection(true);
      wait = 500;
      await readEvents(response.body, signal);
    } catch (error) {
      if (signal.aborted) return;
    }
    setConnection(false);
    await new Promise((resolve) => setTimeout(resolve, wait));
    wait = Math.min(wait * 2, 5000);
  }
}

async function readEvents(body, signal) {
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  while (!signal.aborted) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += value;
    let end;
    while ((end = buffer.indexOf("\n\n")) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      let type = "message", data = "";
      for (const line of block.split("\n")) {
        if (line.startsWith("event:")) type = line.slice(6).trim();
        else if (line.startsWith("data:")) data += line.slice(5).trimStart();
      }
      if (type === "summary" && data) render(JSON.parse(data));
    }
  }
}

function put(name, value) {
  for (const element of document.querySelectorAll(`[data-figure="${name}"]`)) element.textContent = number.format(value);
}

function cell(text, className) {
  const td = document.createElement("td");
  td.textContent = text;
  if (className) td.className = className;
  return td;
}

function barCell(value, max) {
  const td = document.createElement("td");
  td.className = "bar";
  const bar = document.createElement("div");
  bar.style.width = max > 0 ? `${Math.round((value / max) * 100)}%` : "0";
  td.append(bar);
  return td;
}

function fill(table, rows, empty) {
  table.replaceChildren(...(rows.length ? rows : [(() => { const tr = document.createElement("tr"); tr.append(cell(empty, "empty")); return tr; })()]));
}

function render(summary) {
  lastSummary = summary;
  const p = summary.people;
  put("submitted", p.submitted); put("pending", p.pending); put("waiting", p.submitted + p.pending);
  put("matched-all", p.matched + p.manifested); put("manifested", p.manifested);
  put("moving", p.departed + p.inTransit); put("departed", p.departed); put("in-transit", p.inTransit);
  put("completed", p.completed); put("cancelled", p.cancelled);
  const o = summary.offers;
  put("seats-free", o.seats - o.allocated); put("seats", o.seats); put("offers", o.open);
  document.querySelector('[data-meter="seat-use"]').style.width = o.seats ? `${Math.round((o.allocated / o.seats) * 100)}%` : "0";
  put("vulnerable", summary.unmatchedVulnerable);

  const topNationality = Math.max(1, ...summary.byNationality.map((n) => n.people));
  fill($("#nationalities"), summary.byNationality.slice(0, 40).map((n) => {
    const tr = document.createElement("tr");
    tr.append(cell(n.nationality), barCell(n.people, topNationality), cell(number.format(n.people), "num"), cell(number.format(n.waiting), "num"));
    return tr;
  }), t("noRequests"));

  const topPlace = Math.max(1, ...summary.byPickupPlace.map((n) => n.people));
  fill($("#places"), summary.byPickupPlace.slice(0, 40).map((n) => {
    const tr = document.createElement("tr");
    tr.append(cell(n.code), barCell(n.people, topPlace), cell(number.format(n.people), "num"), cell(number.format(n.waiting), "num"));
    return tr;
  }), t("noRequests"));

  fill($("#sites"), summary.sites.map((s) => {
    const tr = document.createElement("tr");
    tr.append(cell(s.code), cell(number.format(s.arrivedToday), "num"), cell(number.format(s.expected), "num"));
    return tr;
  }), t("noMovements"));

  // Per service: waiting for a partner (routed), taken up, done, left with nobody (unrouted), kept at the site without
  // consent (not shared) — counts only.
  const services = [...new Set(summary.referrals.map((r) => r.service))];
  const count = (service, status) => summary.referrals.find((r) => r.service === service && r.status === status)?.referrals ?? 0;
  fill($("#referrals"), services.map((service) => {
    const tr = document.createElement("tr");
    const unrouted = count(service, "unrouted");
    tr.append(cell(service), cell(number.format(count(service, "routed")), "num"), cell(number.format(count(service, "accepted")), "num"),
      cell(number.format(count(service, "completed")), "num"), cell(number.format(unrouted), unrouted ? "num urgent" : "num"),
      cell(number.format(count(service, "not-shared")), "num"));
    return tr;
  }), t("noReferrals"));

  // What people said: counts by category only; a sealed item's words never reach the dashboard.
  const feedback = summary.feedback ?? { byCategory: [], callBacks: 0, openCallBacks: 0 };
  fill($("#feedback"), feedback.byCategory.map((f) => {
    const tr = document.createElement("tr");
    tr.append(cell(f.category), cell(number.format(f.received), "num"), cell(number.format(f.answered), "num"));
    return tr;
  }), t("noFeedback"));
  // The open ones are the work still to do: those asked and not yet called back and closed.
  $("#call-backs").textContent = t("callBacks", { open: number.format(feedback.openCallBacks), n: number.format(feedback.callBacks) });

  fill($("#queue"), summary.vulnerableQueue.map((g) => {
    const tr = document.createElement("tr");
    if (g.escalated) tr.className = "escalated";
    tr.append(cell(t("hours", { n: new Intl.NumberFormat(lang, { maximumFractionDigits: 1 }).format(g.hoursWaiting) })),
      cell(g.people === 1 ? t("person") : t("people", { n: number.format(g.people) })), cell(g.needs.join(", ")), cell(g.pickupPlace),
      cell(g.escalated ? t("escalated") : ""));
    return tr;
  }), t("noVulnerable"));

  // Declared crises at their current level; each declaration and change is also an event in the alerts below.
  fill($("#crises"), (summary.crises ?? []).map((c) => {
    const tr = document.createElement("tr");
    tr.className = `level-${c.alertLevel}`;
    tr.append(cell(c.name), cell(c.areas.length ? `${c.country} · ${c.areas.join(", ")}` : c.country), cell(t(`level${c.alertLevel}`), "level"),
      cell(new Intl.DateTimeFormat(lang, { day: "numeric", month: "short", hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone: "UTC" })
        .format(new Date(c.levelSince))));
    return tr;
  }), t("noCrises"));

  // Households that answered "need help" and wait for their consulate's call: counts by nationality, the longest wait first.
  const needHelp = summary.checkInAlerts ?? [];
  const crisisNames = new Map((summary.crises ?? []).map((c) => [c.id, c.name]));
  const waitingForCall = needHelp.reduce((total, a) => total + a.open, 0);
  put("need-help", waitingForCall);
  $("#check-in-alerts").classList.toggle("raised", waitingForCall > 0);
  // Said again only when it changes, so a screen reader announces news, not every push.
  const banner = waitingForCall === 0 ? "" : waitingForCall === 1 ? t("helpBannerOne") : t("helpBanner", { n: number.format(waitingForCall) });
  $("#help-banner").hidden = waitingForCall === 0;
  if ($("#help-banner-text").textContent !== banner) $("#help-banner-text").textContent = banner;
  fill($("#need-help"), needHelp.map((a) => {
    const tr = document.createElement("tr");
    const waited = Math.max(0, Date.parse(summary.asOf) - Date.parse(a.oldestAt)) / 60000;
    const wait = waited >= 60 ? t("hours", { n: new Intl.NumberFormat(lang, { maximumFractionDigits: 1 }).format(waited / 60) })
      : t("minutes", { n: number.format(Math.floor(waited)) });
    tr.append(cell(a.nationality), cell(crisisNames.get(a.crisisId) ?? a.crisisId),
      cell(a.open === 1 ? t("household") : t("households", { n: number.format(a.open) }), "num urgent"), cell(t(a.open === 1 ? "waitingFor" : "longestWait", { wait }), "num"));
    return tr;
  }), t("noNeedHelp"));
  drawFunds(summary.funds ?? []);
  const alerts = $("#alerts");
  alerts.replaceChildren(...(summary.alerts.length ? summary.alerts.slice(0, 12).map((a) => {
    const li = document.createElement("li");
    li.className = a.kind;
    const time = document.createElement("time");
    time.dateTime = a.at;
    time.textContent = clock(a.at, false);
    li.append(time, a.message);
    return li;
  }) : [Object.assign(document.createElement("li"), { className: "empty", textContent: t("noAlerts") })]));

  drawTimeline(summary.timeline);
  $("#as-of").textContent = t("asOf", { time: clock(summary.asOf, true) });
  drawMap(summary);
}

// Each fund in its own currency (no sum across currencies here: the report converts them); a fund running low stands out.
function drawFunds(funds) {
  const money = (amount, currency) => new Intl.NumberFormat(lang, { style: "currency", currency, currencyDisplay: "code", maximumFractionDigits: 2 }).format(amount);
  const days = new Intl.NumberFormat(lang, { maximumFractionDigits: 1 });
  const table = $("#funds");
  const head = document.createElement("tr");
  for (const [key, className] of [["fund"], ["pledged", "money"], ["received", "money"], ["committed", "money"], ["spent", "money"], ["balance", "money"], ["daysLeft", "money"]]) {
    const th = document.createElement("th");
    th.scope = "col";
    th.textContent = t(key);
    if (className) th.className = className;
    head.append(th);
  }
  const rows = funds.map((f) => {
    const tr = document.createElement("tr");
    if (f.runningLow) tr.className = "low";
    const name = cell(f.name, "fund-name");
    if (f.runningLow) name.append(" ", Object.assign(document.createElement("span"), { className: "badge", textContent: t("lowBadge") }));
    const left = f.received > 0 && f.balance <= 0 ? t("fundRunDry") : f.daysLeftAtRecentBurn == null ? "—" : days.format(f.daysLeftAtRecentBurn);
    const daysCell = cell(left, "money days");
    if (f.daysLeftAtRecentBurn == null && !(f.received > 0 && f.balance <= 0)) daysCell.title = t("noRecentSpending");
    tr.append(name, cell(money(f.pledged, f.currency), "money"), cell(money(f.received, f.currency), "money"), cell(money(f.committed, f.currency), "money"),
      cell(money(f.spent, f.currency), "money"), cell(money(f.balance, f.currency), "money balance"), daysCell);
    return tr;
  });
  if (rows.length) {
    const thead = document.createElement("thead"), tbody = document.createElement("tbody");
    thead.append(head);
    tbody.append(...rows);
    table.replaceChildren(thead, tbody);
  } else fill(table, [], t("noFunds"));
  const low = funds.filter((f) => f.runningLow).length;
  $("#funds-panel").classList.toggle("raised", low > 0);
  const said = low === 0 ? "" : low === 1 ? t("fundsLowOne") : t("fundsLow", { n: number.format(low) });
  if ($("#funds-low").textContent !== said) $("#funds-low").textContent = said;
}

function drawTimeline(points) {
  const svg = $("#timeline");
  const width = 960, height = 160, hours = 24, slot = width / hours;
  const now = Date.now();
  const max = Math.max(1, ...points.map((p) => Math.max(p.submitted, p.departed, p.arrived)));
  const bars = [];
  for (const point of points) {
    const index = hours - 1 - Math.floor((now - Date.parse(point.hour)) / 3600000);
    if (index < 0 || index >= hours) continue;
    [["submitted", point.submitted, "#4fb3ff"], ["departed", point.departed, "#ffb547"], ["arrived", point.arrived, "#53d18b"]]
      .forEach(([, value, colour], k) => {
        const h = Math.round((value / max) * (height - 10));
        bars.push(`<rect x="${index * slot + 4 + k * (slot - 8) / 3}" y="${height - h}" width="${(slot - 8) / 3 - 1}" height="${h}" fill="${colour}"/>`);
      });
  }
  svg.innerHTML = `<line x1="0" y1="${height - 0.5}" x2="${width}" y2="${height - 0.5}" stroke="#243445"/>` + bars.join("");
}

/** A UTC time of day in the reader's digits. */
function clock(iso, seconds) {
  return new Intl.DateTimeFormat(lang, { hour: "2-digit", minute: "2-digit", ...(seconds ? { second: "2-digit" } : {}), hourCycle: "h23", timeZone: "UTC" })
    .format(new Date(iso));
}

// ---- The map: country outlines shipped with the page (no tile server is reachable from the field), places from the API ---
let world = null, places = null;

async function loadMap() {
  try {
    const [atlas, placeList] = await Promise.all([
      fetch("/dashboard/countries-110m.json").then((r) => r.json()),
      api("/api/places").then((r) => r.ok ? r.json() : []),
    ]);
    world = countries(atlas);
    places = Object.fromEntries(placeList.map((p) => [p.code, p]));
    if (lastSummary) drawMap(lastSummary);
  } catch { /* the map waits for the next summary */ }
}

/** The rings of every country, in longitude and latitude, from the TopoJSON file (delta-encoded, quantised arcs). */
function countries(topology) {
  const [sx, sy] = topology.transform.scale, [tx, ty] = topology.transform.translate;
  const arcs = topology.arcs.map((arc) => {
    let x = 0, y = 0;
    return arc.map(([dx, dy]) => { x += dx; y += dy; return [x * sx + tx, y * sy + ty]; });
  });
  const ring = (indices) => indices.flatMap((i, k) => {
    const points = i >= 0 ? arcs[i] : arcs[~i].slice().reverse();
    return k === 0 ? points : points.slice(1);
  });
  return topology.objects.countries.geometries.flatMap((g) =>
    g.type === "Polygon" ? g.arcs.map(ring) : g.type === "MultiPolygon" ? g.arcs.flatMap((polygon) => polygon.map(ring)) : []);
}

function drawMap(summary) {
  const svg = $("#map");
  if (!world || !places) return;
  const waiting = summary.byPickupPlace.filter((p) => p.waiting > 0 && places[p.code]);
  const sites = summary.sites.filter((s) => places[s.code] && (s.arrivedToday > 0 || s.expected > 0));
  const moving = (summary.movements ?? []).filter((m) => places[m.fromPlace] && places[m.toPlace]);
  const shown = [...new Set([...waiting.map((p) => p.code), ...sites.map((s) => s.code), ...moving.flatMap((m) => [m.fromPlace, m.toPlace])])]
    .map((code) => places[code]);
  const all = shown.length ? shown : Object.values(places);
  // The frame: every place shown, with a margin, and never narrower than the Mediterranean.
  let [west, east] = [Math.min(...all.map((p) => p.lon)) - 6, Math.max(...all.map((p) => p.lon)) + 6];
  let [south, north] = [Math.min(...all.map((p) => p.lat)) - 5, Math.max(...all.map((p) => p.lat)) + 5];
  if (east - west < 30) { const c = (east + west) / 2; [west, east] = [c - 15, c + 15]; }
  const width = 960, height = 420;
  const scale = Math.min(width / (east - west), height / (north - south));
  const cx = (west + east) / 2, cy = (south + north) / 2;
  const x = (lon) => width / 2 + (lon - cx) * scale, y = (lat) => height / 2 - (lat - cy) * scale;
  const land = world.map((r) => "M" + r.map(([lon, lat]) => `${x(lon).toFixed(1)},${y(lat).toFixed(1)}`).join("L") + "Z").join("");
  const top = Math.max(1, ...waiting.map((p) => p.waiting), ...sites.map((s) => s.arrivedToday + s.expected));
  const radius = (n) => 4 + 22 * Math.sqrt(n / top);
  const widest = Math.max(1, ...moving.map((m) => m.passengers));
  svg.setAttribute("viewBox", `0 0 ${width} ${height}`);
  svg.innerHTML = `<rect width="${width}" height="${height}" class="sea"/><path d="${land}" class="land"/>`
    + moving.map((m) => {
      const [a, b] = [places[m.fromPlace], places[m.toPlace]];
      const [x1, y1, x2, y2] = [x(a.lon), y(a.lat), x(b.lon), y(b.lat)];
      const bend = `${((x1 + x2) / 2 - (y2 - y1) * 0.15).toFixed(1)},${((y1 + y2) / 2 + (x2 - x1) * 0.15).toFixed(1)}`;
      return `<path d="M${x1.toFixed(1)},${y1.toFixed(1)} Q${bend} ${x2.toFixed(1)},${y2.toFixed(1)}" class="movement" stroke-width="${(1.5 + 6 * m.passengers / widest).toFixed(1)}"><title>${esc(m.fromPlace)} → ${esc(m.toPlace)}: ${number.format(m.passengers)}</title></path>`;
    }).join("")
    + sites.map((s) => { const p = places[s.code]; return `<circle cx="${x(p.lon).toFixed(1)}" cy="${y(p.lat).toFixed(1)}" r="${radius(s.arrivedToday + s.expected).toFixed(1)}" class="site" data-place="${esc(s.code)}"><title>${esc(p.name)}: ${number.format(s.arrivedToday)} · ${number.format(s.expected)}</title></circle>`; }).join("")
    + waiting.map((w) => { const p = places[w.code]; return `<circle cx="${x(p.lon).toFixed(1)}" cy="${y(p.lat).toFixed(1)}" r="${radius(w.waiting).toFixed(1)}" class="waiting" data-place="${esc(w.code)}"><title>${esc(p.name)}: ${number.format(w.waiting)}</title></circle>`; }).join("")
    + labels([
      ...waiting.map((w) => ({ place: places[w.code], size: w.waiting, text: `${shortName(places[w.code])} ${number.format(w.waiting)}` })),
      ...sites.map((s) => ({ place: places[s.code], size: s.arrivedToday + s.expected,
        text: `${shortName(places[s.code])} ${number.format(s.arrivedToday)} · ${number.format(s.expected)}` })),
    ], x, y, radius, width, height);
}

/** "Hazrat Shahjalal International Airport, Dhaka" → "Dhaka"; "Port of Tripoli" → "Tripoli": what a wall screen has room for. */
function shortName(place) {
  const name = place.name.includes(",") ? place.name.split(",").pop().trim() : place.name;
  return name.replace(/^(Port of|Grand Harbour,?)\s+/i, "").replace(/\s+(International Airport|Airport|border crossing|assembly point|port)$/i, "");
}

/**
 * Labels for the busiest places first, each where it overlaps no label already placed and stays inside the frame
 * (below, above, right or left of its circle); a place with no room keeps its figures in the circle's tooltip.
 */
function labels(candidates, x, y, radius, width, height) {
  const placed = [];
  const fits = (box) => box.left >= 2 && box.right <= width - 2 && box.top >= 2 && box.bottom <= height - 2
    && placed.every((other) => box.right < other.left || box.left > other.right || box.bottom < other.top || box.top > other.bottom);
  let svg = "";
  for (const c of candidates.sort((a, b) => b.size - a.size)) {
    const [cx, cy, r, w, h] = [x(c.place.lon), y(c.place.lat), radius(c.size), c.text.length * 7.2, 16];
    const spots = [[cx - w / 2, cy + r + 3], [cx - w / 2, cy - r - h - 3], [cx + r + 4, cy - h / 2], [cx - r - 4 - w, cy - h / 2]];
    const spot = spots.map(([left, top]) => ({ left, top, right: left + w, bottom: top + h })).find(fits);
    if (!spot) continue;
    placed.push(spot);
    svg += `<text x="${spot.left.toFixed(1)}" y="${(spot.bottom - 4).toFixed(1)}" class="map-label">${esc(c.text)}</text>`;
  }
  return svg;
}

function esc(value) {
  return String(value ?? "").replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
}

applyLanguage();
begin();
