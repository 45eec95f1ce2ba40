// The recap's contents list is a <details>: folded on a phone, where it would push the
// first session screens down, and opened where it sits beside the recap. Without this
// script it stays folded and opens with a click, everywhere.
(function () {
  const wide = window.matchMedia("(min-width: 64rem)");
  function follow() {
    document.querySelectorAll("details[data-open-wide]").forEach(function (details) {
      details.open = wide.matches;
    });
  }
  document.addEventListener("DOMContentLoaded", follow);
  wide.addEventListener("change", follow);
})();
