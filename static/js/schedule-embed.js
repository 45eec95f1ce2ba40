/* <conference-schedule event="soc24" day="1"></conference-schedule>: the programme of an
   event (or one day of it, or one track: track="policy"), framed from the site this script
   is served by.

   A dependency-free web component. It makes requests only to that site: the script's own
   origin, never to the page's or any other host. Whatever the element holds (a plain link
   to the programme, say) is shown until the script runs, and instead of it without one. */
(function () {
  "use strict";

  var script = document.currentScript;
  if (!script || !window.customElements || customElements.get("conference-schedule")) {
    return;
  }
  var origin = new URL(script.src, window.location.href).origin;
  var SLUG = /^[-a-zA-Z0-9_]+$/;
  var NUMBER = /^[0-9]+$/;

  function embedUrl(event, day, track) {
    if (!SLUG.test(event || "") || (day && !NUMBER.test(day)) || (track && !SLUG.test(track))) {
      return null;
    }
    if (track) {
      return origin + "/" + event + "/tracks/" + track + "/embed/";
    }
    return origin + "/" + event + "/" + (day ? "day-" + day + "/" : "") + "embed/";
  }

  class ConferenceSchedule extends HTMLElement {
    static get observedAttributes() {
      return ["event", "day", "track", "title"];
    }

    constructor() {
      super();
      this.onMessage = this.onMessage.bind(this);
    }

    connectedCallback() {
      window.addEventListener("message", this.onMessage);
      this.render();
    }

    disconnectedCallback() {
      window.removeEventListener("message", this.onMessage);
    }

    attributeChangedCallback() {
      if (this.isConnected) {
        this.render();
      }
    }

    render() {
      var url = embedUrl(
        this.getAttribute("event"), this.getAttribute("day"), this.getAttribute("track")
      );
      if (!url) {
        return;  // a wrong attribute: the element's own content stays
      }
      var root = this.shadowRoot || this.attachShadow({ mode: "open" });
      var frame = root.querySelector("iframe") || document.createElement("iframe");
      frame.title = this.getAttribute("title") || "Conference programme";
      frame.loading = "lazy";
      frame.referrerPolicy = "strict-origin-when-cross-origin";
      frame.setAttribute("sandbox", "allow-scripts allow-same-origin allow-popups allow-popups-to-escape-sandbox");
      frame.style.cssText = "display:block;width:100%;min-height:20rem;border:0;";
      if (frame.src !== url) {
        frame.src = url;
      }
      if (!frame.isConnected) {
        root.appendChild(frame);
      }
      this.frame = frame;
    }

    onMessage(message) {
      var data = message.data;
      if (message.origin !== origin || !this.frame || message.source !== this.frame.contentWindow ||
          !data || data.type !== "conference-schedule:height") {
        return;
      }
      var height = Number(data.height);
      if (height > 0 && height < 100000) {
        this.frame.style.height = height + "px";
      }
    }
  }

  customElements.define("conference-schedule", ConferenceSchedule);
})();
