// Participant rows of the session admin: the "Affiliation" list offers only the
// affiliations of the person chosen in the same row (options carry data-speaker), and
// forgets a choice that belongs to someone else. The server refuses such a choice anyway.
// A person added through the "+" popup came after the page: their affiliations are fetched
// (data-affiliations-url) and added to every row's list.
(function () {
  "use strict";

  const fetched = new Set();

  function addAffiliations(speakerId, affiliations) {
    document.querySelectorAll('select[name$="-affiliation"]').forEach(function (select) {
      for (const affiliation of affiliations) {
        if (select.querySelector('option[value="' + affiliation.id + '"]')) continue;
        const option = new Option(affiliation.label, affiliation.id);
        option.dataset.speaker = speakerId;
        select.add(option);
      }
    });
  }

  function fetchAffiliations(row, speakerId, affiliation) {
    const url = affiliation.dataset.affiliationsUrl;
    if (!url || fetched.has(speakerId)) return;
    fetched.add(speakerId);
    fetch(url + "?speaker=" + encodeURIComponent(speakerId), { credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : { affiliations: [] }; })
      .then(function (data) {
        addAffiliations(speakerId, data.affiliations);
        limit(row);
      });
  }

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
    if (!event.target.matches || !event.target.matches('select[name$="-speaker"]')) return;
    const row = event.target.closest("tr");
    const affiliation = row && row.querySelector('select[name$="-affiliation"]');
    const speakerId = event.target.value;
    if (affiliation && speakerId) {
      const known = [...affiliation.options].some(function (option) {
        return option.dataset.speaker === speakerId;
      });
      if (!known) fetchAffiliations(row, speakerId, affiliation);
    }
    limit(row);
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
