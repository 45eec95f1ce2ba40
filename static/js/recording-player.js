// A recording's player comes from another host, so the session page loads it only when the
// visitor presses the button that names that host. Until then the page holds the player in
// an inert <template>; without this script the button stays hidden and the link above it
// leads to the recording.
(function () {
  function prepare(player) {
    const button = player.querySelector("[data-player-load]");
    const template = player.querySelector("template");
    if (!button || !template) {
      return;
    }
    button.hidden = false;
    button.addEventListener("click", function () {
      const frame = template.content.firstElementChild.cloneNode(true);
      player.replaceChildren(frame);
      player.classList.add("player--loaded");
      frame.focus();
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-player]").forEach(prepare);
  });
})();
