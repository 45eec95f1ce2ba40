// Participant rows of the session admin: the "Affiliation" list offers only the
// affiliations of the person chosen in the same row (options carry data-speaker), and
// forgets a choice that belongs to someone else. The server refuses such a choice anyway.
(function () {
  "use strict";

  function limit(row) {
    if (!row) return;
    const speaker = row.querySelector('select[name$="-speaker"]');
    const affiliation = row.querySelector('select[name$="-affiliation"]');
    if (!speaker || !affiliation) return;
    for (const option of affiliation.options) {
      if (!option.value) continue;
      const theirs = option.dataset.speaker === speaker.value;
      option.hidden = !theirs;
      option.disabled = !theirs;
      if (!theirs && option.selected) affiliation.value = "";
    }
  }

  function onSpeakerChange(event) {
    if (event.target.matches && event.target.matches('select[name$="-speaker"]')) {
      limit(event.target.closest("tr"));
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll('select[name$="-affiliation"]').forEach(function (select) {
      limit(select.closest("tr"));
    });
    // The person field is an admin autocomplete (Select2), which reports through jQuery.
    if (window.django && window.django.jQuery) {
      window.django.jQuery(document).on("change", 'select[name$="-speaker"]', onSpeakerChange);
    }
  });
  document.addEventListener("change", onSpeakerChange);
  document.addEventListener("formset:added", function (event) {
    limit(event.target.closest ? event.target.closest("tr") || event.target : event.target);
  });
})();
