/* Live preview beside the admin's Markdown fields (conference.widgets.MarkdownWidget).
   As the editor types, the field's text is posted to the staff-only preview endpoint,
   which answers with the sanitised HTML the public site will show. */
(function () {
  "use strict";

  var DELAY_MS = 400;

  function csrfToken(field) {
    var input = field.form && field.form.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function attach(field) {
    if (field.name.indexOf("__prefix__") !== -1 || field.dataset.previewAttached) {
      return; // the admin's template row for new inlines, or already done
    }
    field.dataset.previewAttached = "true";

    var editor = document.createElement("div");
    editor.className = "markdown-editor";
    var panel = document.createElement("section");
    panel.className = "markdown-preview";
    panel.setAttribute("aria-label", "Preview");
    var label = document.createElement("p");
    label.className = "markdown-preview-label";
    label.textContent = "Preview";
    var output = document.createElement("div");
    output.className = "markdown-preview-body";
    output.setAttribute("aria-live", "polite");
    panel.appendChild(label);
    panel.appendChild(output);
    field.parentNode.insertBefore(editor, field);
    editor.appendChild(field);
    editor.appendChild(panel);

    var timer = null;
    var latest = 0;

    function show(ok, text) {
      panel.classList.toggle("is-error", !ok);
      if (ok) {
        output.innerHTML = text; // sanitised by the server (nh3)
      } else {
        output.textContent = text || "The preview is not available.";
      }
    }

    function refresh() {
      var request = ++latest;
      var body = new FormData();
      body.append("text", field.value);
      fetch(field.dataset.markdownPreviewUrl, {
        method: "POST",
        body: body,
        credentials: "same-origin",
        headers: { "X-CSRFToken": csrfToken(field) },
      })
        .then(function (response) {
          return response.text().then(function (text) {
            if (request === latest) {
              show(response.ok, response.ok ? text : text.slice(0, 300));
            }
          });
        })
        .catch(function () {
          if (request === latest) {
            show(false, "The preview is not available: the server could not be reached.");
          }
        });
    }

    field.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(refresh, DELAY_MS);
    });
    refresh();
  }

  function attachWithin(root) {
    root.querySelectorAll("textarea[data-markdown-preview-url]").forEach(attach);
  }

  document.addEventListener("DOMContentLoaded", function () {
    attachWithin(document);
  });
  document.addEventListener("formset:added", function (event) {
    attachWithin(event.target);
  });
})();
