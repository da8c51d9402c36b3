// 案卷生成器 — the page of `dossier serve`. Plain DOM, no framework: renders the state the server sends
// (GET /api/state, then server-sent events), uploads scans into an item's folder, starts rebuilds.
'use strict';

/** @type {{view: any, build: any} | null} */
let state = null;
/** volume page: show only items that still lack material */
let onlyMissing = false;
/** upload messages by "<code>/<item>", kept across re-renders */
const uploadNotes = new Map();
/** the page of a unit (a village of the township): its path and view, fetched when opened */
let unitState = null;
let unitLoading = null;

const $ = (id) => document.getElementById(id);

/** h('a', {href: '#'}, 'text', child…) — text is always set as text, never as HTML. */
function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') el.className = v;
    else if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat()) {
    if (c === undefined || c === null || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

function bar(progress, label, cls) {
  const pct = Math.floor(progress * 1000) / 10;
  const fill = h('span');
  fill.style.width = `${pct}%`;
  return h('div', { class: `bar${cls ? ` ${cls}` : ''}`, role: 'progressbar', 'aria-label': label, 'aria-valuemin': 0, 'aria-valuemax': 100, 'aria-valuenow': Math.floor(progress * 100) }, fill);
}

function setBar(el, progress) {
  el.setAttribute('aria-valuenow', String(Math.floor(progress * 100)));
  el.querySelector('span').style.width = `${Math.floor(progress * 1000) / 10}%`;
}

function messageList(messages) {
  if (!messages || messages.length === 0) return null;
  return h(
    'ul',
    { class: 'messages' },
    messages.map((m) =>
      h('li', { class: `msg ${m.severity}` }, `${m.severity === 'error' ? '错误' : '提示'}：${m.message}`, m.hint ? h('span', { class: 'hint' }, m.hint) : null, m.where ? h('span', { class: 'where' }, m.where) : null),
    ),
  );
}

function pdfLink(link, text) {
  return h('a', { href: link.href, target: '_blank', rel: 'noopener', class: 'preview', title: `在浏览器中预览：${link.title}` }, text || link.title);
}

// ---- header and status ----

/** The view on screen: a unit's when its page is open, else the workspace's. */
function currentView() {
  const r = route();
  return r.unit && unitState && unitState.path === r.unit ? unitState.view : state.view;
}

/** '#' for the workspace's pages, '#/u/<unit>' for a unit's. */
function prefix() {
  const r = route();
  return r.unit ? `#/u/${encodeURIComponent(r.unit)}` : '#';
}

function unitQuery() {
  const r = route();
  return r.unit ? `?unit=${encodeURIComponent(r.unit)}` : '';
}

/** Fetches a unit's page (again, after a build). */
async function loadUnit(unit) {
  if (unitLoading) return unitLoading;
  unitLoading = (async () => {
    try {
      const res = await fetch(`/api/state?unit=${encodeURIComponent(unit)}`);
      if (res.ok) unitState = { path: unit, view: (await res.json()).view };
    } finally {
      unitLoading = null;
    }
    renderHeader();
    renderMain();
  })();
  return unitLoading;
}

function renderHeader() {
  const v = currentView();
  $('title').textContent = v.unit ? `${v.unit} · ${v.year} 年度案卷` : '工作区有错误';
  $('subtitle').textContent = v.catalog ? `依据：${v.catalog}　工作区：${v.dir}` : `工作区：${v.dir}`;
  document.title = v.unit ? `${v.unit} ${v.year} 年度案卷 — 案卷生成器` : '案卷生成器';
  const req = v.volumes.reduce((n, x) => n + x.required, 0);
  const present = v.volumes.reduce((n, x) => n + x.present, 0);
  setBar($('overall-bar'), v.progress);
  $('overall-text').textContent = `齐全 ${present}/${req} 项，${v.progressText}`;
  const missing = $('missing-link');
  missing.hidden = !v.missingReport;
  if (v.missingReport) missing.href = v.missingReport;
}

function renderBuild(b) {
  const box = $('build');
  const text = $('build-text');
  const barEl = $('build-bar');
  const button = $('rebuild');
  box.classList.toggle('failed', !b.running && b.last && !b.last.ok);
  if (b.running) {
    barEl.hidden = false;
    setBar(barEl, b.total ? b.done / b.total : 0);
    text.textContent = b.total ? `正在生成 ${b.done}/${b.total}：${b.label}` : `${b.label || '正在生成'}……`;
    button.disabled = true;
    button.textContent = '正在生成……';
  } else {
    barEl.hidden = true;
    text.textContent = b.last ? b.last.text : '尚未生成';
    button.disabled = false;
    button.textContent = '重新生成';
  }
}

// ---- pages ----

function route() {
  if (location.hash === '#/templates') return { templates: true };
  const u = /^#\/u\/([^/]+)(?:\/v\/(.+))?\/?$/.exec(location.hash);
  if (u) return { unit: decodeURIComponent(u[1]), ...(u[2] ? { volume: decodeURIComponent(u[2]) } : {}) };
  const m = /^#\/v\/(.+)$/.exec(location.hash);
  return m ? { volume: decodeURIComponent(m[1]) } : {};
}

function renderMain() {
  const main = $('main');
  const focusKey = document.activeElement && document.activeElement.dataset ? document.activeElement.dataset.key : undefined;
  const r = route();
  if (r.unit && (!unitState || unitState.path !== r.unit)) {
    main.replaceChildren(h('p', { class: 'none' }, `正在读取 ${r.unit}……`));
    void loadUnit(r.unit);
    return;
  }
  const view = currentView();
  const vol = r.volume && view.volumes.find((v) => v.code === r.volume);
  main.replaceChildren(r.templates ? templatesPage() : vol ? volumePage(vol) : overview());
  if (focusKey) {
    const again = main.querySelector(`[data-key="${CSS.escape(focusKey)}"]`);
    if (again) again.focus();
  }
}

/** The units of the workspace (各村案卷): completeness of each, a link to its page. */
function unitsSection(v) {
  const label = v.units[0] ? v.units[0].label : '村';
  return h(
    'section',
    { class: 'units', 'aria-label': `各${label}案卷` },
    h('h2', {}, `各${label}案卷`, v.unitsReport ? h('a', { class: 'button small', href: v.unitsReport, target: '_blank', rel: 'noopener' }, `各${label}缺件汇总`) : null),
    h(
      'table',
      { class: 'items units' },
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, label), h('th', { scope: 'col' }, '立档单位'), h('th', { scope: 'col' }, '必备材料'), h('th', { scope: 'col' }, '缺件'), h('th', { scope: 'col' }, ''))),
      h(
        'tbody',
        {},
        v.units.map((u) =>
          h(
            'tr',
            { class: u.failed ? 'missing' : u.missing || u.partial ? 'partial' : 'present', 'data-unit': u.name },
            h('td', { class: 'title' }, u.name),
            h('td', {}, u.unit),
            h('td', {}, u.failed ? h('span', { class: 'bad' }, '设置或数据有错误') : h('div', { class: 'progress' }, bar(u.progress, `${u.name}进度`, u.missing || u.partial ? 'partial' : ''), h('span', { class: 'count' }, `${u.present}/${u.required} 齐全，${u.progressText}`))),
            h('td', { class: 'n' }, u.failed ? '—' : u.missing + u.partial),
            h('td', {}, h('a', { class: 'button small', href: `#/u/${encodeURIComponent(u.name)}`, 'data-key': `unit-${u.name}` }, '查看'), u.missingReport ? h('a', { href: u.missingReport, target: '_blank', rel: 'noopener' }, ' 缺件清单') : null),
          ),
        ),
      ),
    ),
  );
}

function overview() {
  const v = currentView();
  const frag = document.createDocumentFragment();
  if (v.unitPath) frag.append(h('a', { class: 'back', href: '#/', 'data-key': 'back' }, `← ${v.parent || '上一级'}`));
  const general = messageList(v.messages);
  if (general) frag.append(h('h2', { class: 'visually-hidden' }, '提示'), general);
  if (v.volumes.length === 0) {
    frag.append(h('p', { class: 'none' }, '没有可显示的案卷。'));
    return frag;
  }
  frag.append(
    h(
      'ul',
      { class: 'cards', 'aria-label': '各卷' },
      v.volumes.map((x) => {
        const done = x.missing === 0 && x.partial === 0;
        const firstPdf = x.bound[0];
        return h(
          'li',
          { class: `card ${done ? 'done' : 'todo'}`, 'data-volume': x.code },
          h('h2', {}, h('span', { class: 'code' }, x.code), x.title, h('span', { class: 'retention' }, x.retention)),
          h('div', { class: 'progress' }, bar(x.progress, `${x.title}进度`, done ? '' : 'partial'), h('span', { class: 'count' }, `必备 ${x.present}/${x.required} 齐全`)),
          h(
            'p',
            { class: 'facts' },
            h('span', {}, '件数 ', h('b', { class: 'docs' }, x.documents)),
            h('span', {}, '页数 ', h('b', { class: 'pages' }, x.pages ?? '—')),
            x.missing || x.partial ? h('span', { class: 'bad' }, '缺 ', h('b', {}, x.missing + x.partial), ' 项') : h('span', {}, '齐全'),
          ),
          h(
            'div',
            { class: 'links' },
            h('a', { class: 'button small', href: `${prefix()}/v/${encodeURIComponent(x.code)}`, 'data-key': `open-${x.code}` }, '查看与补充'),
            firstPdf ? pdfLink(firstPdf, x.bound.length > 1 ? `打开案卷 PDF（共 ${x.bound.length} 册）` : '打开案卷 PDF') : h('span', { class: 'none' }, '尚未装订'),
          ),
        );
      }),
    ),
  );
  if (v.units && v.units.length) frag.append(unitsSection(v));
  return frag;
}

const SOURCE = { template: '生成公文', attach: '归档材料', table: '登记册', cases: '案件卷', from: '上级生成' };

function fileList(files, vol, item) {
  const shown = files.filter((f) => f.href);
  if (shown.length === 0) return null;
  const li = (f) =>
    h(
      'li',
      {},
      f.kind === 'docx' ? h('a', { href: f.href }, `${f.title}（Word）`) : pdfLink(f),
      f.pages !== undefined ? h('span', { class: 'pages' }, ` ${f.pages} 页`) : null,
      f.received ? receivedPreview(f.received) : null,
      f.removable && vol && item ? h('button', { type: 'button', class: 'remove', title: '移到工作区的“回收站”文件夹（不会删除）', 'data-key': `remove-${f.removable}`, onclick: () => remove(vol, item, f) }, '移除') : null,
    );
  if (shown.length <= 4) return h('ul', { class: 'files' }, shown.map(li));
  return h('div', {}, h('ul', { class: 'files' }, shown.slice(0, 3).map(li)), h('details', { class: 'more' }, h('summary', {}, `其余 ${shown.length - 3} 份`), h('ul', { class: 'files' }, shown.slice(3).map(li))));
}

function dropZone(vol, item) {
  const key = `${vol.code}/${item.index}`;
  const note = uploadNotes.get(key);
  const input = h('input', { type: 'file', multiple: true, accept: '.pdf,.jpg,.jpeg,.png,.docx', id: `file-${vol.code}-${item.index}`, 'data-key': `file-${key}`, onchange: (e) => upload(vol, item, [...e.target.files]) });
  const zone = h(
    'div',
    { class: 'drop', 'data-item': item.index },
    input,
    h('span', {}, '把扫描件拖到这里，或'),
    h('label', { for: input.id, class: 'button small' }, '选择文件'),
    h('span', { class: 'folder', title: '文件会复制到这个文件夹' }, `→ ${item.uploadTo}`),
    note ? h('span', { class: `upload-msg ${note.ok ? 'ok' : 'error'}`, role: 'status' }, note.text) : null,
  );
  zone.addEventListener('dragover', (e) => {
    e.preventDefault();
    zone.classList.add('over');
  });
  zone.addEventListener('dragleave', () => zone.classList.remove('over'));
  zone.addEventListener('drop', (e) => {
    e.preventDefault();
    zone.classList.remove('over');
    upload(vol, item, [...e.dataTransfer.files]);
  });
  return zone;
}

async function upload(vol, item, files) {
  const key = `${vol.code}/${item.index}`;
  const lines = [];
  let ok = true;
  for (const f of files) {
    uploadNotes.set(key, { ok: true, text: `正在上传 ${f.name}……` });
    renderMain();
    try {
      const res = await fetch(`/api/upload/${encodeURIComponent(vol.code)}/${item.index}${unitQuery()}`, { method: 'PUT', headers: { 'x-file-name': encodeURIComponent(f.name), 'content-type': 'application/octet-stream' }, body: f });
      const body = await res.json().catch(() => ({ message: `上传失败（${res.status}）` }));
      if (!res.ok) ok = false;
      lines.push(res.ok ? `${f.name}：${body.message}` : `${f.name}：${body.message}`);
    } catch {
      ok = false;
      lines.push(`${f.name}：上传失败，与本机服务的连接断开了`);
    }
  }
  uploadNotes.set(key, { ok, text: lines.join('；') + (ok ? '。正在重新生成……' : '') });
  renderMain();
}

/** 移除: moves an attached file to the workspace's 回收站 folder, after asking. */
async function remove(vol, item, f) {
  const key = `${vol.code}/${item.index}`;
  if (!window.confirm(`把“${f.title}”移出本卷？\n文件会移到工作区的“回收站”文件夹，不会删除，需要时可以移回来。`)) return;
  try {
    const res = await fetch(`/api/remove${unitQuery()}`, { method: 'POST', headers: { 'x-file': encodeURIComponent(f.removable) } });
    const body = await res.json().catch(() => ({ message: `移除失败（${res.status}）` }));
    uploadNotes.set(key, { ok: res.ok, text: res.ok ? `${f.title}：${body.message}。正在重新生成……` : `${f.title}：${body.message}` });
  } catch {
    uploadNotes.set(key, { ok: false, text: `${f.title}：移除失败，与本机服务的连接断开了` });
  }
  renderMain();
}

function volumePage(vol) {
  const frag = document.createDocumentFragment();
  frag.append(h('a', { class: 'back', href: `${prefix()}/`, 'data-key': 'back' }, '← 全部案卷'));
  frag.append(
    h(
      'div',
      { class: 'volume-head' },
      h(
        'div',
        {},
        h('h2', { id: 'volume-title' }, h('span', { class: 'code' }, vol.code), ' ', vol.title),
        h('p', { class: 'facts' }, h('span', {}, '保管期限 ', h('b', {}, vol.retention)), h('span', {}, '件数 ', h('b', {}, vol.documents)), h('span', {}, '页数 ', h('b', {}, vol.pages ?? '—')), h('span', {}, '必备 ', h('b', {}, `${vol.present}/${vol.required}`), ' 齐全'), h('span', {}, '进度 ', h('b', {}, vol.progressText))),
      ),
      h(
        'div',
        { class: 'right' },
        h('div', { class: 'links' }, vol.bound.length ? vol.bound.map((b) => pdfLink(b, `打开案卷 PDF：${b.title}`)) : h('span', { class: 'none' }, '尚未装订（重新生成后出现）')),
        h(
          'label',
          { class: 'filter' },
          h('input', {
            type: 'checkbox',
            'data-key': 'only-missing',
            checked: onlyMissing,
            onchange: (e) => {
              onlyMissing = e.target.checked;
              renderMain();
            },
          }),
          `只看缺的材料（${vol.items.filter((it) => it.status !== 'present').length} 项）`,
        ),
      ),
    ),
  );
  const vm = messageList(vol.messages);
  if (vm) frag.append(vm);
  frag.append(
    h(
      'table',
      { class: 'items', 'aria-labelledby': 'volume-title' },
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, '序号'), h('th', { scope: 'col' }, '材料'), h('th', { scope: 'col' }, '状态'), h('th', { scope: 'col' }, '说明与文件'))),
      h(
        'tbody',
        {},
        vol.items.map((it, i) =>
          onlyMissing && it.status === 'present' ? null : h(
            'tr',
            { class: it.status, 'data-item': it.index },
            h('td', { class: 'n' }, i + 1),
            h('td', { class: 'title' }, it.title, h('span', { class: 'source' }, `${it.source === 'table' && it.uploadTo ? '登记册或扫描件' : SOURCE[it.source]}${it.required ? '' : '（选备）'}`)),
            h('td', { class: 'state' }, h('span', { class: `badge ${it.status}` }, it.statusText)),
            h('td', {}, h('p', { class: 'note' }, it.note, it.remark ? `（${it.remark}）` : ''), fileList(it.files, vol, it), messageList(it.messages), it.uploadTo ? dropZone(vol, it) : null),
          ),
        ),
      ),
    ),
  );
  return frag;
}

// ---- Word templates and received Word files (issue 18) ----

/** GET /api/word: templates with what was recognised, and each received Word file's recognition */
let word = null;
let wordLoading = false;
/** messages of the last template upload, by template name */
const templateNotes = new Map();

async function loadWord() {
  if (wordLoading) return;
  wordLoading = true;
  try {
    const res = await fetch('/api/word');
    word = res.ok ? await res.json() : null;
  } catch {
    word = null;
  } finally {
    wordLoading = false;
  }
  renderMain();
}

function elementList(elements) {
  if (!elements || elements.length === 0) return h('p', { class: 'none' }, '没有认出公文要素（标题将用目录中的题名）。');
  return h(
    'table',
    { class: 'elements' },
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, '要素'), h('th', { scope: 'col' }, '内容'), h('th', { scope: 'col' }, '位置与依据'))),
    h('tbody', {}, elements.map((e) => h('tr', {}, h('th', { scope: 'row' }, e.element), h('td', {}, e.value), h('td', { class: 'where' }, e.where ? `${e.where}，${e.how}` : e.how)))),
  );
}

function receivedPreview(file) {
  const w = word && word.received ? word.received.find((x) => x.file === file) : undefined;
  if (!w) return null;
  return h('details', { class: 'recognised' }, h('summary', {}, '按文字排版：认出的公文要素'), elementList(w.elements), messageList(w.diagnostics));
}

function templatesPage() {
  const frag = document.createDocumentFragment();
  frag.append(h('a', { class: 'back', href: '#/', 'data-key': 'back' }, '← 全部案卷'));
  frag.append(h('h2', {}, '模板'), h('p', { class: 'note' }, '下载 Word 模板，用 WPS 或 Word 修改后上传：上传时先检查，用到这个模板的文档都能生成才替换，原来的模板移到工作区的 回收站/templates/。'));
  if (!word) {
    frag.append(h('p', { class: 'none' }, '正在读取模板……'));
    return frag;
  }
  if (!word.ok) {
    frag.append(h('p', { class: 'msg error' }, word.message));
    return frag;
  }
  frag.append(
    h(
      'ul',
      { class: 'templates' },
      word.templates.map((t) => {
        const note = templateNotes.get(t.name);
        const input = h('input', { type: 'file', accept: '.docx', id: `tpl-${t.name}`, 'data-key': `tpl-${t.name}`, onchange: (e) => uploadTemplate(t, e.target.files[0]) });
        return h(
          'li',
          { class: 'template', 'data-template': t.name },
          h('h3', {}, t.name, h('span', { class: 'source' }, `${t.form === 'word' ? 'Word 模板' : '文字模板'}${t.builtin ? '（内置）' : ''}：${t.file}`)),
          t.usedBy.length ? h('p', { class: 'note' }, `用于：${t.usedBy.join('；')}`) : null,
          h(
            'div',
            { class: 'links' },
            h('a', { class: 'button small', href: `/api/templates/${encodeURIComponent(t.name)}/docx`, download: `${t.name}.docx`, 'data-key': `dl-${t.name}` }, '下载 Word 模板'),
            input,
            h('label', { for: input.id, class: 'button small' }, '上传修改后的模板'),
          ),
          note ? h('p', { class: `upload-msg ${note.ok ? 'ok' : 'error'}`, role: 'status' }, note.text) : null,
          note ? messageList(note.messages) : null,
          t.form === 'word' ? h('details', { class: 'recognised' }, h('summary', {}, '认出的公文要素'), elementList(t.elements), messageList(t.diagnostics)) : null,
        );
      }),
    ),
  );
  return frag;
}

async function uploadTemplate(t, f) {
  if (!f) return;
  templateNotes.set(t.name, { ok: true, text: `正在检查 ${f.name}……` });
  renderMain();
  try {
    const res = await fetch(`/api/templates/${encodeURIComponent(t.name)}`, { method: 'PUT', headers: { 'content-type': 'application/octet-stream' }, body: f });
    const body = await res.json().catch(() => ({ message: `上传失败（${res.status}）` }));
    templateNotes.set(t.name, { ok: res.ok, text: body.message, messages: body.messages });
  } catch {
    templateNotes.set(t.name, { ok: false, text: '上传失败，与本机服务的连接断开了' });
  }
  renderMain();
  loadWord();
}

// ---- wiring ----

function apply(next) {
  state = next;
  loadWord();
  renderHeader();
  renderBuild(state.build);
  renderMain();
}

async function start() {
  const res = await fetch('/api/state');
  if (!res.ok) {
    $('title').textContent = '拒绝访问';
    $('main').replaceChildren(h('p', {}, '请用 dossier serve 打印的完整地址（含 token=…）打开这个页面。'));
    return;
  }
  apply(await res.json());
  const events = new EventSource('/api/events');
  events.addEventListener('state', (e) => {
    $('connection').hidden = true;
    apply(JSON.parse(e.data));
    // a unit's page is fetched again when the workspace changed
    const r = route();
    if (r.unit) void loadUnit(r.unit);
  });
  events.addEventListener('progress', (e) => {
    if (!state) return;
    state.build = JSON.parse(e.data);
    renderBuild(state.build);
  });
  events.addEventListener('open', () => ($('connection').hidden = true));
  events.addEventListener('error', () => ($('connection').hidden = false));
  window.addEventListener('hashchange', () => {
    renderHeader();
    renderMain();
    window.scrollTo(0, 0);
    $('main').focus({ preventScroll: true });
  });
  $('rebuild').addEventListener('click', async () => {
    $('rebuild').disabled = true;
    await fetch('/api/build', { method: 'POST' }).catch(() => ($('connection').hidden = false));
  });
}

start();
