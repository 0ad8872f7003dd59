// The Job Manager's only script: local times, confirm dialogs, and a job page that follows its job by Server-Sent Events.
"use strict";

function localizeTimes(root) {
  for (const el of root.querySelectorAll("time[datetime]")) {
    const at = new Date(el.getAttribute("datetime"));
    if (!isNaN(at)) {
      el.textContent = at.toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
    }
  }
}

function confirmForms(root) {
  for (const form of root.querySelectorAll("form[data-confirm]")) {
    form.addEventListener("submit", (event) => {
      if (!window.confirm(form.getAttribute("data-confirm"))) {
        event.preventDefault();
      }
    });
  }
}

function followJob(live) {
  const panel = document.getElementById("job-panel");
  const log = document.getElementById("job-log");
  const events = new EventSource(live.getAttribute("data-events"));
  let shown = panel.querySelector("[data-status]")?.getAttribute("data-status");
  let refreshing = Promise.resolve();

  // Each state change brings the server-rendered panel again (outputs, timeline, buttons), in order.
  const refresh = () => {
    refreshing = refreshing.then(async () => {
      const response = await fetch(live.getAttribute("data-panel"), { credentials: "same-origin" });
      if (response.ok) {
        panel.innerHTML = await response.text();
        localizeTimes(panel);
        confirmForms(panel);
        shown = panel.querySelector("[data-status]")?.getAttribute("data-status");
      }
    }).catch(() => {});
  };

  events.addEventListener("status", (event) => {
    const data = JSON.parse(event.data);
    live.setAttribute("data-live-status", data.status);
    if (data.status !== shown) {
      refresh();
    }
  });
  events.addEventListener("log", (event) => {
    log.append(JSON.parse(event.data).text);
  });
  events.addEventListener("end", () => {
    events.close();
    live.setAttribute("data-live", "ended");
  });
  events.addEventListener("open", () => live.setAttribute("data-live", "open"));
}

document.addEventListener("DOMContentLoaded", () => {
  localizeTimes(document);
  confirmForms(document);
  const live = document.getElementById("job-live");
  if (live && live.getAttribute("data-terminal") === "false" && window.EventSource) {
    followJob(live);
  }
});

// New-job form: show only the chosen kind of code and the chosen platform's settings (hidden settings are disabled, so not sent).
function shapeNewJobForm(form) {
  const platform = form.querySelector("#hardware_platform");
  const kinds = form.querySelectorAll("input[name=code_kind]");
  const update = () => {
    const kind = form.querySelector("input[name=code_kind]:checked")?.value ?? "inline";
    for (const panel of form.querySelectorAll(".code-panel")) {
      panel.hidden = panel.getAttribute("data-kind") !== kind;
    }
    for (const set of form.querySelectorAll("fieldset.hw")) {
      const shown = set.getAttribute("data-platform") === platform.value;
      set.hidden = !shown;
      set.disabled = !shown;
    }
  };
  platform.addEventListener("change", update);
  for (const kind of kinds) {
    kind.addEventListener("change", update);
  }
  update();
}

// Job list: a change signal by Server-Sent Events brings the server-rendered rows again.
function followList(results) {
  const events = new EventSource(results.getAttribute("data-changes"));
  let refreshing = Promise.resolve();
  let refreshed = 0;
  events.addEventListener("change", () => {
    refreshing = refreshing.then(async () => {
      const response = await fetch(results.getAttribute("data-rows"), { credentials: "same-origin" });
      if (response.ok) {
        results.innerHTML = await response.text();
        localizeTimes(results);
        results.setAttribute("data-refreshed", String(++refreshed));
      }
    }).catch(() => {});
  });
  events.addEventListener("open", () => results.setAttribute("data-live", "open"));
}

document.addEventListener("DOMContentLoaded", () => {
  const form = document.getElementById("new-job");
  if (form) {
    shapeNewJobForm(form);
  }
  const results = document.getElementById("job-results");
  if (results && window.EventSource) {
    followList(results);
  }
});
