// Small progressive enhancements; every page works without them.
document.documentElement.classList.add("js");
document.addEventListener("DOMContentLoaded", () => {
  // The language switcher applies the choice as soon as it is made; its
  // button stays for keyboard and no-script users.
  for (const select of document.querySelectorAll("select[data-autosubmit]")) {
    select.addEventListener("change", () => select.form.requestSubmit());
  }
  // Copy buttons copy the text of the block they name; they stay hidden
  // where there is no clipboard (no script, or a page not served securely).
  if (navigator.clipboard) {
    for (const button of document.querySelectorAll("button[data-copy]")) {
      const label = button.textContent;
      button.hidden = false;
      button.addEventListener("click", async () => {
        await navigator.clipboard.writeText(document.getElementById(button.dataset.copy).textContent);
        button.textContent = button.dataset.copied;
        setTimeout(() => { button.textContent = label; }, 2000);
      });
    }
  }
  // Close the account menu when clicking elsewhere.
  document.addEventListener("click", (event) => {
    for (const menu of document.querySelectorAll("details.account-menu[open]")) {
      if (!menu.contains(event.target)) menu.removeAttribute("open");
    }
  });
});
