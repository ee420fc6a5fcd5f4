// depbench explorer: forms marked data-live update the page's #content without a full reload.
// The state stays in the URL (history.pushState), so a view is shared by its link; without
// JavaScript the forms submit as ordinary GET requests and the server renders the same page.
(function () {
  "use strict";
  function query(form) {
    var params = new URLSearchParams();
    new FormData(form).forEach(function (value, key) {
      if (String(value).trim() !== "") params.append(key, String(value).trim());
    });
    return params.toString();
  }
  function load(url, push) {
    var content = document.getElementById("content");
    if (!content) { window.location.href = url; return; }
    content.setAttribute("aria-busy", "true");
    var sep = url.indexOf("?") < 0 ? "?" : "&";
    fetch(url + sep + "fragment=1", { headers: { "Accept": "text/html" } })
      .then(function (r) { return r.text().then(function (t) { return { ok: r.ok, text: t }; }); })
      .then(function (r) {
        content.innerHTML = r.text;
        content.removeAttribute("aria-busy");
        // The page's own address (a peer added by the picker is then in `peers`).
        var own = content.querySelector("[data-url]");
        if (own) url = own.getAttribute("data-url");
        if (push) history.pushState({ url: url }, "", url);
        var t = content.querySelector("[data-title]");
        if (t) document.title = t.getAttribute("data-title");
      })
      .catch(function (e) {
        content.removeAttribute("aria-busy");
        content.insertAdjacentHTML("afterbegin", '<p class="error">Erreur réseau : ' + String(e) + "</p>");
      });
  }
  document.addEventListener("change", function (ev) {
    var form = ev.target.form;
    // The picker's field adds a peer when its form is sent, not while it is typed in.
    if (ev.target.name === "add") return;
    if (form && form.hasAttribute("data-live")) {
      load(form.getAttribute("action") + "?" + query(form), true);
    }
  });
  document.addEventListener("submit", function (ev) {
    var form = ev.target;
    if (form.hasAttribute("data-live")) {
      ev.preventDefault();
      load(form.getAttribute("action") + "?" + query(form), true);
    }
  });
  window.addEventListener("popstate", function () {
    load(window.location.pathname + window.location.search, false);
  });
})();
