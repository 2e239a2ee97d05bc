// The page of `bulletin serve`: sends files and choices to the local server and shows what comes back.
// It decides nothing about documents; every text, warning and error is the server's.
"use strict";

const TOKEN = document.querySelector('meta[name="bulletin-token"]').content;
const $ = (id) => document.getElementById(id);
const FORMAT_NAMES = { docx: "Word", pdf: "PDF", md: "Markdown", txt: "纯文本" };

const state = {
  source: null, // "upload" or "folder"
  set: "", // the upload set on the server
  file: "", // the data file chosen
  opened: false, // the chosen file was read without errors
  occasions: [],
  busy: false,
  steps: 0, // requests answered and shown, in body[data-steps], for tests and tools
};

function el(tag, attrs = {}, text = "") {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (name === "className") node.className = value;
    else node.setAttribute(name, value);
  }
  if (text) node.textContent = text;
  return node;
}

async function call(path, body) {
  const options = { method: body === undefined ? "GET" : "POST", headers: { "X-Bulletin-Token": TOKEN } };
  if (body instanceof FormData) {
    options.body = body;
  } else if (body !== undefined) {
    options.headers["Content-Type"] = "application/json";
    options.body = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(path, options);
  } catch (error) {
    return { errors: ["无法连接本机服务：运行 bulletin serve 的窗口是否已关闭？"] };
  }
  const text = await response.text();
  try {
    return JSON.parse(text);
  } catch (error) {
    return { errors: [text.trim() || `请求失败（${response.status}）`] };
  }
}

function setStatus(text, isError = false) {
  const status = $("status");
  status.textContent = text;
  status.classList.toggle("bad", isError);
}

function showErrors(errors, head) {
  const list = $("errors");
  list.replaceChildren();
  if (!errors || errors.length === 0) {
    list.hidden = true;
    return;
  }
  list.append(el("li", { className: "head" }, head || `有 ${errors.length} 处错误，改正后重新放入文件：`));
  for (const message of errors) list.append(el("li", {}, message));
  list.hidden = false;
}

function showWarnings(groups) {
  const list = $("warnings");
  list.replaceChildren();
  let count = 0;
  for (const [label, warnings] of groups) {
    for (const warning of warnings) {
      const item = el("li");
      if (label) item.append(el("span", { className: "tag" }, label));
      item.append(document.createTextNode(warning));
      list.append(item);
      count += 1;
    }
  }
  if (count === 0) list.append(el("li", { className: "none" }, "暂无"));
}

function clearResult() {
  const empty = el("div", { className: "empty" });
  empty.append(
    el("p", {}, "初稿会显示在这里：选好文书后点“生成”。"),
    el("p", { className: "small" }, "文中由台账算出的数字带黄色底色，判断（如“顺利”“主要支撑”）带蓝色底色；鼠标移上去可看到算法或判断规则，以及所用的数据。"),
  );
  $("preview").replaceChildren(empty);
  $("downloads").replaceChildren();
  $("downloads").hidden = true;
  $("tabs").replaceChildren();
  $("tabs").hidden = true;
}

function buildKinds(kinds) {
  const box = $("kind");
  for (const { kind, label } of kinds) {
    const row = el("div", { className: "kind-row" });
    const name = el("label", { className: "check" });
    const input = el("input", { type: "checkbox", name: "kind", value: kind, id: `kind-${kind}` });
    input.addEventListener("change", updateOccasion);
    name.append(input, document.createTextNode(" " + label));
    row.append(name, el("small", { className: "reason", id: `reason-${kind}` }));
    box.append(row);
  }
}

function chosenKinds() {
  return [...document.querySelectorAll('#kind input[name="kind"]:checked')].map((i) => i.value);
}

function updateOccasion() {
  const speech = document.querySelector('#kind input[value="speech"]');
  $("occasion-box").hidden = !(state.occasions.length && speech && speech.checked);
}

// What the chosen file can make; a file with errors (no kinds) leaves none of
// the notes or greyed-out boxes of the file chosen before.
function applyKinds(kinds) {
  for (const input of document.querySelectorAll('#kind input[name="kind"]')) input.disabled = false;
  for (const reason of document.querySelectorAll("#kind .reason")) {
    reason.textContent = "";
    reason.classList.remove("bad");
  }
  for (const info of kinds || []) {
    const input = $(`kind-${info.kind}`);
    const reason = $(`reason-${info.kind}`);
    if (!input) continue;
    input.disabled = !info.available;
    if (!info.available) input.checked = false;
    const notes = info.available ? info.notices || [] : [`无法生成：${info.reason}`];
    reason.textContent = notes.join("；");
    reason.classList.toggle("bad", !info.available);
  }
}

function showFiles(files, chosen) {
  $("files-box").hidden = files.length === 0;
  $("files").replaceChildren(...files.map((name) => el("li", {}, name)));
  const month = $("month");
  month.replaceChildren(...files.map((name) => el("option", { value: name }, name)));
  month.value = chosen;
  $("month-box").hidden = files.length < 2;
}

// The occasion the data itself gives is preselected, so that rendering without
// touching the selector writes the speech the data was written for.
function applyOccasions(occasions, given) {
  const select = $("occasion");
  state.occasions = occasions || [];
  select.replaceChildren(...state.occasions.map((name) => el("option", { value: name }, name)));
  if (state.occasions.includes(given)) select.value = given;
  updateOccasion();
}

function showLedgers(ledgers) {
  const box = $("ledger-sheets");
  box.replaceChildren();
  for (const ledger of ledgers || []) {
    for (const sheet of ledger.sheets) {
      const [first, last] = sheet.header_rows;
      const rows = first === last ? `第${first}行` : `第${first}—${last}行`;
      box.append(el("p", { className: "sheet" }, `${ledger.file} · ${sheet.name}：表头在${rows}，${sheet.projects} 个项目`));
      const table = el("table");
      const head = el("tr");
      for (const title of ["列", "表头", "读作", "示例"]) head.append(el("th", {}, title));
      table.append(head);
      for (const column of sheet.columns) {
        const row = el("tr", column.field ? {} : { className: "unread" });
        row.append(
          el("td", {}, column.letter),
          el("td", {}, column.header),
          el("td", {}, column.field || `不读取${column.note ? "：" + column.note : ""}`),
          el("td", /^[-+]?[\d.,]+$/.test(column.sample) ? { className: "sample-number" } : {}, column.sample),
        );
        table.append(row);
      }
      box.append(table);
    }
    for (const skipped of ledger.skipped) box.append(el("p", { className: "skipped" }, `${ledger.file} · ${skipped.name}：${skipped.why}`));
  }
  $("ledger-view").hidden = box.children.length === 0;
}

function applyOpened(answer) {
  state.file = answer.file || "";
  if (answer.occasions) applyOccasions(answer.occasions, answer.occasion);
  showLedgers(answer.ledgers);
  state.opened = !(answer.errors && answer.errors.length) && Boolean(state.file);
  clearResult();
  showErrors(answer.errors);
  showWarnings([["", answer.warnings || []]]);
  applyKinds(answer.kinds);
  if (state.opened) {
    setStatus(`已读入 ${state.file}，可以生成了。`);
  } else if (state.file) {
    setStatus(`${state.file} 有错误，见错误列表。`, true);
  }
}

async function upload(fileList) {
  const files = [...fileList];
  if (files.length === 0) return;
  const form = new FormData();
  for (const file of files) form.append("files", file, file.name);
  if (state.source === "upload" && state.set) form.append("set", state.set);
  setStatus("正在读取…");
  const answer = await call("/api/upload", form);
  if (!answer.set) {
    showErrors(answer.errors, "文件未能放入：");
    setStatus("文件未能放入。", true);
    return;
  }
  state.source = "upload";
  state.set = answer.set;
  $("folder-month").value = "";
  showFiles(answer.files, answer.file);
  applyOpened(answer);
  if (answer.refused && answer.refused.length) {
    setStatus(`未放入：${answer.refused.join("；")}`, true);
  }
}

async function open(source, file) {
  setStatus("正在读取…");
  const answer = await call("/api/open", { source, set: state.set, file });
  if (answer.file === undefined) {
    showErrors(answer.errors);
    setStatus("未能读取。", true);
    return;
  }
  state.source = source;
  applyOpened(answer);
}

function showDocuments(answer) {
  const docs = answer.documents;
  const tabs = $("tabs");
  const downloads = $("downloads");
  tabs.replaceChildren();
  downloads.replaceChildren();
  const show = (index) => {
    const doc = docs[index];
    const holder = document.createElement("div");
    // The server escaped every character of the data in this fragment.
    holder.innerHTML = doc.html;
    $("preview").replaceChildren(...holder.childNodes);
    $("preview").scrollTop = 0;
    for (const [i, tab] of [...tabs.children].entries()) tab.setAttribute("aria-selected", String(i === index));
  };
  docs.forEach((doc, index) => {
    const tab = el("button", { type: "button", role: "tab", className: "tab" }, doc.label);
    tab.addEventListener("click", () => show(index));
    tabs.append(tab);
    const row = el("div", { className: "download-row" });
    row.append(el("span", { className: "what" }, doc.label));
    for (const link of doc.downloads) {
      const a = el("a", { className: "download", href: `${link.url}?token=${encodeURIComponent(TOKEN)}`, download: link.name, title: link.name }, FORMAT_NAMES[link.format] || link.format);
      a.dataset.format = link.format;
      a.dataset.kind = doc.kind;
      row.append(a);
    }
    downloads.append(row);
  });
  if (docs.length > 1) {
    const row = el("div", { className: "download-row all" });
    const a = el("a", { className: "download", href: `${answer.zip.url}?token=${encodeURIComponent(TOKEN)}`, download: answer.zip.name, title: answer.zip.name }, `全部下载（${docs.length} 篇 Word，.zip）`);
    a.dataset.format = "zip";
    row.append(a);
    downloads.append(row);
  }
  downloads.prepend(el("div", { className: "download-head" }, "下载"));
  downloads.hidden = false;
  tabs.hidden = docs.length < 2;
  show(0);
  showWarnings([["", answer.warnings], ...docs.map((d) => [d.label, d.warnings])]);
}

async function render() {
  if (state.busy) return;
  const kinds = chosenKinds();
  if (!state.file) {
    showErrors(["请先放入或选择数据文件"], "还不能生成：");
    return;
  }
  if (!state.opened) {
    if ($("errors").hidden) showErrors(["数据文件有错误，改正后重新放入"], "还不能生成：");
    return;
  }
  if (kinds.length === 0) {
    showErrors(["请至少选择一种文书"], "还不能生成：");
    return;
  }
  state.busy = true;
  const button = $("render");
  button.disabled = true;
  button.textContent = "正在生成…";
  try {
    const answer = await call("/api/render", {
      source: state.source,
      set: state.set,
      file: state.file,
      kinds,
      occasion: $("occasion-box").hidden ? "" : $("occasion").value,
      audit: $("audit").checked,
      reading_copy: $("reading").checked,
    });
    if (answer.errors && answer.errors.length) {
      clearResult();
      showErrors(answer.errors, "未能生成：");
      setStatus("未能生成，见错误列表。", true);
      return;
    }
    showErrors([]);
    showDocuments(answer);
    setStatus(`已生成 ${answer.documents.length} 篇，下载链接在初稿上方。`);
  } finally {
    state.busy = false;
    button.disabled = false;
    button.textContent = "生成";
  }
}

function showTip(target) {
  const tip = $("tip");
  tip.replaceChildren(
    el("div", { className: "tip-label" }, target.dataset.label || ""),
    el("div", {}, `文中：${target.textContent}`),
  );
  const verdict = target.dataset.kind === "verdict";
  if (target.dataset.formula) tip.append(el("div", {}, `${verdict ? "规则" : "算法"}：${target.dataset.formula}`));
  if (target.dataset.inputs) tip.append(el("div", {}, `${verdict ? "依据" : "数据"}：${target.dataset.inputs}`));
  tip.hidden = false;
  const box = target.getBoundingClientRect();
  const width = Math.min(420, window.innerWidth - 16);
  tip.style.maxWidth = `${width}px`;
  const left = Math.max(8, Math.min(box.left, window.innerWidth - tip.offsetWidth - 8));
  let top = box.bottom + 6;
  if (top + tip.offsetHeight > window.innerHeight - 8) top = box.top - tip.offsetHeight - 6;
  tip.style.left = `${left + window.scrollX}px`;
  tip.style.top = `${top + window.scrollY}px`;
}

function hideTip() {
  $("tip").hidden = true;
}

// What a user does (drop files, pick a file, render, clear), counted once its answer is shown.
function counted(action) {
  return async (...args) => {
    try {
      return await action(...args);
    } finally {
      state.steps += 1;
      document.body.dataset.steps = String(state.steps);
    }
  };
}

async function start() {
  const config = await call("/api/config");
  if (!config.kinds) {
    showErrors(config.errors, "页面未能启动：");
    return;
  }
  buildKinds(config.kinds);
  if (config.folder) {
    $("folder-name").textContent = config.folder;
    const select = $("folder-month");
    select.replaceChildren(el("option", { value: "" }, "（请选择）"), ...config.files.map((n) => el("option", { value: n }, n)));
    $("folder-box").hidden = false;
    select.addEventListener(
      "change",
      counted(async () => {
        if (select.value) await open("folder", select.value);
      }),
    );
    if (config.chosen) {
      select.value = config.chosen;
      await counted(open)("folder", config.chosen);
    }
  }
  const input = $("ledger");
  input.addEventListener(
    "change",
    counted(async () => {
      await upload(input.files);
      input.value = "";
    }),
  );
  const drop = $("drop");
  drop.addEventListener("dragover", (event) => {
    event.preventDefault();
    drop.classList.add("over");
  });
  drop.addEventListener("dragleave", () => drop.classList.remove("over"));
  drop.addEventListener(
    "drop",
    counted(async (event) => {
      event.preventDefault();
      drop.classList.remove("over");
      await upload(event.dataTransfer.files);
    }),
  );
  // A file dropped beside the box is not opened by the browser in place of the page.
  window.addEventListener("dragover", (event) => event.preventDefault());
  window.addEventListener("drop", (event) => event.preventDefault());
  $("month").addEventListener("change", counted(() => open("upload", $("month").value)));
  $("clear").addEventListener("click", counted(async () => {
    if (state.set) await call("/api/clear", { set: state.set });
    Object.assign(state, { source: null, set: "", file: "", opened: false });
    showFiles([], "");
    clearResult();
    showErrors([]);
    showWarnings([]);
    showLedgers([]);
    applyKinds([]);
    setStatus("已清空。");
  }));
  $("render").addEventListener("click", counted(render));
  const preview = $("preview");
  preview.addEventListener("mouseover", (event) => {
    const fig = event.target.closest(".fig");
    if (fig && fig.dataset.label) showTip(fig);
  });
  preview.addEventListener("mouseout", (event) => {
    if (event.target.closest(".fig")) hideTip();
  });
  preview.addEventListener("focusin", (event) => {
    const fig = event.target.closest(".fig");
    if (fig && fig.dataset.label) showTip(fig);
  });
  preview.addEventListener("focusout", hideTip);
  preview.addEventListener("scroll", hideTip);
  document.body.dataset.ready = "true";
}

start();
