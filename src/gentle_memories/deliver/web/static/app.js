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

// The story viewer: a memory full screen, one shot at a time. The dialog's markup comes
// from the card's <template>; without this script the link opens the memory's page.
const TICK_MS = 100;
const SWIPE_PX = 50;
const TAP_MS = 250;
const FOCUSABLE = "button, [href], video[controls], [tabindex]:not([tabindex='-1'])";

document.addEventListener("click", (event) => {
  if (event.defaultPrevented || event.button !== 0) return;
  if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  const opener = event.target.closest("a[data-viewer], .items > li a");
  if (!opener) return;
  const card = opener.closest("article");
  const source = card && card.querySelector("template.viewer-source");
  if (!source) return;
  event.preventDefault();
  const item = opener.closest(".items > li");
  openViewer(source, opener, item ? [...item.parentElement.children].indexOf(item) : 0);
});

function openViewer(source, opener, first) {
  const dialog = source.content.firstElementChild.cloneNode(true);
  const shots = [...dialog.querySelectorAll(".viewer-shot")];
  const fills = [...dialog.querySelectorAll(".viewer-bar > span")];
  const status = dialog.querySelector(".viewer-status");
  const pauseButton = dialog.querySelector("[data-act='pause']");
  const interval = Number(source.dataset.interval) || 5000;
  const still =
    source.dataset.still !== undefined || matchMedia("(prefers-reduced-motion: reduce)").matches;
  // Each reason to wait is kept apart, so that leaving with the mouse does not undo a pause
  // the person chose with the button.
  const waiting = new Set(still ? ["chosen"] : []);
  let current = -1;
  let elapsed = 0;
  let last = performance.now();
  let press = null;

  const running = () => waiting.size === 0;
  const video = () => shots[current].querySelector("video");

  function show(index) {
    if (index < 0 || index >= shots.length) return;
    const leaving = current >= 0 && video();
    if (leaving) leaving.pause();
    current = index;
    elapsed = 0;
    shots.forEach((shot, i) => (shot.hidden = i !== index));
    const label = shots[index].dataset.label;
    status.textContent = `${label} ${index + 1} of ${shots.length}`;
    dialog.querySelector("[data-act='previous']").setAttribute("aria-disabled", index === 0);
    dialog
      .querySelector("[data-act='next']")
      .setAttribute("aria-disabled", index === shots.length - 1);
    wait("ended", false);
    draw();
  }

  function play() {
    const v = video();
    if (!v) return;
    if (running()) v.play().catch(() => {});
    else v.pause();
  }

  function wait(reason, on) {
    if (on) waiting.add(reason);
    else waiting.delete(reason);
    pauseButton.textContent = waiting.has("chosen") || waiting.has("ended") ? "Play" : "Pause";
    dialog.classList.toggle("waiting", !running());
    last = performance.now();
    play();
  }

  function fraction() {
    const v = video();
    if (v && !v.error && Number.isFinite(v.duration) && v.duration > 0) {
      return v.currentTime / v.duration;
    }
    return elapsed / interval;
  }

  function draw() {
    const done = Math.min(fraction(), 1);
    fills.forEach((fill, i) => {
      fill.style.transform = `scaleX(${i < current ? 1 : i === current ? done : 0})`;
    });
  }

  function tick() {
    const now = performance.now();
    if (running()) {
      elapsed += now - last;
      if (fraction() >= 1 && !(video() && !video().error && !video().ended)) {
        if (current < shots.length - 1) show(current + 1);
        else wait("ended", true);
      }
    }
    last = now;
    draw();
  }

  function onKey(event) {
    if (event.key === "ArrowRight") show(current + 1);
    else if (event.key === "ArrowLeft") show(current - 1);
    else if (event.key === "Tab") {
      const inside = [...dialog.querySelectorAll(FOCUSABLE)].filter((el) => el.offsetParent);
      const at = inside.indexOf(document.activeElement);
      const next = event.shiftKey ? (at <= 0 ? inside.length - 1 : at - 1) : (at + 1) % inside.length;
      inside[next].focus();
    } else return;
    event.preventDefault();
  }

  function onVisibility() {
    wait("hidden", document.hidden);
  }

  dialog.addEventListener("keydown", onKey);
  dialog.addEventListener("click", (event) => {
    const act = event.target.closest("[data-act]");
    if (!act) return;
    const what = act.dataset.act;
    if (what === "close") dialog.close();
    else if (what === "previous") show(current - 1);
    else if (what === "next") show(current + 1);
    else if (what === "pause" && waiting.has("ended")) show(0);
    else if (what === "pause") wait("chosen", !waiting.has("chosen"));
  });
  const stage = dialog.querySelector(".viewer-shots");
  stage.addEventListener("pointerenter", (e) => e.pointerType === "mouse" && wait("hover", true));
  stage.addEventListener("pointerleave", (e) => e.pointerType === "mouse" && wait("hover", false));
  stage.addEventListener("pointerdown", (event) => {
    if (event.target.closest("video") || event.button !== 0) return;
    press = { x: event.clientX, y: event.clientY, at: performance.now() };
    wait("held", true);
  });
  const release = (event) => {
    if (!press) return;
    const dx = event.clientX - press.x;
    const dy = event.clientY - press.y;
    const quick = performance.now() - press.at < TAP_MS;
    press = null;
    wait("held", false);
    if (event.type !== "pointerup") return;
    if (Math.abs(dx) > SWIPE_PX && Math.abs(dx) > Math.abs(dy)) show(current + (dx < 0 ? 1 : -1));
    else if (quick && Math.hypot(dx, dy) < 10) wait("chosen", !waiting.has("chosen"));
  };
  stage.addEventListener("pointerup", release);
  stage.addEventListener("pointercancel", release);
  shots.forEach((shot) => {
    const v = shot.querySelector("video");
    if (v) v.addEventListener("ended", () => shot === shots[current] && tick());
  });
  document.addEventListener("visibilitychange", onVisibility);
  const timer = setInterval(tick, TICK_MS);

  dialog.addEventListener("close", () => {
    clearInterval(timer);
    document.removeEventListener("visibilitychange", onVisibility);
    if (video()) video().pause();
    dialog.remove();
    document.documentElement.classList.remove("viewing");
    if (opener.isConnected) opener.focus();
  });

  document.body.append(dialog);
  document.documentElement.classList.add("viewing");
  dialog.showModal();
  dialog.focus();
  show(first);
  wait("hidden", document.hidden);
}
