// Small progressive enhancements; every page works without them.
document.documentElement.classList.add("js");

// The theme switcher stores the reader's choice in a cookie that the server
// renders on <html> (data-theme), so the next page is painted in the right
// colours from its first frame; here it applies at once.
function setupThemeSwitcher() {
  for (const box of document.querySelectorAll("[data-theme-switcher]")) {
    const select = box.querySelector("select");
    box.hidden = false;
    select.addEventListener("change", () => {
      const theme = select.value;
      const root = document.documentElement;
      if (theme) {
        root.dataset.theme = theme;
        document.cookie = `theme=${theme}; path=/; max-age=31536000; SameSite=Lax`;
      } else {
        delete root.dataset.theme;
        document.cookie = "theme=; path=/; max-age=0; SameSite=Lax";
      }
    });
  }
}

// Lists of rows (training channels, hyperparameters, metrics) grow and
// shrink in place: "Add" copies the last row with the next index and empty
// fields, "Remove" takes a row away (the last one is emptied instead).
// Without script both buttons post the form back, which the server
// answers with the row added or removed.
function setupRowLists() {
  document.addEventListener("click", (event) => {
    const add = event.target.closest("[data-add-row]");
    const remove = event.target.closest("[data-remove-row]");
    if (add && addRow(add.dataset.addRow, add.parentElement)) event.preventDefault();
    if (remove) {
      event.preventDefault();
      removeRow(remove.closest("[data-row-group]"));
    }
  });
}

function rowsOf(group, container) {
  return [...container.querySelectorAll(`[data-row-group="${group}"]`)];
}

function addRow(group, container) {
  const rows = rowsOf(group, container);
  const last = rows[rows.length - 1];
  if (!last) return false;
  const next = Math.max(...rows.map((r) => Number(r.dataset.rowIndex))) + 1;
  const row = last.cloneNode(true);
  renumberRow(row, group, Number(last.dataset.rowIndex), next);
  emptyRow(row);
  last.after(row);
  row.querySelector("input:not([type=checkbox]), select, textarea")?.focus();
  return true;
}

function removeRow(row) {
  if (rowsOf(row.dataset.rowGroup, row.parentElement).length > 1) {
    const before = row.previousElementSibling;
    row.remove();
    before?.querySelector("input, select, textarea")?.focus();
  } else {
    emptyRow(row);
  }
}

// renumberRow moves a copied row's fields from index from to index to.
function renumberRow(row, group, from, to) {
  const was = `${group}.${from}.`;
  const is = `${group}.${to}.`;
  for (const el of [row, ...row.querySelectorAll("*")]) {
    for (const attr of ["name", "id", "for", "aria-describedby"]) {
      const v = el.getAttribute(attr);
      if (v?.includes(was)) el.setAttribute(attr, v.replaceAll(was, is));
    }
  }
  row.dataset.rowIndex = String(to);
  if (row.dataset.testid) row.dataset.testid = row.dataset.testid.replace(/-\d+$/, `-${to}`);
  const remove = row.querySelector("[data-remove-row]");
  if (remove) {
    remove.value = `${group}.${to}`;
    remove.dataset.testid = remove.dataset.testid.replace(/-\d+$/, `-${to}`);
  }
  const legend = row.querySelector("legend");
  if (legend) legend.textContent = legend.textContent.replace(String(from + 1), String(to + 1));
}

// emptyRow clears a row's fields to a new row's: no text, first option,
// the default boxes ticked, no error.
function emptyRow(row) {
  for (const el of row.querySelectorAll("input, select, textarea")) {
    if (el.type === "checkbox") el.checked = "newRowChecked" in el.dataset;
    else if (el.tagName === "SELECT") el.selectedIndex = 0;
    else el.value = "";
    el.removeAttribute("aria-invalid");
  }
  for (const error of row.querySelectorAll(".field__error")) error.remove();
  for (const field of row.querySelectorAll(".field--invalid")) field.classList.remove("field--invalid");
}

// Copy buttons copy the text of the element they name and say so in a live
// region; they stay hidden where there is no clipboard (no script, or a page
// not served securely).
// A button added to a page's own element (see addCopyButtons) shows its
// label from data-label through CSS, so that the element's text, which
// other scripts and tests read, stays the ARN alone.
function setupCopyButton(button) {
  const inText = !("label" in button.dataset);
  const show = (text) => { if (inText) button.textContent = text; else button.dataset.label = text; };
  const label = inText ? button.textContent : button.dataset.label;
  const status = document.querySelector(`[data-copy-status="${CSS.escape(button.dataset.copy)}"]`);
  button.hidden = false;
  button.addEventListener("click", async () => {
    const target = document.getElementById(button.dataset.copy);
    let said = button.dataset.copied;
    try {
      await navigator.clipboard.writeText(target.value ?? target.textContent.trim());
    } catch {
      said = button.dataset.copyFailed || said;
    }
    show(said);
    if (status) status.textContent = said;
    setTimeout(() => {
      show(label);
      if (status) status.textContent = "";
    }, 2000);
  });
}

// ARNs and commands shown in pages get a copy button too, without each page
// having to place one: an ARN in monospace, and every code block.
function addCopyButtons() {
  const body = document.body.dataset;
  let n = 0;
  const add = (target, after, aria) => {
    if (!target.id) target.id = `copy-target-${++n}`;
    const button = document.createElement("button");
    button.type = "button";
    button.className = "button button--normal button--small copy-button";
    button.dataset.label = body.copyLabel;
    button.dataset.copy = target.id;
    button.dataset.copied = body.copied;
    button.dataset.copyFailed = body.copyFailed;
    button.setAttribute("aria-label", aria);
    const status = document.createElement("span");
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    status.dataset.copyStatus = target.id;
    after(button, status);
    setupCopyButton(button);
  };
  // Each ARN once (a history lists its author on every row), and not the
  // account's root user, a name rather than something to paste.
  const done = new Set();
  for (const el of document.querySelectorAll("main .mono, main code")) {
    if (el.closest(".copyable, pre, a, button, label, option, td.table__select")) continue;
    const value = el.textContent.trim();
    if (el.children.length || !/^arn:aws[\w-]*:\S+$/.test(value) || /^arn:aws[\w-]*:iam::\d+:root$/.test(value) || done.has(value)) continue;
    done.add(value);
    const next = el.nextElementSibling;
    if (next && next.matches("button[data-copy]")) continue;
    // The button goes inside the element (a <dd> or <td> must keep only
    // its own content), after a span holding the ARN, which is what is copied.
    const arn = el.textContent.trim();
    const text = document.createElement("span");
    text.textContent = arn;
    el.replaceChildren(text);
    el.classList.add("copyable-inline");
    add(text, (button, status) => el.append(button, status), `${body.copyLabel} ${arn}`);
  }
  for (const pre of document.querySelectorAll("main pre.code, main pre")) {
    if (pre.previousElementSibling?.matches(".code-copy") || document.querySelector(`button[data-copy="${CSS.escape(pre.id)}"]`)) continue;
    add(pre, (button, status) => {
      const bar = document.createElement("div");
      bar.className = "code-copy";
      bar.append(button, status);
      pre.before(bar);
    }, body.copyCodeLabel);
  }
}

// A box that scrolls sideways (a wide table, a long command) must be
// reachable by keyboard to be scrolled: it joins the tab order while, and
// only while, its content is wider than it.
function focusScrollables() {
  for (const el of document.querySelectorAll("main pre, main .table, main .code")) {
    const scrolls = el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflowX !== "visible";
    if (scrolls && !el.hasAttribute("tabindex")) {
      el.tabIndex = 0;
      el.dataset.scrollFocus = "";
    } else if (!scrolls && "scrollFocus" in el.dataset) {
      el.removeAttribute("tabindex");
      delete el.dataset.scrollFocus;
    }
  }
}

// The listing editor's section list folds into one line on a phone: a
// <details> whose summary names the current step, open on wider screens.
function foldSteppers() {
  const wide = window.matchMedia("(min-width: 688px)");
  for (const nav of document.querySelectorAll("nav.stepper")) {
    const list = nav.querySelector("ol");
    if (!list) continue;
    const details = document.createElement("details");
    details.className = "stepper__details";
    const summary = document.createElement("summary");
    summary.className = "stepper__summary";
    const current = list.querySelector("[aria-current]");
    summary.textContent = current ? `${document.body.dataset.stepsLabel}: ${current.textContent.trim()}` : document.body.dataset.stepsLabel;
    details.append(summary);
    list.before(details);
    details.append(list);
    const apply = () => { details.open = wide.matches; };
    apply();
    wide.addEventListener("change", apply);
  }
}

document.addEventListener("DOMContentLoaded", () => {
  setupRowLists();
  // The language switcher applies the choice as soon as it is made; its
  // button stays for keyboard and no-script users.
  for (const select of document.querySelectorAll("select[data-autosubmit]")) {
    select.addEventListener("change", () => select.form.requestSubmit());
  }
  setupThemeSwitcher();
  if (navigator.clipboard) {
    for (const button of document.querySelectorAll("button[data-copy]")) setupCopyButton(button);
    addCopyButtons();
  }
  foldSteppers();
  focusScrollables();
  let resizing;
  window.addEventListener("resize", () => {
    clearTimeout(resizing);
    resizing = setTimeout(focusScrollables, 200);
  });
  // Flash messages can be dismissed.
  for (const button of document.querySelectorAll("button[data-dismiss]")) {
    button.hidden = false;
    button.addEventListener("click", () => button.closest(".alert")?.remove());
  }
  // Close the account menu when clicking elsewhere, and the navigation
  // drawer and open menus with Escape.
  document.addEventListener("click", (event) => {
    for (const menu of document.querySelectorAll("details.account-menu[open]")) {
      if (!menu.contains(event.target)) menu.removeAttribute("open");
    }
  });
  document.addEventListener("keydown", (event) => {
    if (event.key !== "Escape") return;
    const toggle = document.getElementById("nav-toggle");
    if (toggle?.checked) {
      toggle.checked = false;
      toggle.focus();
    }
    for (const menu of document.querySelectorAll("details.account-menu[open]")) menu.removeAttribute("open");
  });
});
