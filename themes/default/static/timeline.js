/* Dateline timeline enhancements: filter by actor, tag and source, full-text search,
   keyboard navigation (j/k), and the filter state kept in the URL. The page works without it. */
(function () {
  "use strict";
  var list = document.querySelectorAll(".timeline .event");
  var box = document.getElementById("filters");
  if (!list.length || !box) { return; }
  var events = Array.prototype.slice.call(list);
  var groups = Array.prototype.slice.call(document.querySelectorAll(".timeline .group"));
  var titles = {};
  events.forEach(function (e) {
    e.querySelectorAll(".sources a[href*='articles/']").forEach(function (a) {
      var slug = (a.getAttribute("href").match(/articles\/([^/]+)\//) || [])[1];
      if (slug) { titles[slug] = a.textContent; }
    });
  });

  function values(attr) {
    var seen = {};
    events.forEach(function (e) {
      (e.getAttribute(attr) || "").split("|").forEach(function (v) { if (v) { seen[v] = true; } });
    });
    return Object.keys(seen).sort(function (a, b) { return a.localeCompare(b); });
  }
  function select(name, label, options, names) {
    var wrap = document.createElement("label");
    wrap.textContent = label;
    var s = document.createElement("select");
    s.name = name;
    var all = document.createElement("option");
    all.value = ""; all.textContent = "All";
    s.appendChild(all);
    options.forEach(function (v) {
      var o = document.createElement("option");
      o.value = v; o.textContent = names ? (names[v] || v) : v;
      s.appendChild(o);
    });
    wrap.appendChild(s);
    box.appendChild(wrap);
    return s;
  }
  var searchLabel = document.createElement("label");
  searchLabel.textContent = "Search events";
  var search = document.createElement("input");
  search.type = "search"; search.name = "q"; search.placeholder = "word or name";
  searchLabel.appendChild(search);
  box.appendChild(searchLabel);
  var actor = select("actor", "Person or organisation", values("data-actors"));
  var tag = select("tag", "Tag", values("data-tags"));
  var source = select("source", "Source", values("data-sources"), titles);
  var reset = document.createElement("button");
  reset.type = "button"; reset.textContent = "Show all";
  box.appendChild(reset);
  var status = document.createElement("p");
  status.className = "status"; status.setAttribute("role", "status"); status.setAttribute("aria-live", "polite");
  box.appendChild(status);
  box.hidden = false;
  var texts = events.map(function (e) { return e.textContent.toLowerCase(); });

  function has(e, attr, v) { return !v || (e.getAttribute(attr) || "").split("|").indexOf(v) >= 0; }
  function apply(push) {
    var q = search.value.trim().toLowerCase();
    var shown = 0;
    events.forEach(function (e, i) {
      var ok = has(e, "data-actors", actor.value) && has(e, "data-tags", tag.value) &&
        has(e, "data-sources", source.value) && (!q || texts[i].indexOf(q) >= 0);
      e.hidden = !ok;
      if (ok) { shown += 1; }
    });
    groups.forEach(function (g) { g.hidden = !g.querySelector(".event:not([hidden])"); });
    status.textContent = shown === events.length ? events.length + " events" :
      "Showing " + shown + " of " + events.length + " events";
    if (push) {
      var params = new URLSearchParams();
      [["q", search.value.trim()], ["actor", actor.value], ["tag", tag.value], ["source", source.value]]
        .forEach(function (p) { if (p[1]) { params.set(p[0], p[1]); } });
      var query = params.toString();
      history.replaceState(null, "", location.pathname + (query ? "?" + query : "") + location.hash);
    }
  }
  function load() {
    var params = new URLSearchParams(location.search);
    search.value = params.get("q") || "";
    [actor, tag, source].forEach(function (s) {
      var v = params.get(s.name) || "";
      s.value = Array.prototype.some.call(s.options, function (o) { return o.value === v; }) ? v : "";
    });
    apply(false);
  }
  [actor, tag, source].forEach(function (s) { s.addEventListener("change", function () { apply(true); }); });
  search.addEventListener("input", function () { apply(true); });
  reset.addEventListener("click", function () {
    search.value = ""; actor.value = ""; tag.value = ""; source.value = ""; apply(true);
  });

  var current = -1;
  function move(step) {
    var visible = events.filter(function (e) { return !e.hidden; });
    if (!visible.length) { return; }
    var at = visible.indexOf(events[current]);
    var next = visible[Math.max(0, Math.min(visible.length - 1, at < 0 ? 0 : at + step))];
    if (events[current]) { events[current].classList.remove("current"); }
    current = events.indexOf(next);
    next.classList.add("current");
    next.focus();
  }
  document.addEventListener("keydown", function (ev) {
    var t = ev.target;
    if (ev.altKey || ev.ctrlKey || ev.metaKey || /^(INPUT|SELECT|TEXTAREA)$/.test(t.tagName)) { return; }
    if (ev.key === "j" || ev.key === "ArrowDown" && t.classList.contains("event")) { ev.preventDefault(); move(1); }
    else if (ev.key === "k" || ev.key === "ArrowUp" && t.classList.contains("event")) { ev.preventDefault(); move(-1); }
    else if (ev.key === "/") { ev.preventDefault(); search.focus(); }
  });
  load();
})();
