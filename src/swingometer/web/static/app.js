// The live desk page. Plain browser JavaScript, no build step. Every name from the server is
// put on the page as text (textContent, never innerHTML), so a candidate called
// "<script>…" is shown, never run. Figures come from the API; the page only formats them.
"use strict";

const state = { colours: {}, hexes: new Map(), latest: [], method: "model", timers: {} };

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

async function getJSON(path) {
  const answer = await fetch(path, { headers: { Accept: "application/json" } });
  if (!answer.ok) throw new Error(path + ": " + answer.status);
  return answer.json();
}

function debounce(name, wait, fn) {
  clearTimeout(state.timers[name]);
  state.timers[name] = setTimeout(fn, wait);
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

// --- the House -------------------------------------------------------------------------

async function loadTotals() {
  const t = await getJSON("/api/totals");
  document.getElementById("night").textContent = "· " + t.name;
  document.getElementById("declared-line").textContent =
    `${t.declared} of ${t.seats} declared · ${t.to_declare} to declare · ` +
    `${t.majority} for a majority`;
  fillBar(document.getElementById("seat-bar"), t.parties, t.seats);
  // parties with a seat, a loss, or at least 0.5% of the vote; the API has them all
  const shown = t.parties.filter((p) => p.seats || p.losses || (p.share || 0) >= 0.5);
  for (const p of t.parties) state.colours[p.party] = p.colour;
  fillBody(document.getElementById("totals"), shown.map((p) => el("tr",
    { "data-party": p.party }, partyCell(p), el("td", {}, p.seats), el("td", {}, p.gains),
    el("td", {}, p.losses), el("td", {}, fmtNet(p.net)), el("td", {}, fmtPct(p.share)),
    el("td", {}, fmtPts(p.change)))));
}

// --- latest declarations ---------------------------------------------------------------

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

function showLatest() {
  document.getElementById("latest").replaceChildren(...state.latest.map(latestItem));
}

async function loadLatest() {
  state.latest = await getJSON("/api/declarations?limit=20");
  showLatest();
}

// --- hex map ----------------------------------------------------------------------------

function hexPoints(cx, cy, r) {
  const pts = [];
  for (let i = 0; i < 6; i++) {
    const a = Math.PI / 180 * (60 * i - 30);
    pts.push((cx + r * Math.cos(a)).toFixed(2) + "," + (cy + r * Math.sin(a)).toFixed(2));
  }
  return pts.join(" ");
}

async function loadMap() {
  const [layout, seats] = await Promise.all([getJSON("/api/hexmap"), getJSON("/api/contests")]);
  const svg = document.getElementById("hexmap");
  const r = 10, w = Math.sqrt(3) * r, h = 1.5 * r;
  const odd = (layout.layout || "odd-r") === "odd-r" ? 1 : 0;
  const byOns = new Map(seats.map((s) => [s.ons_id, s]));
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  const shapes = [];
  for (const [code, hex] of Object.entries(layout.hexes)) {
    const shift = (Math.abs(hex.r) % 2 === odd) ? w / 2 : 0;
    const x = hex.q * w + shift, y = -hex.r * h;
    minX = Math.min(minX, x); maxX = Math.max(maxX, x); minY = Math.min(minY, y); maxY = Math.max(maxY, y);
    const shape = document.createElementNS(svgNS, "polygon");
    shape.setAttribute("points", hexPoints(x, y, r));
    shape.setAttribute("data-ons", code);
    const title = document.createElementNS(svgNS, "title");
    title.textContent = hex.n;
    shape.append(title);
    const seat = byOns.get(code);
    if (seat) {
      shape.addEventListener("click", () => { location.hash = "#/contest/" + encodeURIComponent(seat.contest); });
    }
    state.hexes.set(code, { shape, title, name: hex.n });
    colourHex(code, seat);
    shapes.push(shape);
  }
  svg.setAttribute("viewBox", `${minX - r} ${minY - r} ${maxX - minX + 2 * r} ${maxY - minY + 2 * r}`);
  svg.replaceChildren(...shapes);
}

function colourHex(code, seat) {
  const hex = state.hexes.get(code);
  if (!hex) return;
  const colour = seat && seat.winner ? (seat.colour || state.colours[seat.winner] || "#888") : grey;
  hex.shape.setAttribute("fill", colour);
  hex.shape.setAttribute("data-winner", seat && seat.winner ? seat.winner : "");
  hex.title.textContent = hex.name + (seat && seat.result ? " · " + seat.result : "");
}

// --- projection and swingometer --------------------------------------------------------

async function loadProjection() {
  const p = await getJSON("/api/projection?method=" + encodeURIComponent(state.method));
  const m = p.majority_status;
  const lead = p.parties[0];
  const status = m.decided ? `Decided: ${m.outcome}.`
    : `Undeclared seats can still change who has a majority (within reach: ${m.can_still_reach.join(", ")}).`;
  document.getElementById("proj-status").textContent = lead
    ? `${lead.party} projected ${lead.seats} (${lead.low}–${lead.high}); ${p.majority} needed. ${status}`
    : status;
  fillBody(document.getElementById("projection"), p.parties.map((row) => el("tr",
    { "data-party": row.party }, partyCell(row), el("td", {}, row.seats),
    el("td", {}, `${row.low}–${row.high}`), el("td", {}, row.declared),
    el("td", {}, Math.round(100 * row.majority_chance) + "%"))));
}

async function loadSwing() {
  const points = Number(document.getElementById("swing").value);
  const words = points === 0 ? "no swing" : `${Math.abs(points).toFixed(1)} points ${points > 0 ? "Con→Lab" : "Lab→Con"}`;
  document.getElementById("swing-value").textContent = words;
  const s = await getJSON("/api/swing?points=" + points);
  if (Number(document.getElementById("swing").value) !== points) return;  // moved on since
  document.getElementById("swing-outcome").textContent = s.outcome;
  fillBar(document.getElementById("swing-bar"), s.parties, s.size);
  fillBody(document.getElementById("swing-table"), s.parties.map((row) => el("tr",
    { "data-party": row.party }, partyCell(row), el("td", {}, row.seats))));
}

// --- one contest ------------------------------------------------------------------------

function fact(list, name, value) {
  if (value === null || value === undefined || value === "") return;
  list.append(el("dt", {}, name), el("dd", {}, value));
}

async function showContest(id) {
  const c = await getJSON("/api/contests/" + encodeURIComponent(id));
  document.getElementById("contest-title").textContent = c.contest.constituency;
  document.getElementById("contest-result").textContent =
    `${c.result || "awaiting declaration"} · ${c.state}` + (c.revision ? ` (revision ${c.revision})` : "");
  const story = document.getElementById("contest-story");
  story.replaceChildren(...(c.story ? [el("h3", {}, c.story.headline),
    ...c.story.paragraphs.map((text) => el("p", {}, text))] : []));
  const rows = (c.candidates || []).map((x) => el("tr", {}, el("td", {}, x.candidate),
    el("td", {}, x.party), el("td", {}, whole.format(x.votes)), el("td", {}, fmtPct(x.share)),
    el("td", {}, fmtPts(x.change))));
  if (!c.candidates && c.winner) {
    rows.push(el("tr", {}, el("td", {}, c.winner.candidate), el("td", {}, c.winner.party),
      el("td", {}, "–"), el("td", {}, "–"), el("td", {}, "–")));
  }
  fillBody(document.getElementById("contest-table"), rows);
  const facts = document.getElementById("contest-facts");
  facts.replaceChildren();
  if (c.majority) fact(facts, "Majority", `${whole.format(c.majority.votes)} (${fmtPct(c.majority.share)})`);
  if (c.turnout) fact(facts, "Turnout", `${fmtPct(c.turnout.valid)} of the electorate by valid votes` +
    (c.turnout.ballot_box ? `; ${fmtPct(c.turnout.ballot_box)} ballot-box` : ""));
  if (c.swing) fact(facts, "Swing", `${c.swing.from}→${c.swing.to} ${c.swing.points.toFixed(2)} points (Butler)`);
  if (c.previous) fact(facts, "Previous", `${c.previous.winner.party} ${c.previous.winner.candidate}, majority ${whole.format(c.previous.majority.votes)}`);
  if (c.held_since) fact(facts, "Held since", `${c.held_since.party} since ${c.held_since.year}`);
  document.getElementById("contest-revisions").replaceChildren(...c.revisions.map((r) => el("li", {},
    `r${r.revision} ${r.state} · ${new Date(r.received_at).toLocaleString()} · ${r.source || "no source"}` +
    (r.changes.length ? " · changed: " + r.changes.map((x) =>
      `${x.candidate || x.field} ${x.before ?? "–"}→${x.after ?? "–"}`).join("; ") : ""))));
}

function route() {
  const match = location.hash.match(/^#\/contest\/(.+)$/);
  document.getElementById("desk").hidden = Boolean(match);
  document.getElementById("contest").hidden = !match;
  if (match) showContest(decodeURIComponent(match[1])).catch(report);
}

// --- live updates -----------------------------------------------------------------------

function report(error) {
  const live = document.getElementById("live");
  live.textContent = "error: " + error.message;
  live.classList.remove("on");
}

function onDeclaration(d) {
  state.latest = [d, ...state.latest.filter((x) => x.contest !== d.contest)].slice(0, 20);
  showLatest();
  colourHex(d.ons_id, { winner: d.winner ? d.winner.party : null, result: d.result,
    colour: d.winner ? state.colours[d.winner.party] : null });
  debounce("totals", 250, () => loadTotals().then(recolour).catch(report));
  debounce("projection", 1500, () => loadProjection().catch(report));
  const open = location.hash.match(/^#\/contest\/(.+)$/);
  if (open && decodeURIComponent(open[1]) === d.contest) showContest(d.contest).catch(report);
}

function recolour() {
  for (const [, hex] of state.hexes) {
    const party = hex.shape.getAttribute("data-winner");
    if (party && state.colours[party]) hex.shape.setAttribute("fill", state.colours[party]);
  }
}

function listen() {
  const live = document.getElementById("live");
  const source = new EventSource("/api/events");
  source.onopen = () => { live.textContent = "live"; live.classList.add("on"); };
  source.onerror = () => { live.textContent = "reconnecting…"; live.classList.remove("on"); };
  source.addEventListener("declaration", (event) => onDeclaration(JSON.parse(event.data)));
}

async function start() {
  document.getElementById("swing").addEventListener("input",
    () => debounce("swing", 120, () => loadSwing().catch(report)));
  document.getElementById("method").addEventListener("change", (event) => {
    state.method = event.target.value;
    loadProjection().catch(report);
  });
  window.addEventListener("hashchange", route);
  route();
  await loadTotals();
  await Promise.all([loadLatest(), loadMap(), loadProjection(), loadSwing()]);
  listen();
}

start().catch(report);
