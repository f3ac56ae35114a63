"use strict";
(function () {
  var main = document.getElementById("questionnaire");
  var form = document.getElementById("answers");
  var status = document.getElementById("status");
  var nameInput = document.getElementById("member-name");
  var mode = main.dataset.mode;
  var partnership = main.dataset.partnership;
  var fingerprint = main.dataset.fingerprint;
  var parts = main.dataset.parts.split(" ");
  var questions = Array.prototype.slice.call(form.querySelectorAll("fieldset[data-question]"));
  var storageKey = "partnerscope:" + fingerprint + ":" + partnership;
  var state = load(storageKey, { answers: {}, notes: {}, member: "" });
  var memberId = load("partnerscope:member-id", null) || newMemberId();
  var startedParts = {};

  function load(key, fallback) {
    try {
      var text = window.localStorage.getItem(key);
      return text === null ? fallback : JSON.parse(text);
    } catch (e) {
      return fallback;
    }
  }

  function store(key, value) {
    try {
      window.localStorage.setItem(key, JSON.stringify(value));
    } catch (e) {
      // Private browsing may refuse storage; the page still works, only without autosave.
    }
  }

  function newMemberId() {
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    var id = Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
    store("partnerscope:member-id", id);
    return id;
  }

  function restore() {
    nameInput.value = state.member || "";
    questions.forEach(function (fieldset) {
      var id = fieldset.dataset.question;
      var value = state.answers[id];
      if (value !== undefined) {
        var radio = fieldset.querySelector("input[type=radio][value=\"" + String(value).replace(/["\\]/g, "") + "\"]");
        if (radio) radio.checked = true;
        var text = fieldset.querySelector("textarea[name]");
        if (text) text.value = value;
      }
      var note = fieldset.querySelector("textarea[data-note]");
      if (note && state.notes[id]) note.value = state.notes[id];
    });
  }

  function read(fieldset) {
    var kind = fieldset.dataset.kind;
    if (kind === "text") {
      var text = fieldset.querySelector("textarea[name]").value;
      return text.trim() === "" ? undefined : text;
    }
    var checked = fieldset.querySelector("input[type=radio]:checked");
    if (!checked) return undefined;
    if (kind === "scale" && /^[0-9]+$/.test(checked.value)) return Number(checked.value);
    return checked.value;
  }

  // Answers to questions this page does not ask (another page for the same
  // partnership may) stay in storage untouched.
  function collectState() {
    state.member = nameInput.value;
    questions.forEach(function (fieldset) {
      var id = fieldset.dataset.question;
      delete state.answers[id];
      delete state.notes[id];
      var value = read(fieldset);
      if (value !== undefined) state.answers[id] = value;
      fieldset.classList.toggle("answered", value !== undefined);
      var note = fieldset.querySelector("textarea[data-note]");
      if (note && note.value.trim() !== "") state.notes[id] = note.value;
    });
  }

  // This page's answers and notes alone, as its answers file holds them.
  function onThisPage(all) {
    var mine = {};
    questions.forEach(function (fieldset) {
      var id = fieldset.dataset.question;
      if (all[id] !== undefined) mine[id] = all[id];
    });
    return mine;
  }

  function showProgress() {
    var answered = Object.keys(onThisPage(state.answers)).length;
    var bar = document.getElementById("progress");
    bar.max = questions.length;
    bar.value = answered;
    document.getElementById("progress-text").textContent = answered + " of " + questions.length + " questions";
    parts.forEach(function (part) {
      var inPart = questions.filter(function (q) { return q.dataset.part === part; });
      var done = inPart.filter(function (q) { return state.answers[q.dataset.question] !== undefined; });
      var line = main.querySelector("[data-part-progress=\"" + part + "\"]");
      if (line) line.textContent = done.length + " of " + inPart.length + " answered in this part";
    });
  }

  function changed(event) {
    collectState();
    store(storageKey, state);
    showProgress();
    var fieldset = event.target.closest ? event.target.closest("fieldset[data-question]") : null;
    if (fieldset && mode === "collect") tellStarted(fieldset.dataset.part);
  }

  function token() {
    return new URLSearchParams(window.location.search).get("t") || "";
  }

  function post(path, body) {
    return window.fetch(path + "?t=" + encodeURIComponent(token()), {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body),
      cache: "no-store",
      credentials: "omit",
      referrerPolicy: "no-referrer"
    });
  }

  // Lets the facilitator's live count show who has begun each part; once per part and page.
  function tellStarted(part) {
    if (startedParts[part]) return;
    startedParts[part] = true;
    post("started", { id: memberId, part: part }).catch(function () { startedParts[part] = false; });
  }

  function today() {
    var d = new Date();
    if (isNaN(d.getTime())) return main.dataset.date;
    var pad = function (n) { return ("0" + n).slice(-2); };
    return d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate());
  }

  function answersFile() {
    collectState();
    var doc = {
      schema_version: 1,
      content_fingerprint: fingerprint,
      partnership: partnership,
      date: today(),
      parts: parts,
      answers: onThisPage(state.answers),
      notes: onThisPage(state.notes)
    };
    if (state.member.trim() !== "") doc.member = state.member.trim();
    return doc;
  }

  function say(text, isError) {
    status.textContent = text;
    status.classList.toggle("error", Boolean(isError));
  }

  function slug(text) {
    return text.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 40) || "partnership";
  }

  function save() {
    var doc = answersFile();
    if (Object.keys(doc.answers).length === 0) {
      say("Answer at least one question first.", true);
      return;
    }
    var name = "answers-" + slug(partnership) + "-" + doc.date + "-" + memberId.slice(0, 8) + ".json";
    var blob = new Blob([JSON.stringify(doc, null, 2) + "\n"], { type: "application/json" });
    var link = document.createElement("a");
    link.href = URL.createObjectURL(blob);
    link.download = name;
    document.body.appendChild(link);
    link.click();
    link.remove();
    window.setTimeout(function () { URL.revokeObjectURL(link.href); }, 10000);
    say("Saved as " + name + ". Send this file to your facilitator.", false);
  }

  function send() {
    var doc = answersFile();
    if (Object.keys(doc.answers).length === 0) {
      say("Answer at least one question first.", true);
      return;
    }
    var button = document.getElementById("send");
    button.disabled = true;
    say("Sending…", false);
    post("submit", { id: memberId, answers: doc }).then(function (response) {
      return response.text().then(function (text) {
        if (response.ok) {
          var time = new Date().toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
          say("Sent at " + time + ". You can change your answers and send them again until the facilitator closes the collection.", false);
          button.textContent = "Send my changes";
        } else if (response.status === 429) {
          say("Too many tries from this device; wait a minute, then send again.", true);
        } else {
          say("Not sent: " + text, true);
        }
      });
    }).catch(function () {
      say("Could not reach the facilitator's computer. Your answers are kept on this device; try again.", true);
    }).then(function () {
      button.disabled = false;
    });
  }

  restore();
  collectState();
  showProgress();
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  form.addEventListener("change", changed);
  form.addEventListener("input", changed);
  nameInput.addEventListener("input", changed);
  document.getElementById("save").addEventListener("click", save);
  document.getElementById("send").addEventListener("click", send);
})();
