// The live desk page. Plain browser JavaScript, no build step. Every name from the server is
// put on the page as text (textContent, never innerHTML), so a candidate called
// "<script>…" is shown, never run. Figures come from the API; the page only formats them,
// except two small sums said where they are made: the swing a seat needs to change hands
// (half the gap between its two leading parties) and tonight's swing between two parties
// (half the difference of their share changes in the seats declared, from /api/totals).
"use strict";

const state = {
  colours: {}, names: {}, hexes: new Map(), seats: new Map(), byOns: new Map(), latest: [],
  method: "model", timers: {}, throttles: {}, totals: null, contestTicket: 0,
  backoff: 1000, source: null, connected: false, lastHex: null, zoomed: false,
};

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (key === "class") node.className = value;
    else if (key === "style") Object.assign(node.style, value);
    else node.setAttribute(key, value);
  }
  for (const child of children) {
    if (child === null || child === undefined) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

const $ = (id) => document.getElementById(id);
const svgNS = "http://www.w3.org/2000/svg";
const grey = "#d0d0d0";
const whole = new Intl.NumberFormat("en-GB");
const fmtPct = (x) => (x === null || x === undefined ? "–" : x.toFixed(1) + "%");
function fmtPts(x) {
  if (x === null || x === undefined) return "–";
  const shown = Math.abs(x).toFixed(1);
  return (shown === "0.0" ? "±" : x > 0 ? "+" : "−") + shown;
}
const fmtNet = (n) => (n > 0 ? "+" + n : n < 0 ? "−" + Math.abs(n) : "0");

class ApiError extends Error {
  constructor(path, status, body) {
    super((body && body.detail) || `${path}: ${status}`);
    this.status = status;
    this.body = body || {};
  }
}

async function getJSON(path) {
  const answer = await fetch(path, { headers: { Accept: "application/json" } });
  if (!answer.ok) {
    let body = null;
    try { body = await answer.json(); } catch { body = null; }
    throw new ApiError(path, answer.status, body);
  }
  return answer.json();
}

function debounce(name, wait, fn) {
  clearTimeout(state.timers[name]);
  state.timers[name] = setTimeout(fn, wait);
}

// Run fn at most once every `every` ms, and never two at once: a call while one is scheduled
// or running is folded into the next run, which still comes within `every` ms of the last.
// Unlike a debounce, a steady stream of calls still gets a run every `every` ms.
function throttle(name, every, fn) {
  const t = state.throttles[name] || (state.throttles[name] = { last: -Infinity, timer: null,
    running: false, again: false });
  if (t.running) { t.again = true; return; }
  if (t.timer !== null) return;
  const wait = Math.max(0, t.last + every - performance.now());
  t.timer = setTimeout(async () => {
    t.timer = null;
    t.running = true;
    t.last = performance.now();
    try { await fn(); } catch (error) { report(error); } finally {
      t.running = false;
      if (t.again) { t.again = false; throttle(name, every, fn); }
    }
  }, wait);
}

function swatch(colour) {
  return el("span", { class: "swatch", style: { background: colour || grey } });
}

function partyCell(row) {
  state.colours[row.party] = row.colour;
  return el("td", {}, swatch(row.colour), row.party);
}

function fillBar(bar, rows, size) {
  bar.replaceChildren();
  for (const row of rows) {
    if (!row.seats) continue;
    bar.append(el("span", { title: row.party + " " + row.seats,
      style: { width: (100 * row.seats / size) + "%", background: row.colour || grey } }));
  }
  bar.append(el("span", { class: "line", title: "majority" }));
}

function fillBody(table, rows) {
  table.tBodies[0].replaceChildren(...rows);
}

// --- the connection pill -----------------------------------------------------------------

function pill(text, on) {
  const live = $("live");
  live.textContent = text;
  live.classList.toggle("on", Boolean(on));
  live.classList.toggle("bad", !on && text.startsWith("error"));
}

function report(error) {
  pill("error: " + error.message, false);
}

function recovered() {  // a load worked: the pill says the connection's state again
  if ($("live").classList.contains("bad")) {
    pill(state.connected ? "live" : "reconnecting…", state.connected);
  }
}

// --- the House ---------------------------------------------------------------------------

async function loadTotals() {
  const t = await getJSON("/api/totals");
  state.totals = t;
  $("night").textContent = "· " + t.name;
  $("declared-line").textContent =
    `${t.declared} of ${t.seats} declared · ${t.to_declare} to declare · ` +
    `${t.majority} for a majority`;
  $("declared-line").dataset.declared = t.declared;
  const byNight = t.kind === "by-elections";
  $("house-h").textContent = byNight ? "The by-elections" : "The House";
  $("by-elections").hidden = !byNight;
  $("seat-bar").hidden = byNight;
  $("totals-box").hidden = byNight && !t.parties.length;
  if (byNight) {
    $("declared-line").textContent = `${t.declared} of ${t.seats} by-election` +
      `${t.seats === 1 ? "" : "s"} declared · each compared with the previous general election`;
    showByElections(t.by_elections || []);
  }
  fillBar($("seat-bar"), t.parties, t.seats);
  // parties with a seat, a loss, or at least 0.5% of the vote; the API has them all
  const shown = t.parties.filter((p) => p.seats || p.losses || (p.share || 0) >= 0.5);
  for (const p of t.parties) { state.colours[p.party] = p.colour; state.names[p.party] = p.name; }
  fillBody($("totals"), shown.map((p) => el("tr",
    { "data-party": p.party }, partyCell(p), el("td", {}, p.seats), el("td", {}, p.gains),
    el("td", {}, p.losses), el("td", {}, fmtNet(p.net)), el("td", {}, fmtPct(p.share)),
    el("td", {}, fmtPts(p.change)))));
  recolour();
  swingChoices();
  showTonight();
  recovered();
}

// a by-election night: each contest against its constituency's previous general election
function showByElections(contests) {
  $("by-elections").replaceChildren(...contests.map((b) => {
    const prev = b.previous ? previousShares(b.previous).slice(0, 3)
      .map((r) => `${r.party} ${fmtPct(r.share)}`).join(", ") : "";
    const need = b.previous ? swingNeeded(b.previous) : null;
    const said = b.result
      ? `${b.result}` + (b.winner ? ` · ${b.winner.candidate} (${b.winner.party})` : "")
      : b.state === "nominated" ? "awaiting declaration · candidates nominated" : "awaiting declaration";
    const swing = b.swing && b.swing.points !== null && b.swing.points !== undefined
      ? `Swing ${b.swing.from}→${b.swing.to} ${b.swing.points.toFixed(1)} points (Butler)` : null;
    return el("article", { class: "by", "data-contest": b.contest },
      el("h3", {}, el("a", { href: "#/contest/" + encodeURIComponent(b.contest) }, b.constituency)),
      el("p", { class: "label" + (b.result && b.result.includes("gain") ? " gain" : "") }, said),
      swing ? el("p", {}, swing) : null,
      prev ? el("p", { class: "note" }, `Previously (${b.previous.date}): ${prev}` +
        (need && !b.result ? ` · ${need.points.toFixed(1)} points ${need.from}→${need.to} to change hands` : "")) : null);
  }));
}

// --- latest declarations (an ARIA live region: new lines are added, never re-rendered) ---

function latestItem(d) {
  const label = d.result || d.state;
  const link = el("a", { href: "#/contest/" + encodeURIComponent(d.contest) }, d.constituency);
  const who = d.winner ? `${d.winner.candidate} (${d.winner.party})` : "";
  const time = new Date(d.received_at);
  return el("li", { "data-contest": d.contest },
    el("span", {}, link),
    el("span", { class: "label" + (label && label.includes("gain") ? " gain" : "") }, label),
    el("span", { class: "winner" }, who),
    el("span", { class: "when" }, `${d.state} r${d.revision} · ${time.toLocaleTimeString()}`));
}

const isDeclaration = (d) => d.state !== "nominated";

async function loadLatest() {
  const found = await getJSON("/api/declarations?limit=200");
  state.latest = found.filter(isDeclaration).slice(0, 20);
  const list = $("latest");
  list.setAttribute("aria-busy", "true");
  list.replaceChildren(...state.latest.map(latestItem));
  list.setAttribute("aria-busy", "false");
}

function addLatest(d) {
  state.latest = [d, ...state.latest.filter((x) => x.contest !== d.contest)].slice(0, 20);
  const list = $("latest");
  for (const old of list.querySelectorAll("li")) {
    if (old.dataset.contest === d.contest) old.remove();
  }
  list.prepend(latestItem(d));
  while (list.children.length > 20) list.lastElementChild.remove();
}

// --- hex map -------------------------------------------------------------------------------

function hexPoints(cx, cy, r) {
  const pts = [];
  for (let i = 0; i < 6; i++) {
    const a = Math.PI / 180 * (60 * i - 30);
    pts.push((cx + r * Math.cos(a)).toFixed(2) + "," + (cy + r * Math.sin(a)).toFixed(2));
  }
  return pts.join(" ");
}

const HEX_R = 10, HEX_W = Math.sqrt(3) * HEX_R, HEX_H = 1.5 * HEX_R;
const ZOOMED_HEX_PX = 30;  // a hexagon's width on screen in the larger map (a phone target)

function openContest(contest) {
  location.hash = "#/contest/" + encodeURIComponent(contest);
}

function rememberSeats(seats) {
  state.seats = new Map(seats.map((s) => [s.contest, s]));
  state.byOns = new Map(seats.filter((s) => s.ons_id).map((s) => [s.ons_id, s]));
  searchIndex();
}

async function loadMap() {
  const [layout, seats] = await Promise.all([getJSON("/api/hexmap"), getJSON("/api/contests")]);
  rememberSeats(seats);
  const svg = $("hexmap");
  const odd = (layout.layout || "odd-r") === "odd-r" ? 1 : 0;
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  const shapes = [];
  state.hexes = new Map();
  for (const [code, hex] of Object.entries(layout.hexes)) {
    const shift = (Math.abs(hex.r) % 2 === odd) ? HEX_W / 2 : 0;
    const x = hex.q * HEX_W + shift, y = -hex.r * HEX_H;
    minX = Math.min(minX, x); maxX = Math.max(maxX, x); minY = Math.min(minY, y); maxY = Math.max(maxY, y);
    const shape = document.createElementNS(svgNS, "polygon");
    shape.setAttribute("points", hexPoints(x, y, HEX_R));
    shape.setAttribute("data-ons", code);
    shape.setAttribute("tabindex", "-1");
    const title = document.createElementNS(svgNS, "title");
    title.textContent = hex.n;
    shape.append(title);
    const seat = state.byOns.get(code);
    if (seat) {
      shape.setAttribute("role", "link");
      shape.addEventListener("click", () => openContest(seat.contest));
    }
    state.hexes.set(code, { shape, title, name: seat ? seat.constituency : hex.n, x, y });
    colourHex(code, seat);
    shapes.push(shape);
  }
  // reading order (top row first, left to right): Tab reaches the first; arrows move on
  shapes.sort((a, b) => {
    const ha = state.hexes.get(a.dataset.ons), hb = state.hexes.get(b.dataset.ons);
    return ha.y - hb.y || ha.x - hb.x;
  });
  if (shapes.length) shapes[0].setAttribute("tabindex", "0");
  state.mapSize = { width: maxX - minX + 2 * HEX_R, height: maxY - minY + 2 * HEX_R };
  svg.setAttribute("viewBox", `${minX - HEX_R} ${minY - HEX_R} ${state.mapSize.width} ${state.mapSize.height}`);
  svg.replaceChildren(...shapes);
  zoom(state.zoomed);
}

function hexLabel(hex, seat) {
  if (!seat) return hex.name + ": no contest tonight";
  if (seat.result) return `${hex.name}: ${seat.result}`;
  if (seat.winner) return `${hex.name}: ${seat.winner} won`;
  return `${hex.name}: not declared` + (seat.previous_winner ? ` (${seat.previous_winner} before)` : "");
}

function colourHex(code, seat) {
  const hex = state.hexes.get(code);
  if (!hex) return;
  // no contest here tonight (a by-election night): faint, so tonight's seats stand out
  const colour = !seat ? "#efefef"
    : seat.winner ? (seat.colour || state.colours[seat.winner] || "#888") : grey;
  hex.shape.setAttribute("fill", colour);
  hex.shape.setAttribute("data-winner", seat && seat.winner ? seat.winner : "");
  const label = hexLabel(hex, seat);
  hex.shape.setAttribute("aria-label", label);
  hex.title.textContent = label;
}

function recolour() {
  for (const [, hex] of state.hexes) {
    const party = hex.shape.getAttribute("data-winner");
    if (party && state.colours[party]) hex.shape.setAttribute("fill", state.colours[party]);
  }
}

async function refreshSeats() {
  rememberSeats(await getJSON("/api/contests"));
  for (const code of state.hexes.keys()) colourHex(code, state.byOns.get(code));
}

// the nearest hexagon in an arrow's direction (rows are 1.5 radii apart, columns √3)
function nextHex(from, key) {
  const dir = { ArrowRight: [1, 0], ArrowLeft: [-1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] }[key];
  let best = null, bestScore = Infinity;
  for (const [, hex] of state.hexes) {
    const dx = hex.x - from.x, dy = hex.y - from.y;
    const along = dx * dir[0] + dy * dir[1];
    if (along < 1) continue;
    const across = Math.abs(dx * dir[1] + dy * dir[0]);
    if (dir[1] !== 0 && along > 2 * HEX_H) continue;  // up/down: the next row that has one
    const score = along + 3 * across;
    if (score < bestScore) { bestScore = score; best = hex; }
  }
  return best;
}

function focusHex(hex) {
  for (const [, other] of state.hexes) other.shape.setAttribute("tabindex", "-1");
  hex.shape.setAttribute("tabindex", "0");
  hex.shape.focus();
  state.lastHex = hex.shape.dataset.ons;
}

function onMapKey(event) {
  const shape = event.target.closest("polygon");
  if (!shape) return;
  const hex = state.hexes.get(shape.dataset.ons);
  if (event.key === "Enter" || event.key === " ") {
    const seat = state.byOns.get(shape.dataset.ons);
    if (seat) { event.preventDefault(); state.lastHex = shape.dataset.ons; openContest(seat.contest); }
    return;
  }
  if (!event.key.startsWith("Arrow")) return;
  event.preventDefault();
  const next = nextHex(hex, event.key);
  if (next) focusHex(next);
}

function zoom(on) {
  state.zoomed = on;
  const button = $("map-zoom");
  button.setAttribute("aria-pressed", String(on));
  button.textContent = on ? "Smaller map" : "Larger map";
  $("map-box").classList.toggle("zoomed", on);
  const svg = $("hexmap");
  if (on && state.mapSize) {
    const px = state.mapSize.width / HEX_W * ZOOMED_HEX_PX;
    svg.style.width = px + "px";
    svg.style.maxHeight = "none";
  } else {
    svg.style.width = "";
    svg.style.maxHeight = "";
  }
}

// --- seat search -----------------------------------------------------------------------------

// one spelling of a name: no accents, case or punctuation; "&" is "and", "saint" is "st"
function fold(text) {
  return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
    .replace(/&/g, " and ").replace(/[^a-z0-9]+/g, " ").trim()
    .split(" ").map((w) => (w === "saint" ? "st" : w)).filter(Boolean);
}

function searchIndex() {
  state.index = [...state.seats.values()].map((s) => {
    const words = fold(s.constituency);
    return { seat: s, words, joined: words.join("") };
  }).sort((a, b) => a.seat.constituency.localeCompare(b.seat.constituency));
}

function findSeats(query, most = 8) {
  const words = fold(query);
  if (!words.length || !state.index) return [];
  const joined = words.join("");
  const scored = [];
  for (const entry of state.index) {
    const byWords = words.every((w) => entry.words.some((n) => n.startsWith(w)));
    const inside = entry.joined.includes(joined);
    if (!byWords && !inside) continue;
    const score = (entry.joined === joined ? 0 : entry.joined.startsWith(joined) ? 1 : 2) +
      (byWords ? 0 : 1);
    scored.push([score, entry.seat]);
  }
  scored.sort((a, b) => a[0] - b[0]);
  return scored.slice(0, most).map(([, seat]) => seat);
}

function showMatches() {
  const input = $("seat-search");
  const list = $("seat-results");
  const found = findSeats(input.value);
  state.matches = found;
  state.active = found.length ? 0 : -1;
  list.replaceChildren(...found.map((seat, i) => {
    const option = el("li", { role: "option", id: "seat-option-" + i, "data-contest": seat.contest,
      "aria-selected": String(i === 0) }, seat.constituency,
    el("span", { class: "note" }, " · " + (seat.result || "not declared")));
    option.addEventListener("mousedown", (event) => event.preventDefault());  // keep focus
    option.addEventListener("click", () => chooseSeat(seat));
    return option;
  }));
  if (input.value.trim() && !found.length) {
    list.replaceChildren(el("li", { class: "none" }, "No seat of tonight's matches that."));
  }
  const open = Boolean(input.value.trim());
  list.hidden = !open;
  input.setAttribute("aria-expanded", String(open && found.length > 0));
  markActive();
}

function markActive() {
  const input = $("seat-search");
  const options = $("seat-results").querySelectorAll("[role=option]");
  options.forEach((o, i) => o.setAttribute("aria-selected", String(i === state.active)));
  if (state.active >= 0 && options[state.active]) {
    input.setAttribute("aria-activedescendant", options[state.active].id);
  } else input.removeAttribute("aria-activedescendant");
}

function closeMatches() {
  $("seat-results").hidden = true;
  $("seat-search").setAttribute("aria-expanded", "false");
}

function chooseSeat(seat) {
  closeMatches();
  $("seat-search").value = seat.constituency;
  openContest(seat.contest);
}

function onSearchKey(event) {
  const count = (state.matches || []).length;
  if (event.key === "ArrowDown" && count) {
    event.preventDefault(); state.active = (state.active + 1) % count; markActive();
  } else if (event.key === "ArrowUp" && count) {
    event.preventDefault(); state.active = (state.active - 1 + count) % count; markActive();
  } else if (event.key === "Escape") {
    closeMatches();
  } else if (event.key === "Enter") {
    event.preventDefault();
    if (count) chooseSeat(state.matches[Math.max(0, state.active)]);
  }
}

// --- projection and swingometer ----------------------------------------------------------------

async function loadProjection() {
  const p = await getJSON("/api/projection?method=" + encodeURIComponent(state.method));
  const status = $("proj-status");
  if (!p.parties || !p.majority_status) {  // a by-election night, or no projection yet
    status.textContent = p.message || p.detail || "No projection yet.";
    fillBody($("projection"), []);
    $("projection").hidden = true;
    return;
  }
  $("projection").hidden = false;
  const m = p.majority_status;
  const lead = p.parties[0];
  const decided = m.decided ? `Decided: ${m.outcome}.`
    : `Undeclared seats can still change who has a majority (within reach: ${m.can_still_reach.join(", ")}).`;
  const basis = p.message ? ` (${p.message})` : "";
  status.textContent = lead
    ? `${lead.party} projected ${lead.seats} (${lead.low}–${lead.high}); ${p.majority} needed${basis}. ${decided}`
    : decided;
  fillBody($("projection"), p.parties.map((row) => el("tr",
    { "data-party": row.party }, partyCell(row), el("td", {}, row.seats),
    el("td", {}, `${row.low}–${row.high}`), el("td", {}, row.declared),
    el("td", {}, Math.round(100 * row.majority_chance) + "%"))));
  recovered();
}

function pair() {
  return { from: $("swing-from").value || "Con", to: $("swing-to").value || "Lab" };
}

// the parties a swing can be between: those of the baseline House and those with a change
function swingChoices(extra) {
  const known = new Set(state.swingParties || []);
  for (const p of (state.totals ? state.totals.parties : [])) {
    if (p.previous_seats || (p.change !== null && p.change !== undefined)) known.add(p.party);
  }
  for (const p of extra || []) known.add(p);
  const parties = [...known];
  if (parties.length === (state.swingParties || []).length) return;
  state.swingParties = parties;
  for (const id of ["swing-from", "swing-to"]) {
    const select = $(id);
    const chosen = select.value;
    select.replaceChildren(...parties.map((party) => el("option", { value: party },
      state.names[party] ? `${party} · ${state.names[party]}` : party)));
    select.value = chosen;
  }
}

// tonight's Butler swing from one party to another: half the difference of their share
// changes in the seats declared so far (like for like, as /api/totals gives them)
function tonightsSwing() {
  const t = state.totals;
  if (!t || !t.with_figures) return null;
  const { from, to } = pair();
  const a = t.parties.find((p) => p.party === from), b = t.parties.find((p) => p.party === to);
  if (!a || !b || a.change === null || b.change === null ||
      a.change === undefined || b.change === undefined) return null;
  return (b.change - a.change) / 2;
}

function swingWords(points, from, to) {
  if (Math.abs(points) < 0.05) return "no swing";
  return `${Math.abs(points).toFixed(1)} points ${points > 0 ? `${from}→${to}` : `${to}→${from}`}`;
}

function showTonight() {
  const { from, to } = pair();
  const points = tonightsSwing();
  const mark = $("swing-tonight-mark");
  const range = $("swing");
  const button = $("swing-actual");
  if (points === null) {
    $("swing-tonight").textContent = state.totals && state.totals.with_figures
      ? `Tonight's swing: ${from} and ${to} did not both stand before in the seats declared.`
      : "Tonight's swing: no seats declared with figures yet.";
    mark.hidden = true;
    button.disabled = true;
    return;
  }
  const min = Number(range.min), max = Number(range.max);
  const at = Math.min(max, Math.max(min, points));
  mark.hidden = false;
  mark.style.left = (100 * (at - min) / (max - min)) + "%";
  mark.title = "tonight: " + swingWords(points, from, to);
  $("swing-tonight").textContent = `Tonight's swing in the ${state.totals.with_figures} seats ` +
    `declared: ${swingWords(points, from, to)} (Butler; marked ▲ on the slider).`;
  button.disabled = false;
  button.dataset.points = String(Math.round(points * 10) / 10);
}

async function loadSwing() {
  const points = Number($("swing").value);
  const { from, to } = pair();
  const words = swingWords(points, from, to);
  $("swing-label").textContent = `Swing from ${from} to ${to} since the last election`;
  $("swing-left").textContent = `${to}→${from}`;
  $("swing-right").textContent = `${from}→${to}`;
  $("swing-value").textContent = words;
  $("swing").setAttribute("aria-valuetext", words);
  showTonight();
  if (from === to) {
    $("swing-outcome").textContent = "choose two different parties";
    return;
  }
  let s;
  try {
    s = await getJSON(`/api/swing?points=${points}&from=${encodeURIComponent(from)}` +
      `&to=${encodeURIComponent(to)}`);
  } catch (error) {
    if (error.status === 422) {
      $("swing-outcome").textContent = error.message;
      if (error.body.choices) swingChoices(error.body.choices.filter((c) => c.length < 12));
      return;
    }
    throw error;
  }
  const now = pair();
  if (Number($("swing").value) !== points || now.from !== from || now.to !== to) return;
  swingChoices(s.parties.map((row) => row.party));
  $("swing-outcome").textContent = s.outcome;
  fillBar($("swing-bar"), s.parties, s.size);
  fillBody($("swing-table"), s.parties.map((row) => el("tr",
    { "data-party": row.party }, partyCell(row), el("td", {}, row.seats))));
}

// --- one contest ---------------------------------------------------------------------------------

function fact(list, name, value) {
  if (value === null || value === undefined || value === "") return;
  list.append(el("dt", {}, name), el("dd", {}, value));
}

function clearContest(title) {
  $("contest-title").textContent = title || "";
  $("contest-result").textContent = "";
  $("contest-story").replaceChildren();
  fillBody($("contest-table"), []);
  $("contest-figures").hidden = false;
  $("contest-facts").replaceChildren();
  $("contest-revisions").replaceChildren();
  $("contest-before").hidden = true;
  $("contest-error").hidden = true;
  $("contest-error").replaceChildren();
}

// the previous result's parties by share, from whatever shape the API gives it in
function previousShares(previous) {
  if (!previous) return [];
  if (previous.shares && !Array.isArray(previous.shares)) {
    return Object.entries(previous.shares).map(([party, share]) => ({ party, share }))
      .sort((a, b) => b.share - a.share);
  }
  const rows = previous.candidates || previous.shares || [];
  return rows.filter((r) => typeof r.share === "number").map((r) => ({ party: r.party,
    share: r.share, candidate: r.candidate })).sort((a, b) => b.share - a.share);
}

// the swing that changes hands: half the gap between the two leading parties, in points
function swingNeeded(previous) {
  const rows = previousShares(previous);
  if (rows.length >= 2) return { from: rows[0].party, to: rows[1].party, points: (rows[0].share - rows[1].share) / 2 };
  if (previous && previous.majority && typeof previous.majority.share === "number") {
    return { from: previous.winner && previous.winner.party,
      to: previous.runner_up ? previous.runner_up.party : null, points: previous.majority.share / 2 };
  }
  return null;
}

function previousOf(c) {
  if (c.previous) return c.previous;
  const night = state.totals && state.totals.by_elections;
  const by = night ? night.find((b) => b.contest === c.contest.id) : null;
  return by ? by.previous : null;
}

function showBefore(c) {
  $("contest-before").hidden = false;
  $("contest-figures").hidden = true;
  const seat = state.seats.get(c.contest.id);
  const previous = previousOf(c);
  const rows = previousShares(previous);
  const winner = previous && previous.winner ? (previous.winner.party || previous.winner)
    : seat ? seat.previous_winner : null;
  const when = previous && previous.date ? ` on ${new Date(previous.date).toLocaleDateString("en-GB",
    { day: "numeric", month: "long", year: "numeric" })}` : " last time";
  $("contest-previous").textContent = winner
    ? `${winner} won${when}` + (previous && previous.majority
      ? `, majority ${whole.format(previous.majority.votes)} (${fmtPct(previous.majority.share)})` : "") + "."
    : "No previous result is known for this seat.";
  $("contest-previous-table").hidden = !rows.length;
  fillBody($("contest-previous-table"), rows.map((r) => el("tr", { "data-party": r.party },
    el("td", {}, swatch(state.colours[r.party]), r.party), el("td", {}, fmtPct(r.share)))));
  const need = swingNeeded(previous);
  $("contest-needed").textContent = need
    ? `A swing of ${need.points.toFixed(1)} points from ${need.from}` +
      (need.to ? ` to ${need.to}` : " to the runner-up") + " would change hands."
    : "The swing needed is not known: no previous shares for this seat.";
  const nominated = c.nominated ||
    (c.revisions || []).filter((r) => r.state === "nominated").map((r) => r.candidates).pop() || null;
  $("contest-nominated").hidden = !nominated;
  $("contest-nominated-none").hidden = Boolean(nominated);
  fillBody($("contest-nominated"), (nominated || []).map((x) => el("tr", {},
    el("td", {}, x.candidate), el("td", {}, swatch(state.colours[x.party]), x.party))));
}

async function showContest(id, refresh) {
  const ticket = ++state.contestTicket;
  const known = state.seats.get(id);
  if (!refresh) clearContest(known ? known.constituency : "Loading…");
  let c;
  try {
    c = await getJSON("/api/contests/" + encodeURIComponent(id));
  } catch (error) {
    if (ticket !== state.contestTicket) return;
    clearContest(error.status === 404 ? "No such seat" : "The seat could not be loaded");
    const box = $("contest-error");
    box.hidden = false;
    box.append(error.message);
    const suggestions = (error.body.suggestions || []).filter((s) => state.seats.has(s));
    if (suggestions.length) {
      box.append(" · Did you mean ");
      suggestions.slice(0, 3).forEach((s, i) => {
        if (i) box.append(", ");
        box.append(el("a", { href: "#/contest/" + encodeURIComponent(s) }, state.seats.get(s).constituency));
      });
      box.append("?");
    }
    if (error.status >= 500 || error.status === undefined) report(error);
    return;
  }
  if (ticket !== state.contestTicket) return;  // the address moved on meanwhile
  clearContest(c.contest.constituency);
  $("contest-result").textContent =
    `${c.result || "awaiting declaration"} · ${c.state}` + (c.revision ? ` (revision ${c.revision})` : "");
  const story = $("contest-story");
  story.replaceChildren(...(c.story ? [el("h3", {}, c.story.headline),
    ...c.story.paragraphs.map((text) => el("p", {}, text))] : []));
  const declared = c.candidates || c.winner;
  if (!declared) showBefore(c);
  const rows = (c.candidates || []).map((x) => el("tr", {}, el("td", {}, x.candidate),
    el("td", {}, x.party), el("td", {}, whole.format(x.votes)), el("td", {}, fmtPct(x.share)),
    el("td", {}, fmtPts(x.change))));
  if (!c.candidates && c.winner) {
    rows.push(el("tr", {}, el("td", {}, c.winner.candidate), el("td", {}, c.winner.party),
      el("td", {}, "–"), el("td", {}, "–"), el("td", {}, "–")));
  }
  fillBody($("contest-table"), rows);
  const facts = $("contest-facts");
  if (c.majority) fact(facts, "Majority", `${whole.format(c.majority.votes)} (${fmtPct(c.majority.share)})`);
  if (c.turnout) fact(facts, "Turnout", `${fmtPct(c.turnout.valid)} of the electorate by valid votes` +
    (c.turnout.ballot_box ? `; ${fmtPct(c.turnout.ballot_box)} ballot-box` : ""));
  if (c.swing && c.swing.points !== null && c.swing.points !== undefined) {
    fact(facts, "Swing", `${c.swing.from}→${c.swing.to} ${c.swing.points.toFixed(2)} points (Butler)`);
  }
  if (c.swing_note) fact(facts, "Swing note", c.swing_note);
  if (declared && c.previous && c.previous.winner) {
    fact(facts, "Previous", `${c.previous.winner.party} ${c.previous.winner.candidate}` +
      (c.previous.majority ? `, majority ${whole.format(c.previous.majority.votes)}` : ""));
  }
  if (c.held_since) fact(facts, "Held since", `${c.held_since.party} since ${c.held_since.year}`);
  $("contest-revisions").replaceChildren(...(c.revisions || []).map((r) => el("li", {},
    `r${r.revision} ${r.state} · ${new Date(r.received_at).toLocaleString()} · ${r.source || "no source"}` +
    ((r.changes || []).length ? " · changed: " + r.changes.map((x) =>
      `${x.candidate || x.field} ${x.before ?? "–"}→${x.after ?? "–"}`).join("; ") : ""))));
}

function openId() {
  const match = location.hash.match(/^#\/contest\/(.+)$/);
  return match ? decodeURIComponent(match[1]) : null;
}

function route() {
  const id = openId();
  const wasOpen = !$("contest").hidden;
  $("desk").hidden = Boolean(id);
  $("contest").hidden = !id;
  if (id) {
    showContest(id).catch(report);
    $("contest-title").focus({ preventScroll: false });
  } else if (wasOpen && state.lastHex && state.hexes.has(state.lastHex)) {
    focusHex(state.hexes.get(state.lastHex));  // back where the reader left the map
  }
}

// --- live updates ------------------------------------------------------------------------------

function refreshAll() {
  throttle("totals", 400, loadTotals);
  throttle("projection", 1000, loadProjection);
  throttle("latest", 1000, loadLatest);
  throttle("seats", 1000, refreshSeats);
  const id = openId();
  if (id) showContest(id, true).catch(report);
}

function onDeclaration(d) {
  const seat = state.seats.get(d.contest);
  if (seat && isDeclaration(d)) {
    Object.assign(seat, { state: d.state, winner: d.winner ? d.winner.party : null,
      colour: d.winner ? d.winner.colour : null, result: d.result });
  }
  if (isDeclaration(d)) {
    addLatest(d);
    colourHex(d.ons_id, seat || { winner: d.winner ? d.winner.party : null, result: d.result,
      colour: d.winner ? d.winner.colour : null });
  }
  throttle("totals", 400, loadTotals);
  throttle("projection", 1000, loadProjection);
  if (openId() === d.contest) showContest(d.contest, true).catch(report);
}

function listen() {
  if (state.source) state.source.close();
  const source = new EventSource("/api/events");
  state.source = source;
  source.onopen = () => {
    state.backoff = 1000;
    state.connected = true;
    pill("live", true);
    refreshAll();  // whatever was missed while away
  };
  source.onerror = () => {
    state.connected = false;
    if (source.readyState === EventSource.CLOSED) {  // the browser gave up: retry ourselves
      const wait = state.backoff;
      state.backoff = Math.min(30000, state.backoff * 2);
      pill(`reconnecting in ${Math.round(wait / 1000)} s…`, false);
      setTimeout(() => { if (state.source === source) listen(); }, wait);
    } else {
      pill("reconnecting…", false);
    }
  };
  source.addEventListener("declaration", (event) => onDeclaration(JSON.parse(event.data)));
  source.addEventListener("exit-poll", () => throttle("projection", 1000, loadProjection));
}

async function start() {
  $("swing").addEventListener("input",
    () => debounce("swing", 120, () => loadSwing().catch(report)));
  for (const id of ["swing-from", "swing-to"]) {
    $(id).addEventListener("change", () => loadSwing().catch(report));
  }
  $("swing-actual").addEventListener("click", (event) => {
    $("swing").value = event.target.dataset.points;
    loadSwing().catch(report);
  });
  $("method").addEventListener("change", (event) => {
    state.method = event.target.value;
    loadProjection().catch(report);
  });
  $("map-zoom").addEventListener("click", () => zoom(!state.zoomed));
  $("hexmap").addEventListener("keydown", onMapKey);
  $("hexmap").addEventListener("focusin", (event) => {
    const shape = event.target.closest && event.target.closest("polygon");
    if (shape && state.zoomed) shape.scrollIntoView({ block: "nearest", inline: "nearest" });
  });
  const search = $("seat-search");
  search.addEventListener("input", showMatches);
  search.addEventListener("keydown", onSearchKey);
  search.addEventListener("blur", () => setTimeout(closeMatches, 150));
  $("find").addEventListener("submit", (event) => event.preventDefault());
  window.addEventListener("hashchange", route);
  // each part loads on its own: one failing (reported) leaves the others working
  const settled = (loads) => Promise.allSettled(loads).then((done) => {
    for (const load of done) if (load.status === "rejected") report(load.reason);
  });
  await settled([loadMap(), loadTotals()]);  // the seats and party colours a card uses
  route();
  await settled([loadLatest(), loadProjection(), loadSwing()]);
  listen();
}

start().catch(report);
