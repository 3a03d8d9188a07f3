// Confirmations of destructive actions: a button that leads to a
// confirmation page opens the same confirmation in a modal instead. Pages
// include this script once per confirmation, so it sets itself up once.
(() => {
  if (window.portalConfirm) return;
  window.portalConfirm = true;
  // Until the typed name matches, the confirming button stays disabled, as
  // in the AWS console; the server checks it again.
  const gate = (form) => {
    const name = form.dataset.confirmName;
    const input = form.querySelector("input[name=confirm_name]");
    const submit = form.querySelector("[data-confirm-submit]");
    if (name && input && submit) submit.disabled = input.value !== name;
  };
  document.addEventListener("click", (event) => {
    const opener = event.target.closest("[data-confirm]");
    if (!opener) return;
    const dialog = document.getElementById(opener.dataset.confirm);
    if (!dialog || typeof dialog.showModal !== "function") return;
    event.preventDefault();
    const form = dialog.querySelector("form[data-confirm-name]");
    form.reset();
    gate(form);
    dialog.showModal();
    const input = form.querySelector("input[name=confirm_name]");
    if (input) input.focus();
  });
  // A confirmation page's own form waits for the name too.
  for (const form of document.querySelectorAll("form[data-confirm-name]")) {
    if (!form.closest("dialog")) gate(form);
  }
  document.addEventListener("input", (event) => {
    const form = event.target.closest("form[data-confirm-name]");
    if (form) gate(form);
  });
})();
