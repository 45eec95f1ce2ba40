/* Venue screens (/<event>/programme/now/screen/): reload every data-refresh-seconds, so that
   a display nobody touches moves on to the next session. When the network is down the
   reload is put off, so the screen keeps its last page rather than an error. */
(function () {
  "use strict";

  var seconds = Number(document.body.dataset.refreshSeconds) || 60;

  function reload() {
    if (navigator.onLine === false) {
      window.setTimeout(reload, seconds * 1000);
      return;
    }
    window.location.reload();
  }

  window.setTimeout(reload, seconds * 1000);
})();
