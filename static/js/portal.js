// Small progressive enhancements; every page works without them.
document.documentElement.classList.add("js");
document.addEventListener("DOMContentLoaded", () => {
  // The language switcher applies the choice as soon as it is made; its
  // button stays for keyboard and no-script users.
  for (const select of document.querySelectorAll("select[data-autosubmit]")) {
    select.addEventListener("change", () => select.form.requestSubmit());
  }
  // Close the account menu when clicking elsewhere.
  document.addEventListener("click", (event) => {
    for (const menu of document.querySelectorAll("details.account-menu[open]")) {
      if (!menu.contains(event.target)) menu.removeAttribute("open");
    }
  });
});
