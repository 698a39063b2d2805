// Micic consulate view: the officer signs in through the gateway (a cookie session the page cannot read) and reads
// how the consulate's registered nationals answered a crisis's check-in. The page holds no data of its own.
"use strict";

const $ = selector => document.querySelector(selector);
const ListSize = 100;
let places = new Map();

function show(face) {
  $("#view").hidden = face !== "view";
  $("#login").hidden = face !== "login";
  $("#refused").hidden = face !== "refused";
  $("#logout").hidden = $("#who").hidden = face === "login";
}

function api(path, options = {}) {
  const write = options.method && options.method !== "GET";
  return fetch(path, { ...options, credentials: "same-origin", headers: { ...options.headers, ...(write ? { "X-Micic-Csrf": "1" } : {}) } });
}

async function json(path) {
  const response = await api(path);
  if (response.status === 401) { show("login"); $("#login-said").textContent = "Your session has ended — sign in again."; throw new Error("signed out"); }
  if (!response.ok) throw new Error(`${path}: ${response.status}`);
  return response.json();
}

const areaName = code => code ? (places.get(code)?.name ?? code) : "Area not given";
const when = iso => iso ? new Date(iso).toISOString().slice(0, 16).replace("T", " ") + " UTC" : "";

function cell(row, text, className) {
  const td = row.insertCell();
  td.textContent = text;
  if (className) td.className = className;
  return td;
}

function household(row, item) {
  const td = row.insertCell();
  td.textContent = item.names.join(", ");
  return td;
}

function requestCell(row, item) {
  const td = row.insertCell();
  if (item.requestId) {
    const pill = document.createElement("span");
    pill.className = "pill";
    pill.textContent = `${item.requestReference ?? "request"} · ${item.requestStatus ?? "submitted"}`;
    td.append(pill);
  } else if (item.problem) {
    const pill = document.createElement("span");
    pill.className = "pill problem";
    pill.textContent = "no request — call them";
    const why = document.createElement("span");
    why.className = "problem-text";
    why.textContent = item.problem;
    td.append(pill, why);
  } else {
    td.textContent = "being raised…";
  }
}

function fill(table, page, columns, emptyText) {
  const body = $(`#${table} tbody`);
  body.replaceChildren();
  for (const item of page.items) {
    const row = body.insertRow();
    for (const column of columns) column(row, item);
  }
  if (page.items.length === 0) {
    const td = body.insertRow().insertCell();
    td.colSpan = columns.length;
    td.className = "empty";
    td.textContent = emptyText;
  }
  const note = $(`#${table}`).nextElementSibling;
  if (note?.classList.contains("more")) note.remove();
  if (page.total > page.items.length) {
    const more = document.createElement("p");
    more.className = "more";
    more.textContent = `Showing ${page.items.length} of ${page.total}.`;
    $(`#${table}`).after(more);
  }
}

const area = (row, item) => cell(row, areaName(item.area));
const phone = (row, item) => cell(row, item.phone, "phone");
const answered = (row, item) => cell(row, when(item.answeredAt));

// The dashboard's alerts for households that need help: open until the consulate marks the household called (or it
// answers again). Without them (the dashboard away), the list still stands, without the button.
let openAlerts = null;

function countOpen() {
  const open = [...openAlerts.values()].filter(alert => !alert.acknowledgedAt).length;
  const badge = $("#open-alerts");
  badge.hidden = open === 0;
  badge.textContent = open === 1 ? "1 open alert" : `${open} open alerts`;
}

async function loadAlerts(crisis) {
  try {
    const page = await json(`/api/dashboard/check-in-alerts?crisisId=${encodeURIComponent(crisis)}&status=all&pageSize=500`);
    openAlerts = new Map(page.items.map(alert => [alert.registrationId, alert]));
    countOpen();
  } catch {
    openAlerts = null;
    $("#open-alerts").hidden = true;
  }
}

function alertCell(row, item) {
  const td = row.insertCell();
  const alert = openAlerts?.get(item.registrationId);
  if (!openAlerts) return td;
  // Not on the dashboard yet (it follows the answer within seconds): the next refresh shows it.
  if (!alert) { td.textContent = "—"; td.className = "muted"; return td; }
  if (alert.acknowledgedAt) { td.textContent = "called " + when(alert.acknowledgedAt); td.className = "muted"; return td; }
  const button = document.createElement("button");
  button.type = "button";
  button.className = "called";
  button.textContent = "Mark called";
  button.setAttribute("aria-label", `Mark called: ${item.names.join(", ")}`);
  button.addEventListener("click", async () => {
    button.disabled = true;
    const response = await api(`/api/dashboard/check-in-alerts/${alert.id}/acknowledge`, { method: "POST" }).catch(() => null);
    // 409: acknowledged already (by a colleague) or answered since — either way the alert is no longer open.
    if (response && (response.ok || response.status === 409)) {
      const acknowledged = response.ok ? await response.json() : { ...alert, acknowledgedAt: new Date().toISOString() };
      openAlerts.set(item.registrationId, acknowledged);
      td.replaceChildren("called " + when(acknowledged.acknowledgedAt));
      td.className = "muted";
      countOpen();
    } else {
      button.disabled = false;
      button.textContent = "Try again";
    }
  });
  td.append(button);
  return td;
}

function totals(counts) {
  const sum = key => counts.reduce((total, count) => total + count[key], 0);
  $("#n-asked").textContent = sum("asked");
  $("#n-safe").textContent = sum("safe");
  $("#n-need-help").textContent = sum("needHelp");
  $("#n-want-to-leave").textContent = sum("wantToLeave");
  $("#n-unanswered").textContent = sum("unanswered");
  $("#n-to-call").textContent = sum("toCall");
}

function byArea(counts) {
  const areas = new Map();
  for (const count of counts) {
    const line = areas.get(count.area ?? "") ?? { area: count.area, asked: 0, safe: 0, needHelp: 0, wantToLeave: 0, unanswered: 0, toCall: 0 };
    for (const key of ["asked", "safe", "needHelp", "wantToLeave", "unanswered", "toCall"]) line[key] += count[key];
    areas.set(count.area ?? "", line);
  }
  const lines = [...areas.values()].sort((a, b) => b.asked - a.asked);
  fill("areas", { items: lines, total: lines.length }, [
    (row, line) => cell(row, areaName(line.area)),
    ...["asked", "safe", "needHelp", "wantToLeave", "unanswered", "toCall"].map(key => (row, line) => cell(row, String(line[key]))),
  ], "No one of yours was asked in this crisis.");
  drawMap(lines);
}

// A sketch, not a map: each area where households are registered at its latitude and longitude, a circle as large as
// the number of households, and its name in a column beside the sketch with a line to its circle (places near each
// other would cover each other's names otherwise). Counts only, never a person.
function drawMap(lines) {
  const svg = $("#map");
  svg.replaceChildren();
  const ns = "http://www.w3.org/2000/svg";
  const element = (name, attributes, text) => {
    const node = document.createElementNS(ns, name);
    for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, value);
    if (text !== undefined) node.textContent = text;
    return node;
  };
  const placed = lines.filter(line => places.has(line.area)).map(line => ({ ...line, place: places.get(line.area) }));
  if (placed.length === 0) return;
  const lats = placed.map(line => line.place.lat), lons = placed.map(line => line.place.lon);
  const [minLat, maxLat, minLon, maxLon] = [Math.min(...lats) - .3, Math.max(...lats) + .3, Math.min(...lons) - .3, Math.max(...lons) + .3];
  const sketch = 230, margin = 30, column = sketch + 2 * margin + 30, rowHeight = 24;
  const scale = Math.min(sketch / (maxLon - minLon), 300 / (maxLat - minLat));
  const most = Math.max(...placed.map(line => line.asked));
  for (const line of placed) {
    line.x = margin + (line.place.lon - minLon) * scale;
    line.y = margin + (maxLat - line.place.lat) * scale;
    line.r = 10 + 16 * Math.sqrt(line.asked / most);
  }
  let next = 0;
  for (const line of placed.sort((a, b) => a.y - b.y)) {
    line.labelY = Math.max(line.y, next);
    next = line.labelY + rowHeight;
  }
  const height = Math.max(...placed.map(line => Math.max(line.y + line.r, line.labelY))) + margin;
  svg.setAttribute("viewBox", `0 0 600 ${Math.round(height)}`);
  // Lines first, circles over them, figures and names on top.
  svg.append(...placed.map(line => element("line", { x1: line.x + line.r, y1: line.y, x2: column - 8, y2: line.labelY, class: "leader" })));
  svg.append(...placed.map(line => element("circle", { cx: line.x, cy: line.y, r: line.r })));
  svg.append(...placed.map(line => element("text", { x: line.x, y: line.y, class: "count" }, line.asked)));
  svg.append(...placed.map(line => element("text", { x: column, y: line.labelY, "dominant-baseline": "central" }, `${line.place.name} — ${line.asked}`)));
}

async function load() {
  const crisis = $("#crisis").value;
  if (!crisis) return;
  const base = `/api/crises/${encodeURIComponent(crisis)}/check-ins`;
  const [counts, needHelp, leave, toCall, safe] = await Promise.all([
    json(`${base}/counts`),
    json(`${base}?answer=need-help&pageSize=${ListSize}`),
    json(`${base}?answer=want-to-leave&pageSize=${ListSize}`),
    json(`${base}?status=to-call&pageSize=${ListSize}`),
    json(`${base}?answer=safe&pageSize=${ListSize}`),
    loadAlerts(crisis),
  ]);
  totals(counts.items);
  byArea(counts.items);
  fill("need-help", needHelp, [household, area, phone, answered, alertCell], "No one has said they need help.");
  fill("want-to-leave", leave, [household, area, phone, answered, requestCell], "No one has asked to leave.");
  fill("to-call", toCall, [household, area, phone, (row, item) => cell(row, String(item.attempts))], "No one is waiting for a call.");
  fill("safe", safe, [household, area, answered], "No one has answered safe yet.");
  $("#as-of").textContent = "as of " + when(new Date().toISOString());
}

async function begin() {
  $("#login-link").href = "/api/session/login?returnUrl=" + encodeURIComponent(location.pathname + location.search);
  let response;
  try { response = await api("/api/session"); } catch { show("login"); $("#login-said").textContent = "The network is down."; return; }
  if (!response.ok) { show("login"); return; }
  const session = await response.json();
  $("#who-name").textContent = session.name;
  $("#who-organisation").textContent = session.organisationName || session.organisationId;
  if (!session.roles.includes("consulate")) { show("refused"); return; }
  show("view");
  const [crises, allPlaces] = await Promise.all([json("/api/crises"), json("/api/places")]);
  places = new Map(allPlaces.map(place => [place.code, place]));
  const asked = new URLSearchParams(location.search).get("crisis");
  const select = $("#crisis");
  for (const crisis of [...crises].reverse()) select.add(new Option(`${crisis.name} (${crisis.country})${crisis.alertLevelName ? " — " + crisis.alertLevelName : ""}`, crisis.id));
  if (asked && crises.some(crisis => crisis.id === asked)) select.value = asked;
  await load();
}

$("#crisis-form").addEventListener("submit", event => { event.preventDefault(); load(); });
$("#crisis").addEventListener("change", () => {
  const url = new URL(location.href);
  url.searchParams.set("crisis", $("#crisis").value);
  history.replaceState(null, "", url);
  load();
});
$("#logout").addEventListener("click", async () => {
  try { await api("/api/session/logout", { method: "POST" }); } catch { /* the cookie ends with the session anyway */ }
  show("login");
});

begin();
