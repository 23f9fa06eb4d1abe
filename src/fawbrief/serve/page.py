"""The two pages ``fawbrief serve`` shows; each fetches its data as JSON and listens to ``/events``.

Text from the project (titles, notes, findings, excerpts) is set with ``textContent``, never
parsed as HTML. A deck's page keeps each slide's picture element and changes its address
only when that slide's picture changed, so an edit reloads only the pictures it touched.
"""

from __future__ import annotations

STYLE = """
body { font-family: Arial, Helvetica, sans-serif; margin: 0 2rem 2rem; color: #1f2a37; background: #f4f6f8; }
header { position: sticky; top: 0; background: #f4f6f8; padding: .8rem 0; z-index: 1; }
h1 { font-size: 1.3rem; margin: 0; }
a { color: #0b4f8a; }
#status { color: #5b6875; font-size: .9rem; }
#error { display: none; white-space: pre-wrap; background: #fdecea; border: 1px solid #c0392b; color: #7b1d14;
         padding: .6rem .8rem; margin: .5rem 0; font-family: monospace; }
.slide { background: #fff; border: 1px solid #d0d5da; margin: 1rem 0; padding: 1rem; display: grid;
         grid-template-columns: minmax(320px, 640px) 1fr; gap: 1rem; }
.slide img { width: 100%; border: 1px solid #d0d5da; }
.slide h2 { font-size: 1rem; margin: 0 0 .4rem; }
.notes { white-space: pre-wrap; font-size: .85rem; color: #3a4654; }
.findings li { color: #a04000; font-size: .85rem; }
table { border-collapse: collapse; font-size: .8rem; margin-top: .5rem; }
td, th { border: 1px solid #d0d5da; padding: .2rem .4rem; text-align: left; vertical-align: top; }
"""

INDEX_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>fawbrief serve</title><style>""" + STYLE + """</style></head>
<body><header><h1>fawbrief: the project's decks</h1><div id="status">loading…</div></header>
<div id="error"></div><table id="variants"><thead><tr><th>deck</th><th>audience</th><th>language</th></tr></thead>
<tbody></tbody></table>
<script>
async function load() {
  const data = await (await fetch('/api/variants')).json();
  const error = document.getElementById('error');
  error.textContent = data.error || ''; error.style.display = data.error ? 'block' : 'none';
  const body = document.querySelector('#variants tbody'); body.replaceChildren();
  for (const v of data.variants) {
    const row = body.insertRow(); const link = document.createElement('a');
    link.href = '/deck/' + v.variant; link.textContent = v.deck_title; link.className = 'variant';
    row.insertCell().append(link); row.insertCell().textContent = v.audience_title;
    row.insertCell().textContent = v.lang;
  }
  document.getElementById('status').textContent = data.variants.length + ' variants';
}
new EventSource('/events').onmessage = load;
load();
</script></body></html>
"""

DECK_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>fawbrief serve</title><style>""" + STYLE + """</style></head>
<body><header><h1><a href="/">decks</a> / <span id="name"></span></h1><div id="status">building…</div>
<div id="error"></div></header><main id="slides"></main>
<script>
const variant = location.pathname.replace(/^\\/deck\\//, '');
document.getElementById('name').textContent = variant;
let shown = -1;
function cell(row, text) { row.insertCell().textContent = text; }
function slideBox(slide) {
  let box = document.getElementById('slide-' + slide.number);
  if (!box) {
    box = document.createElement('section'); box.className = 'slide'; box.id = 'slide-' + slide.number;
    const img = document.createElement('img'); img.className = 'picture';
    const side = document.createElement('div');
    box.append(img, side); document.getElementById('slides').append(box);
  }
  return box;
}
function fill(slide) {
  const box = slideBox(slide); const img = box.querySelector('img');
  const src = '/pictures/' + slide.picture + '?v=' + slide.digest;
  if (img.getAttribute('src') !== src) { img.setAttribute('src', src); }
  img.alt = 'Slide ' + slide.number + ': ' + slide.title; img.dataset.digest = slide.digest;
  const side = box.querySelector('div'); side.replaceChildren();
  const h = document.createElement('h2'); h.className = 'title';
  h.textContent = slide.number + '. ' + slide.title; side.append(h);
  if (slide.findings.length) {
    const list = document.createElement('ul'); list.className = 'findings';
    for (const f of slide.findings) { const li = document.createElement('li'); li.textContent = f; list.append(li); }
    side.append(list);
  }
  const notes = document.createElement('div'); notes.className = 'notes'; notes.textContent = slide.notes;
  side.append(notes);
  if (slide.figures.length) {
    const table = document.createElement('table'); table.className = 'figures';
    const head = table.insertRow();
    for (const t of ['fact', 'value', 'period', 'source', 'excerpt']) { cell(head, t); }
    for (const f of slide.figures) {
      const row = table.insertRow();
      for (const t of [f.fact, f.value, f.period, f.source, f.excerpt]) { cell(row, t); }
    }
    side.append(table);
  }
}
async function load() {
  const data = await (await fetch('/api/deck/' + variant)).json();
  if (data.version === shown && data.built) { return; }
  const error = document.getElementById('error');
  error.textContent = data.error || ''; error.style.display = data.error ? 'block' : 'none';
  data.slides.forEach(fill);
  for (const box of [...document.querySelectorAll('.slide')]) {
    if (Number(box.id.slice(6)) > data.slides.length) { box.remove(); }
  }
  shown = data.version; document.body.dataset.version = data.version;
  document.getElementById('status').textContent = data.built
    ? data.slides.length + ' slides · version ' + data.version + (data.error ? ' · last good pictures' : '')
    : (data.error ? 'not built' : 'building…');
}
const events = new EventSource('/events');
events.onmessage = (e) => { if (JSON.parse(e.data).variant === variant) { load(); } };
events.onopen = load;
load();
</script></body></html>
"""
