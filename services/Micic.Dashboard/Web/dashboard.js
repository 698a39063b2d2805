// Micic operations dashboard: signs in with a coordinator's credentials, then follows the live figures over
// server-sent events (read with fetch, so the token travels in a header, never in a URL), reconnecting by itself.
"use strict";

const tokenKey = "micic.dashboard.token";
const $ = (selector) => document.querySelector(selector);
const number = new Intl.NumberFormat("en-GB");
let stream = null;

function show(signedIn) {
  $("#board").hidden = !signedIn;
  $("#logout").hidden = !signedIn;
  $("#reports-link").hidden = !signedIn;
  $("#login").hidden = signedIn;
}

let staleTimer = null;

// Figures kept while reconnecting fade after a few seconds, so nobody reads old numbers as current.
function setConnection(live) {
  const badge = $("#connection");
  badge.textContent = live ? "live" : "reconnecting…";
  badge.className = "connection " + (live ? "live" : "offline");
  clearTimeout(staleTimer);
  if (live) $("#board").classList.remove("stale");
  else staleTimer = setTimeout(() => $("#board").classList.add("stale"), 5000);
}

$("#login").addEventListener("submit", async (event) => {
  event.preventDefault();
  const form = new FormData(event.target);
  $("#login-error").textContent = "";
  const response = await fetch("/api/auth/token", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ clientId: form.get("clientId"), clientSecret: form.get("clientSecret") }),
  });
  if (!response.ok) { $("#login-error").textContent = "Unknown client or wrong secret."; return; }
  const answer = await response.json();
  if (!answer.roles.includes("coordinator")) { $("#login-error").textContent = "The dashboard is for coordinators."; return; }
  sessionStorage.setItem(tokenKey, answer.accessToken);
  start();
});

$("#logout").addEventListener("click", () => {
  sessionStorage.removeItem(tokenKey);
  stream?.abort();
  show(false);
});

// Reports download with the token in a header, like every call: fetched, then handed to the browser as a file.
$("#report-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const format = event.submitter?.value ?? "pdf";
  const crisisId = $("#report-crisis").value;
  const status = $("#report-status");
  status.textContent = "Preparing the " + format.toUpperCase() + "…";
  const path = "/api/reports/after-action" + (format === "json" ? "" : "." + format) + "?crisisId=" + encodeURIComponent(crisisId);
  try {
    const response = await fetch(path, { headers: { Authorization: "Bearer " + sessionStorage.getItem(tokenKey) } });
    if (!response.ok) {
      const problem = await response.json().catch(() => ({}));
      status.textContent = "Could not make the report: " + (problem.title ?? response.status);
      return;
    }
    const name = /filename="?([^";]+)"?/.exec(response.headers.get("Content-Disposition") ?? "")?.[1] ?? "after-action-" + crisisId + "." + format;
    const link = Object.assign(document.createElement("a"), { href: URL.createObjectURL(await response.blob()), download: name });
    link.click();
    setTimeout(() => URL.revokeObjectURL(link.href), 60000);
    status.textContent = "Downloaded " + name;
  } catch {
    status.textContent = "The network is down: try again when it is back.";
  }
});

async function loadCrises() {
  const response = await fetch("/api/crises", { headers: { Authorization: "Bearer " + sessionStorage.getItem(tokenKey) } });
  if (!response.ok) return;
  const select = $("#report-crisis");
  select.replaceChildren(...(await response.json()).map((crisis) => Object.assign(document.createElement("option"), { value: crisis.id, textContent: crisis.name })));
}

function start() {
  show(true);
  loadCrises();
  stream?.abort();
  stream = new AbortController();
  follow(stream.signal);
}

async function follow(signal) {
  let wait = 500;
  while (!signal.aborted) {
    try {
      const response = await fetch("/api/dashboard/live", {
        headers: { Authorization: "Bearer " + sessionStorage.getItem(tokenKey), Accept: "text/event-stream" },
        signal,
      });
      if (response.status === 401 || response.status === 403) { sessionStorage.removeItem(tokenKey); show(false); return; }
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
  }), "No requests yet");

  const topPlace = Math.max(1, ...summary.byPickupPlace.map((n) => n.people));
  fill($("#places"), summary.byPickupPlace.slice(0, 40).map((n) => {
    const tr = document.createElement("tr");
    tr.append(cell(n.code), barCell(n.people, topPlace), cell(number.format(n.people), "num"), cell(number.format(n.waiting), "num"));
    return tr;
  }), "No requests yet");

  fill($("#sites"), summary.sites.map((s) => {
    const tr = document.createElement("tr");
    tr.append(cell(s.code), cell(number.format(s.arrivedToday), "num"), cell(number.format(s.expected), "num"));
    return tr;
  }), "No movements yet");

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
  }), "No referrals yet");

  fill($("#queue"), summary.vulnerableQueue.map((g) => {
    const tr = document.createElement("tr");
    if (g.escalated) tr.className = "escalated";
    tr.append(cell(`${g.hoursWaiting.toFixed(1)} h`), cell(`${g.people} ${g.people === 1 ? "person" : "people"}`),
      cell(g.needs.join(", ")), cell(g.pickupPlace), cell(g.escalated ? "escalated" : ""));
    return tr;
  }), "No vulnerable group is waiting");

  const alerts = $("#alerts");
  alerts.replaceChildren(...(summary.alerts.length ? summary.alerts.slice(0, 12).map((a) => {
    const li = document.createElement("li");
    li.className = a.kind;
    const time = document.createElement("time");
    time.dateTime = a.at;
    time.textContent = new Date(a.at).toISOString().slice(11, 16);
    li.append(time, a.message);
    return li;
  }) : [Object.assign(document.createElement("li"), { className: "empty", textContent: "No alerts" })]));

  drawTimeline(summary.timeline);
  $("#as-of").textContent = "as of " + new Date(summary.asOf).toISOString().slice(11, 19) + " UTC";
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

if (sessionStorage.getItem(tokenKey)) start(); else show(false);
