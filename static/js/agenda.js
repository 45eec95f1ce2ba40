/* The personal agenda's stars, enhanced: without this script each star is a plain link to
   /<event>/agenda/?add=<id>, which shows the agenda. With it, a star toggles in place and
   shows whether the session is already in the agenda, read from the agenda cookie (the
   token's first part lists the sessions' ids; the signature after the last ":" is the
   server's business). */
(function () {
  "use strict";

  // On the agenda page itself the links carry the agenda's address and reload the list.
  var stars = Array.prototype.filter.call(
    document.querySelectorAll("a.star[data-agenda-id]"),
    function (star) { return !star.closest(".agenda"); }
  );
  if (!stars.length || !window.fetch) {
    return;
  }

  function starredIds() {
    var ids = {};
    document.cookie.split(";").forEach(function (part) {
      var pair = part.trim().split("=");
      if (pair[0].indexOf("agenda-") !== 0 || !pair[1]) {
        return;
      }
      var token = decodeURIComponent(pair.slice(1).join("="));
      var payload = token.slice(0, token.lastIndexOf(":")).replace(/-/g, "+").replace(/_/g, "/");
      var bytes;
      try {
        bytes = window.atob(payload + "===".slice((payload.length + 3) % 4));
      } catch (error) {
        return;
      }
      for (var i = 0; i + 16 <= bytes.length; i += 16) {
        var hex = "";
        for (var j = i; j < i + 16; j += 1) {
          hex += ("0" + bytes.charCodeAt(j).toString(16)).slice(-2);
        }
        ids[[hex.slice(0, 8), hex.slice(8, 12), hex.slice(12, 16), hex.slice(16, 20),
          hex.slice(20)].join("-")] = true;
      }
    });
    return ids;
  }

  // The page's own words (base.html translates them), English when they are missing.
  var words = document.body.dataset;
  var label = {
    add: words.agendaAdd || "Add to my agenda",
    remove: words.agendaRemove || "Remove from my agenda",
    added: words.agendaAdded || "Added to your agenda.",
    removed: words.agendaRemoved || "Removed from your agenda."
  };

  var status = document.createElement("p");
  status.className = "visually-hidden";
  status.setAttribute("role", "status");
  document.body.appendChild(status);

  function show(star, starred) {
    var url = new URL(star.href, window.location.href);
    url.search = "";
    url.searchParams.set(starred ? "remove" : "add", star.dataset.agendaId);
    star.href = url.pathname + url.search;
    star.classList.toggle("star--on", starred);
    star.firstChild.textContent = starred ? label.remove : label.add;
  }

  function refresh() {
    var ids = starredIds();
    stars.forEach(function (star) {
      show(star, Boolean(ids[star.dataset.agendaId]));
    });
  }

  function toggle(event) {
    var star = event.currentTarget;
    var adding = !star.classList.contains("star--on");
    event.preventDefault();
    window.fetch(star.href, { credentials: "same-origin" }).then(function (response) {
      if (!response.ok) {
        window.location.href = star.href;
        return;
      }
      refresh();
      status.textContent = adding ? label.added : label.removed;
    }, function () {
      window.location.href = star.href;
    });
  }

  stars.forEach(function (star) {
    star.addEventListener("click", toggle);
  });
  refresh();
})();
