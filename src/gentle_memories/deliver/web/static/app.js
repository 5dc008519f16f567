// Actions without a full page load: post the form, then put the page it leads to in place
// and move focus to what changed. Without this script every form works as a plain form.
"use strict";

document.addEventListener("submit", async (event) => {
  const form = event.target;
  // getAttribute, not form.action: a field named "action" would shadow the property.
  const target = form.getAttribute("action");
  if (form.getAttribute("method") !== "post" || form.dataset.plain !== undefined) return;
  event.preventDefault();
  if (event.submitter) event.submitter.disabled = true;
  let response;
  try {
    response = await fetch(target, {
      method: "POST",
      body: new URLSearchParams(new FormData(form)),
      credentials: "same-origin",
    });
  } catch {
    form.submit();
    return;
  }
  const next = new DOMParser().parseFromString(await response.text(), "text/html");
  const main = next.querySelector("main");
  if (!main) {
    form.submit();
    return;
  }
  document.querySelector("main").replaceWith(main);
  document.title = next.title;
  history.replaceState(null, "", response.url);
  (main.querySelector(".notice") || main).focus();
});
