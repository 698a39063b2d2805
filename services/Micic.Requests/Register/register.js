// Micic self-registration: a person registers his or her household, without signing in, in his or her language. The
// phone gets a 6-digit code by SMS; the registration counts only once the code is typed here. Plain script for basic
// phone browsers: no framework, no storage.
"use strict";

const $ = selector => document.querySelector(selector);
const Languages = ["en", "fr", "ar", "bn"];
const MaxPeople = 20;

const Texts = {
  en: {
    badPhone: "Write the number with + and the country code, e.g. +218 91 234 5678.", badDate: "This date is not possible.",
    needNumber: "Write the document's number, or choose None.", sameCountry: "Choose the country where you live, not your nationality.",
    badChoice: "Choose again from the list.", checkField: "Please check this.",
    title: "Register with your consulate — Micic", languages: "Language", heading: "Register with your consulate",
    intro: "If a crisis happens where you live, your consulate can reach you and help you leave. We send a code to your phone to check it.",
    nationality: "Your nationality", residence: "Country where you live now", area: "Area (if you wish)", anyArea: "Not given",
    choose: "Choose…", household: "The people in your household", person: "Person {n}", addPerson: "Add a person", remove: "Remove this person",
    givenName: "Given name", familyName: "Family name", sex: "Sex", female: "Female", male: "Male", other: "Other",
    birthDate: "Date of birth (if you wish)", document: "Document (if you wish)", noDocument: "None", passport: "Passport",
    nationalId: "National identity card", travelDocument: "Travel document", documentNumber: "Document number",
    phone: "Mobile phone number", phoneHint: "With the country code, e.g. +218 91 234 5678", language: "Language of our messages",
    consent: "I agree that my consulate and the organisations helping it contact me by SMS in a crisis.", send: "Send me a code",
    codeHeading: "Type the code", codeSent: "We sent a code by SMS to {phone}. It is valid until {time}.", code: "Code (6 digits)",
    confirm: "Confirm", restart: "Start again", doneHeading: "You are registered",
    done: "Your consulate can now reach you. In a crisis you will get an SMS asking if you are safe: answer it.",
    required: "Required.", needConsent: "Tick this box to register.", sixDigits: "The 6 digits of the code sent to your phone.",
    wrongCode: "Wrong code: {n} tries left.", tooMany: "Too many tries. Please wait {minutes} minutes and try again.",
    gone: "This registration has ended. Please start again.", offline: "No connection. Check your network and try again.",
    fix: "Please check the fields marked below.", full: "At most 20 people; register a larger family as two households.",
  },
  fr: {
    badPhone: "Écrivez le numéro avec + et l'indicatif du pays, par ex. +218 91 234 5678.", badDate: "Cette date n'est pas possible.",
    needNumber: "Écrivez le numéro de la pièce, ou choisissez Aucune.", sameCountry: "Choisissez le pays où vous vivez, pas votre nationalité.",
    badChoice: "Choisissez de nouveau dans la liste.", checkField: "Vérifiez ce champ.",
    title: "Inscription auprès de votre consulat — Micic", languages: "Langue", heading: "Inscrivez-vous auprès de votre consulat",
    intro: "Si une crise survient là où vous vivez, votre consulat pourra vous joindre et vous aider à partir. Nous envoyons un code à votre téléphone pour le vérifier.",
    nationality: "Votre nationalité", residence: "Pays où vous vivez", area: "Région (facultatif)", anyArea: "Non précisée",
    choose: "Choisir…", household: "Les personnes de votre foyer", person: "Personne {n}", addPerson: "Ajouter une personne", remove: "Retirer cette personne",
    givenName: "Prénom", familyName: "Nom de famille", sex: "Sexe", female: "Femme", male: "Homme", other: "Autre",
    birthDate: "Date de naissance (facultatif)", document: "Pièce d'identité (facultatif)", noDocument: "Aucune", passport: "Passeport",
    nationalId: "Carte nationale d'identité", travelDocument: "Titre de voyage", documentNumber: "Numéro de la pièce",
    phone: "Numéro de téléphone portable", phoneHint: "Avec l'indicatif du pays, par ex. +218 91 234 5678", language: "Langue de nos messages",
    consent: "J'accepte que mon consulat et les organisations qui l'aident me contactent par SMS en cas de crise.", send: "M'envoyer un code",
    codeHeading: "Tapez le code", codeSent: "Nous avons envoyé un code par SMS au {phone}. Il est valable jusqu'à {time}.", code: "Code (6 chiffres)",
    confirm: "Confirmer", restart: "Recommencer", doneHeading: "Vous êtes inscrit(e)",
    done: "Votre consulat peut maintenant vous joindre. En cas de crise, vous recevrez un SMS vous demandant si vous êtes en sécurité : répondez-y.",
    required: "Obligatoire.", needConsent: "Cochez cette case pour vous inscrire.", sixDigits: "Les 6 chiffres du code reçu par SMS.",
    wrongCode: "Code erroné : encore {n} essai(s).", tooMany: "Trop d'essais. Attendez {minutes} minutes puis réessayez.",
    gone: "Cette inscription n'est plus valable. Recommencez, s'il vous plaît.", offline: "Pas de connexion. Vérifiez votre réseau et réessayez.",
    fix: "Vérifiez les champs signalés ci-dessous.", full: "20 personnes au plus ; inscrivez une famille plus grande en deux foyers.",
  },
  ar: {
    badPhone: "اكتبوا الرقم مع + ورمز البلد، مثلًا ‎+218 91 234 5678.", badDate: "هذا التاريخ غير ممكن.",
    needNumber: "اكتبوا رقم الوثيقة أو اختاروا «لا توجد».", sameCountry: "اختاروا البلد الذي تقيمون فيه لا بلد جنسيتكم.",
    badChoice: "اختاروا من القائمة من جديد.", checkField: "راجعوا هذا الحقل.",
    title: "التسجيل لدى قنصليتكم — Micic", languages: "اللغة", heading: "سجّلوا لدى قنصليتكم",
    intro: "إن وقعت أزمة حيث تقيمون، تستطيع قنصليتكم الاتصال بكم ومساعدتكم على المغادرة. نرسل رمزًا إلى هاتفكم للتحقق منه.",
    nationality: "جنسيتكم", residence: "البلد الذي تقيمون فيه الآن", area: "المنطقة (اختياري)", anyArea: "غير محددة",
    choose: "اختاروا…", household: "أفراد أسرتكم", person: "الشخص {n}", addPerson: "إضافة شخص", remove: "حذف هذا الشخص",
    givenName: "الاسم الأول", familyName: "اسم العائلة", sex: "الجنس", female: "أنثى", male: "ذكر", other: "آخر",
    birthDate: "تاريخ الميلاد (اختياري)", document: "الوثيقة (اختياري)", noDocument: "لا توجد", passport: "جواز سفر",
    nationalId: "بطاقة هوية وطنية", travelDocument: "وثيقة سفر", documentNumber: "رقم الوثيقة",
    phone: "رقم الهاتف المحمول", phoneHint: "مع رمز البلد، مثلًا ‎+218 91 234 5678", language: "لغة رسائلنا",
    consent: "أوافق على أن تتصل بي قنصليتي والمنظمات التي تساعدها برسائل قصيرة عند وقوع أزمة.", send: "أرسلوا لي رمزًا",
    codeHeading: "اكتبوا الرمز", codeSent: "أرسلنا رمزًا برسالة قصيرة إلى ‎{phone}. وهو صالح حتى {time}.", code: "الرمز (6 أرقام)",
    confirm: "تأكيد", restart: "البدء من جديد", doneHeading: "تم تسجيلكم",
    done: "تستطيع قنصليتكم الآن الاتصال بكم. عند وقوع أزمة ستصلكم رسالة تسألكم إن كنتم بأمان: أجيبوا عنها.",
    required: "مطلوب.", needConsent: "ضعوا علامة في هذا المربع للتسجيل.", sixDigits: "الأرقام الستة للرمز المرسل إلى هاتفكم.",
    wrongCode: "رمز خاطئ: بقيت {n} محاولات.", tooMany: "محاولات كثيرة. انتظروا {minutes} دقيقة ثم حاولوا مجددًا.",
    gone: "انتهى هذا التسجيل. ابدؤوا من جديد من فضلكم.", offline: "لا يوجد اتصال. تحققوا من الشبكة وحاولوا مجددًا.",
    fix: "راجعوا الحقول المشار إليها أدناه.", full: "20 شخصًا على الأكثر؛ سجّلوا العائلة الأكبر كأسرتين.",
  },
  bn: {
    badPhone: "+ ও দেশের কোডসহ নম্বর লিখুন, যেমন +218 91 234 5678।", badDate: "এই তারিখ সম্ভব নয়।",
    needNumber: "নথির নম্বর লিখুন, অথবা «নেই» বেছে নিন।", sameCountry: "যে দেশে থাকেন সেটি বেছে নিন, জাতীয়তার দেশ নয়।",
    badChoice: "তালিকা থেকে আবার বেছে নিন।", checkField: "এটি দেখুন।",
    title: "আপনার দূতাবাসে নিবন্ধন — Micic", languages: "ভাষা", heading: "আপনার দূতাবাসে নিবন্ধন করুন",
    intro: "আপনি যেখানে থাকেন সেখানে সংকট হলে আপনার দূতাবাস আপনার সাথে যোগাযোগ করে চলে যেতে সাহায্য করতে পারবে। যাচাইয়ের জন্য আমরা আপনার ফোনে একটি কোড পাঠাই।",
    nationality: "আপনার জাতীয়তা", residence: "এখন যে দেশে থাকেন", area: "এলাকা (ইচ্ছা হলে)", anyArea: "উল্লেখ নেই",
    choose: "বেছে নিন…", household: "আপনার পরিবারের সদস্যরা", person: "ব্যক্তি {n}", addPerson: "একজন যোগ করুন", remove: "এই ব্যক্তিকে বাদ দিন",
    givenName: "নাম", familyName: "পারিবারিক নাম", sex: "লিঙ্গ", female: "নারী", male: "পুরুষ", other: "অন্যান্য",
    birthDate: "জন্ম তারিখ (ইচ্ছা হলে)", document: "কাগজপত্র (ইচ্ছা হলে)", noDocument: "নেই", passport: "পাসপোর্ট",
    nationalId: "জাতীয় পরিচয়পত্র", travelDocument: "ভ্রমণ নথি", documentNumber: "নথির নম্বর",
    phone: "মোবাইল ফোন নম্বর", phoneHint: "দেশের কোডসহ, যেমন +218 91 234 5678", language: "আমাদের বার্তার ভাষা",
    consent: "সংকটে আমার দূতাবাস ও তাকে সাহায্যকারী সংস্থা আমাকে SMS পাঠাতে পারবে, এতে আমি রাজি।", send: "আমাকে কোড পাঠান",
    codeHeading: "কোডটি লিখুন", codeSent: "{phone} নম্বরে SMS-এ কোড পাঠানো হয়েছে। {time} পর্যন্ত বৈধ।", code: "কোড (6 অঙ্ক)",
    confirm: "নিশ্চিত করুন", restart: "আবার শুরু করুন", doneHeading: "আপনার নিবন্ধন হয়েছে",
    done: "আপনার দূতাবাস এখন আপনার সাথে যোগাযোগ করতে পারবে। সংকটে আপনি নিরাপদ কিনা জানতে SMS আসবে: উত্তর দিন।",
    required: "আবশ্যক।", needConsent: "নিবন্ধনের জন্য এই বাক্সে টিক দিন।", sixDigits: "ফোনে পাঠানো কোডের 6টি অঙ্ক।",
    wrongCode: "ভুল কোড: আর {n} বার চেষ্টা করা যাবে।", tooMany: "অনেকবার চেষ্টা হয়েছে। {minutes} মিনিট পরে আবার চেষ্টা করুন।",
    gone: "এই নিবন্ধন শেষ হয়ে গেছে। আবার শুরু করুন।", offline: "সংযোগ নেই। নেটওয়ার্ক দেখে আবার চেষ্টা করুন।",
    fix: "নিচে চিহ্নিত ঘরগুলো দেখুন।", full: "সর্বোচ্চ 20 জন; বড় পরিবারকে দুটি পরিবার হিসেবে নিবন্ধন করুন।",
  },
};

const language = chooseLanguage();
const t = (key, values = {}) => Object.entries(values).reduce((text, [name, value]) => text.replace(`{${name}}`, value), Texts[language][key] ?? Texts.en[key]);
let choices = { countries: [], areas: [] };
let registrationId = null;

// ?lang= first, then the browser's languages (its Accept-Language), then English.
function chooseLanguage() {
  const asked = new URLSearchParams(location.search).get("lang");
  const wanted = [asked, ...(navigator.languages ?? [navigator.language])].filter(Boolean).map(tag => tag.toLowerCase().split("-")[0]);
  return wanted.find(tag => Languages.includes(tag)) ?? "en";
}

function translate(root = document) {
  root.querySelectorAll("[data-t]").forEach(element => { element.textContent = t(element.dataset.t); });
  root.querySelectorAll("[data-t-label]").forEach(element => element.setAttribute("aria-label", t(element.dataset.tLabel)));
}

function countryName(country) {
  try {
    if (country.alpha2) return new Intl.DisplayNames([language], { type: "region" }).of(country.alpha2) ?? country.code;
  } catch { /* a browser without Intl.DisplayNames names countries by their codes */ }
  return country.code;
}

function option(value, text) {
  const element = document.createElement("option");
  element.value = value;
  element.textContent = text;
  return element;
}

function fillCountries() {
  const named = choices.countries.map(country => ({ code: country.code, name: countryName(country) }))
    .sort((a, b) => a.name.localeCompare(b.name, language));
  for (const select of [$("#nationality"), $("#countryOfResidence")]) {
    select.replaceChildren(option("", t("choose")), ...named.map(country => option(country.code, country.name)));
  }
  fillAreas();
}

function fillAreas() {
  const country = $("#countryOfResidence").value;
  $("#area").replaceChildren(option("", t("anyArea")),
    ...choices.areas.filter(area => area.country === country).map(area => option(area.code, area.name)));
  areaDirection();
}

// Places are named in Latin letters: chosen on a right-to-left page, the name reads from its start, not cut there.
function areaDirection() {
  const chosen = $("#area").selectedOptions[0];
  $("#area").dir = chosen?.value && /^[\p{Script=Latin}\d]/u.test(chosen.textContent) ? "ltr" : "";
}

function addPerson() {
  const people = $("#people");
  if (people.children.length >= MaxPeople) { fieldError("household", t("full")); return; }
  const row = $("#person").content.firstElementChild.cloneNode(true);
  translate(row);
  row.querySelector(".remove").addEventListener("click", () => { row.remove(); numberPeople(); });
  people.append(row);
  numberPeople();
  return row;
}

// Each row's fields are named after their place in the API's body (household[i].givenName …), so that the API's
// errors land next to them, and their labels and error texts are tied to them by id.
function numberPeople() {
  const rows = [...$("#people").children];
  rows.forEach((row, i) => {
    row.querySelector(".person-title").textContent = t("person", { n: i + 1 });
    row.querySelectorAll(".field").forEach(field => {
      const input = field.querySelector("[data-part]");
      const id = `p${i}-${input.dataset.part.replace(".", "-")}`;
      input.id = id;
      input.dataset.field = `household[${i}].${input.dataset.part}`;
      field.querySelector("label").htmlFor = id;
      const error = field.querySelector(".error");
      error.id = `${id}-error`;
      input.setAttribute("aria-describedby", error.id);
    });
    row.querySelector(".remove").hidden = rows.length === 1;
  });
  $("#add-person").hidden = rows.length >= MaxPeople;
}

function clearErrors(form) {
  $("#said").hidden = true;
  document.querySelectorAll(".error").forEach(error => { error.textContent = ""; });
  form.querySelectorAll("[aria-invalid]").forEach(input => input.removeAttribute("aria-invalid"));
}

function say(text) {
  $("#said").textContent = text;
  $("#said").hidden = false;
  $("#said").focus?.();
}

// An error next to its field: the field found by the API's name for it, or for the nearest enclosing name.
function fieldError(name, message) {
  let key = name;
  while (key) {
    const element = document.querySelector(`[data-field="${CSS.escape(key)}"]`);
    if (element) {
      const error = element.classList.contains("error") ? element : document.getElementById(`${element.id}-error`);
      if (error) {
        error.textContent = error.textContent ? `${error.textContent} ${message}` : message;
        if (element !== error) element.setAttribute("aria-invalid", "true");
        return true;
      }
    }
    key = key.includes(".") || key.includes("[") ? key.replace(/(\.[^.[\]]+|\[\d+\])$/, "") : "";
  }
  return false;
}

// The API explains in English; the person reads the page's language: what a field's error means, said in it.
function inLanguage(name, message) {
  if (language === "en" && !/^Required/.test(message)) return message;
  if (/^Required\.?$/.test(message)) return t("required");
  if (name === "contact.phone") return t("badPhone");
  if (name === "consentToContact") return t("needConsent");
  if (name === "household") return t("full");
  if (name.endsWith(".birthDate")) return t("badDate");
  if (name.endsWith(".document.number")) return t("needNumber");
  if (name === "countryOfResidence" && /other than/.test(message)) return t("sameCountry");
  if (["nationality", "countryOfResidence", "area", "contact.language"].includes(name) || name.endsWith(".sex") || name.endsWith(".document.kind")) return t("badChoice");
  return language === "en" ? message : t("checkField");
}

function showProblem(problem) {
  const unplaced = [];
  for (const [name, messages] of Object.entries(problem.errors ?? {}))
    for (const message of new Set(messages.map(message => inLanguage(name, message))))
      if (!fieldError(name, message)) unplaced.push(message);
  say([problem.errors ? t("fix") : (problem.detail ?? problem.title), ...unplaced].join(" "));
  document.querySelector("[aria-invalid]")?.focus();
}

function body() {
  const value = part => part.value.trim();
  return {
    nationality: $("#nationality").value || null,
    countryOfResidence: $("#countryOfResidence").value || null,
    area: $("#area").value || null,
    household: [...$("#people").children].map(row => {
      const get = name => value(row.querySelector(`[data-part="${name}"]`));
      const kind = get("document.kind");
      return {
        givenName: get("givenName"), familyName: get("familyName"), sex: get("sex") || null, birthDate: get("birthDate") || null,
        document: kind === "none" && !get("document.number") ? null : { kind, number: get("document.number") || null },
      };
    }),
    contact: { phone: value($("#phone")), language: $("#language").value },
    consentToContact: $("#consent").checked,
  };
}

async function post(path, payload) {
  const response = await fetch(path, {
    method: "POST", credentials: "same-origin",
    headers: { "Content-Type": "application/json", "X-Micic-Csrf": "1", "Accept-Language": language },
    body: JSON.stringify(payload),
  });
  const answer = response.headers.get("Content-Type")?.includes("json") ? await response.json() : {};
  return { status: response.status, answer, retryAfter: Number(response.headers.get("Retry-After") ?? 0) };
}

function waitText(retryAfter) {
  return t("tooMany", { minutes: Math.max(1, Math.ceil(retryAfter / 60)) });
}

async function register(event) {
  event.preventDefault();
  const form = event.target;
  clearErrors(form);
  // What the person can fix without asking the server is said at once.
  let missing = false;
  for (const input of form.querySelectorAll("[required]"))
    if (input.type === "checkbox" ? !input.checked : !input.value.trim()) {
      fieldError(input.dataset.field, input.type === "checkbox" ? t("needConsent") : t("required"));
      missing = true;
    }
  if (missing) { say(t("fix")); form.querySelector("[aria-invalid]")?.focus(); return; }

  $("#send").disabled = true;
  try {
    const { status, answer, retryAfter } = await post("/api/registrations/self", body());
    if (status === 202) {
      registrationId = answer.id;
      const time = new Date(answer.codeExpiresAt).toLocaleTimeString(language, { hour: "2-digit", minute: "2-digit" });
      $("#code-sent").textContent = t("codeSent", { phone: body().contact.phone, time });
      form.hidden = true;
      $("#confirm").hidden = false;
      $("#code").focus();
    } else if (status === 429) say(waitText(retryAfter));
    else showProblem(answer);
  } catch {
    say(t("offline"));
  } finally {
    $("#send").disabled = false;
  }
}

async function confirmCode(event) {
  event.preventDefault();
  const form = event.target;
  clearErrors(form);
  const code = $("#code").value.trim();
  if (!/^[0-9]{6}$/.test(code)) { fieldError("code", t("sixDigits")); $("#code").focus(); return; }
  $("#check").disabled = true;
  try {
    const { status, answer, retryAfter } = await post(`/api/registrations/self/${registrationId}/confirm`, { code });
    if (status === 200) {
      form.hidden = true;
      $("#done").hidden = false;
      $("#done-heading").focus?.();
    } else if (status === 400 && answer.triesLeft > 0) {
      fieldError("code", t("wrongCode", { n: answer.triesLeft }));
      $("#code").select();
    } else if (status === 400 && answer.triesLeft === 0 || status === 404 || status === 409 || status === 410) say(t("gone"));
    else if (status === 429) say(waitText(retryAfter));
    else showProblem(answer);
  } catch {
    say(t("offline"));
  } finally {
    $("#check").disabled = false;
  }
}

function restart() {
  registrationId = null;
  $("#code").value = "";
  clearErrors($("#confirm"));
  $("#confirm").hidden = true;
  $("#register").hidden = false;
}

async function start() {
  document.documentElement.lang = language;
  document.documentElement.dir = language === "ar" ? "rtl" : "ltr";
  translate();
  // An exercise platform's banner stays in the title whatever the language (after translate(), which sets the title too).
  document.title = (document.querySelector(".micic-exercise") ? "EXERCISE — " : "") + t("title");
  document.querySelectorAll("nav a").forEach(link => { if (link.hreflang === language) link.setAttribute("aria-current", "true"); });
  $("#language").value = language;
  addPerson();
  $("#add-person").addEventListener("click", () => addPerson()?.querySelector("input")?.focus());
  $("#countryOfResidence").addEventListener("change", fillAreas);
  $("#area").addEventListener("change", areaDirection);
  for (const event of ["input", "change"])
    document.addEventListener(event, ({ target }) => {
      if (target.getAttribute?.("aria-invalid") !== "true") return;
      target.removeAttribute("aria-invalid");
      const error = document.getElementById(`${target.id}-error`);
      if (error) error.textContent = "";
      if (!document.querySelector("[aria-invalid=true]")) $("#said").hidden = true;
    });
  $("#register").addEventListener("submit", register);
  $("#confirm").addEventListener("submit", confirmCode);
  $("#restart").addEventListener("click", restart);
  try {
    const response = await fetch("/api/registrations/self/choices");
    choices = await response.json();
  } catch {
    say(t("offline"));
  }
  fillCountries();
  document.body.dataset.ready = "true";
}

start();
