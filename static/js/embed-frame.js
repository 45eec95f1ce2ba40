/* Inside the embeddable schedule (/<event>/embed/): tells the page that frames it how tall
   it is, so that schedule-embed.js can size the frame. Sends nothing else. */
(function () {
  "use strict";

  if (window.parent === window) {
    return;
  }

  function report() {
    window.parent.postMessage(
      { type: "conference-schedule:height", height: document.documentElement.scrollHeight },
      "*"
    );
  }

  window.addEventListener("load", report);
  window.addEventListener("resize", report);
  report();
})();
