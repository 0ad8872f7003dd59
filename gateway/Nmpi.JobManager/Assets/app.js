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
