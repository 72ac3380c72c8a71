/* chainmap report: search, highlight in the diagram, sort and filter the weak links.
   Every text from the declarations is written with textContent, never as HTML. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("cm-data").textContent);
  var words = data.words;
  var svg = document.querySelector("#cm-diagram svg");
  var figure = document.getElementById("cm-diagram");
  var selection = document.getElementById("cm-selection");
  var nodeElements = {};
  var edgeElements = [];

  /* Numbers are grouped as the report's language does (10,000 / 10 000). */
  function format(text, values) {
    return text.replace(/\{(\w+)\}/g, function (whole, key) {
      if (!(key in values)) { return whole; }
      return typeof values[key] === "number" ? values[key].toLocaleString(document.documentElement.lang || undefined) : String(values[key]);
    });
  }
  function element(tag, className, text) {
    var made = document.createElement(tag);
    if (className) { made.className = className; }
    if (text !== undefined && text !== null) { made.textContent = text; }
    return made;
  }
  function say(key, values) {
    var text = words[key];
    if (Array.isArray(text)) {
      var one = words.plural === "fr" ? values.n <= 1 : values.n === 1;
      text = text[one ? 0 : 1];
    }
    return format(text, values || {});
  }
  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  /* Diagram. The drawing itself never changes: a highlight is drawn on a second SVG laid
     over it (a white veil, then copies of the lit teams and links), so its cost follows the
     size of the highlight, not of the diagram, and a 500-team drawing is never repainted.
     The overlay lets clicks through, except on the copies. */
  var SVG_NS = "http://www.w3.org/2000/svg";
  var overlay = null;
  var layer = null;
  if (svg) {
    Array.prototype.forEach.call(svg.querySelectorAll("g.node"), function (g) {
      nodeElements[g.id] = g;
      if (data.nodes[g.id]) { g.classList.add("cm-pick"); }
      if (data.nodes[g.id] && !data.nodes[g.id].end) { g.classList.add("cm-team"); }
    });
    Array.prototype.forEach.call(svg.querySelectorAll("g.edge"), function (g) {
      edgeElements.push({ g: g, s: g.getAttribute("data-s"), c: g.getAttribute("data-c") });
    });
  }

  function buildOverlay() {
    var box = svg.viewBox.baseVal, graph = svg.querySelector("g.graph");
    var veil = document.createElementNS(SVG_NS, "rect"), legend;
    overlay = document.createElementNS(SVG_NS, "svg");
    overlay.setAttribute("viewBox", svg.getAttribute("viewBox"));
    overlay.setAttribute("class", "cm-overlay");
    overlay.setAttribute("aria-hidden", "true");
    veil.setAttribute("class", "cm-veil");
    ["x", "y", "width", "height"].forEach(function (key) { veil.setAttribute(key, String(box[key])); });
    layer = document.createElementNS(SVG_NS, "g");
    if (graph) { layer.setAttribute("transform", graph.getAttribute("transform")); }
    overlay.appendChild(veil);
    legend = document.getElementById("cm-legend");
    if (legend && graph) {
      legend = copy(legend, []);
      legend.setAttribute("transform", graph.getAttribute("transform"));
      legend.setAttribute("class", "cm-legend-copy");
      overlay.appendChild(legend);
    }
    overlay.appendChild(layer);
    figure.appendChild(overlay);
    applyZoom();
  }
  function copy(original, classes) {
    var clone = original.cloneNode(true);
    clone.removeAttribute("id");
    Array.prototype.forEach.call(clone.querySelectorAll("[id]"), function (inner) { inner.removeAttribute("id"); });
    clone.setAttribute("data-ref", original.id);
    classes.forEach(function (name) { clone.classList.add(name); });
    return clone;
  }
  /* The drawn box of a team or end client: its own, or (in the department overview) the
     box of its department. */
  function boxOf(id) {
    if (nodeElements[id]) { return id; }
    return data.boxes && nodeElements[data.boxes[id]] ? data.boxes[id] : null;
  }
  function draw(nodes, edges) {
    var fragment = document.createDocumentFragment(), boxes = {};
    if (!svg) { return; }
    if (!overlay) { buildOverlay(); }
    /* A lit link keeps its own look (weak links dashed, orange or purple, their scores
       legible): a broad halo of the highlight's colour is drawn under a copy of it. */
    edges.forEach(function (edge) { fragment.appendChild(copy(edge[0], edge[1].concat(["cm-halo"]))); });
    edges.forEach(function (edge) { fragment.appendChild(copy(edge[0], ["cm-lit"])); });
    /* Several teams share a department's box: the selected one's classes win. */
    Object.keys(nodes).forEach(function (id) {
      var box = boxOf(id);
      if (box && (!boxes[box] || nodes[id].length > boxes[box].length)) { boxes[box] = nodes[id]; }
    });
    Object.keys(boxes).forEach(function (box) { fragment.appendChild(copy(nodeElements[box], boxes[box])); });
    layer.textContent = "";
    layer.appendChild(fragment);
    overlay.style.display = "";
  }
  function clearHighlight() {
    if (overlay) { overlay.style.display = "none"; layer.textContent = ""; }
  }
  /* Everything reached from `starts` (one id or several), and how many beyond them. */
  function reach(starts, adjacency) {
    var queue = [].concat(starts), seen = {}, index, next, i;
    queue.forEach(function (id) { seen[id] = true; });
    for (index = 0; index < queue.length; index += 1) {
      next = adjacency[queue[index]] || [];
      for (i = 0; i < next.length; i += 1) {
        if (!seen[next[i]]) { seen[next[i]] = true; queue.push(next[i]); }
      }
    }
    return { set: seen, count: queue.length - [].concat(starts).length };
  }
  function chainPairs(chain) {
    var pairs = {}, i;
    for (i = 0; chain && i + 1 < chain.length; i += 1) { pairs[chain[i] + ">" + chain[i + 1]] = true; }
    return pairs;
  }
  /* Light up the nodes of `down` and `up`, the links among them (or, with chainOnly, only
     the links of `chain`), and mark `selected`. */
  function lightUp(down, up, chain, selected, chainOnly) {
    var pairs = chainPairs(chain), nodes = {}, edges = [];
    if (data.boxes) { lightBoxes(down, up, chain, selected, chainOnly); return; }
    Object.keys(down).concat(Object.keys(up)).forEach(function (id) { nodes[id] = ["cm-on"]; });
    selected.forEach(function (id) { nodes[id] = ["cm-on", "cm-sel"]; });
    edgeElements.forEach(function (edge) {
      var classes = null;
      if (pairs[edge.s + ">" + edge.c]) { classes = ["cm-on", "cm-down", "cm-chain"]; }
      else if (chainOnly) { return; }
      else if (down[edge.s] && down[edge.c]) { classes = ["cm-on", "cm-down"]; }
      else if (up[edge.s] && up[edge.c]) { classes = ["cm-on", "cm-up"]; }
      if (classes) { edges.push([edge.g, classes]); }
    });
    draw(nodes, edges);
  }
  /* Scroll the frame to the selection: its shortest chain, boxes at both ends of each lit
     chain arrow included, when that fits in the frame, else the selected box. */
  function reveal(id) {
    var target = nodeElements[boxOf(id)], box, frame, left, top;
    if (!target || !figure) { return; }
    box = area([target].concat(Array.prototype.concat.apply([], Array.prototype.map.call(
      layer ? layer.querySelectorAll("g.cm-chain") : [], function (edge) {
        return [edge, nodeElements[edge.getAttribute("data-s")], nodeElements[edge.getAttribute("data-c")]];
      }))));
    if (box.right - box.left > figure.clientWidth || box.bottom - box.top > figure.clientHeight) { box = area([target]); }
    frame = figure.getBoundingClientRect();
    left = frame.left + figure.clientLeft;
    top = frame.top + figure.clientTop;
    if (box.left < left || box.right > left + figure.clientWidth) { figure.scrollLeft += (box.left + box.right) / 2 - left - figure.clientWidth / 2; }
    if (box.top < top || box.bottom > top + figure.clientHeight) { figure.scrollTop += (box.top + box.bottom) / 2 - top - figure.clientHeight / 2; }
  }
  function area(elements) {
    var box = { left: Infinity, top: Infinity, right: -Infinity, bottom: -Infinity };
    elements.forEach(function (element) {
      if (!element) { return; }
      var rect = element.getBoundingClientRect();
      box = { left: Math.min(box.left, rect.left), top: Math.min(box.top, rect.top),
              right: Math.max(box.right, rect.right), bottom: Math.max(box.bottom, rect.bottom) };
    });
    return box;
  }

  /* The selection panel: what is highlighted, in words. */
  function chainList(chain) {
    var list = element("ol", "chain");
    chain.forEach(function (id, index) {
      var node = data.nodes[id] || { name: id };
      if (index) { list.appendChild(element("li", "step", "→")).setAttribute("aria-hidden", "true"); }
      list.appendChild(element("li", node.end ? "end" : "", node.name));
    });
    return list;
  }
  function chainBlock(panel, chain) {
    if (!chain) { panel.appendChild(element("p", "", words.no_chain)); return; }
    panel.appendChild(element("p", "", say("chain", { n: chain.length - 1 })));
    panel.appendChild(chainList(chain));
  }
  function openPanel(title, sub) {
    selection.textContent = "";
    selection.hidden = false;
    var heading = element("h3", "", title);
    if (sub) { heading.appendChild(document.createTextNode(" ")); heading.appendChild(element("span", "sub", sub)); }
    selection.appendChild(heading);
    return selection;
  }
  /* A sentence that names a highlight's colour ("in gold", "in blue"), after a sample of
     its line: the panel's legend of the diagram's highlight. */
  function keyed(panel, kind, text) {
    var line = panel.appendChild(element("p", "keyed"));
    line.appendChild(element("span", "cm-key " + kind)).setAttribute("aria-hidden", "true");
    line.appendChild(document.createTextNode(text));
  }
  function closePanel() { selection.hidden = true; selection.textContent = ""; }

  function downstreamWords(down, start) {
    var teams = 0, clients = [];
    Object.keys(down).forEach(function (id) {
      var node = data.nodes[id];
      if (!node || id === start) { return; }
      if (node.end) { clients.push(node.name); } else { teams += 1; }
    });
    clients = clients.join(", ");
    return teams ? say("downstream", { n: teams, clients: clients }) : say("direct", { clients: clients });
  }
  /* A team's shortest chain, rebuilt by following each node's next id on it: the data holds
     no chain in full (on a chain of 10,000 teams, that would be 50 million ids). */
  function chainOf(id) {
    var chain;
    if (!data.nodes[id] || !data.nodes[id].next) { return null; }
    chain = [id];
    while (data.nodes[id] && data.nodes[id].next) { id = data.nodes[id].next; chain.push(id); }
    return chain;
  }
  function selectNode(id) {
    var node = data.nodes[id], chain = chainOf(id), down, up, panel;
    if (!node) { return; }
    lastSelected = id;
    down = reach(id, data.succ);
    up = reach(id, data.pred);
    lightUp(down.set, up.set, chain, [id], false);
    if (node.end) {
      panel = openPanel(node.name, words.end_client);
      keyed(panel, "up", say("is_end", { n: up.count }));
    } else {
      panel = openPanel(node.name, [node.dept, say("members", { n: node.members })].filter(Boolean).join(" · "));
      chainBlock(panel, chain);
      if (chain) { keyed(panel, "down", downstreamWords(down.set, id)); }
      if (up.count) { keyed(panel, "up", say("upstream", { n: up.count })); } else { panel.appendChild(element("p", "", words.nothing_upstream)); }
    }
    if (svg) { panel.appendChild(element("p", "hint", words.clear_hint)); }
    reveal(id);
  }
  function selectWorker(worker) {
    var chainSet = {}, chain = chainOf(worker.start), teamNames, panel;
    lastSelected = worker.teams[0];
    (chain || []).forEach(function (id) { chainSet[id] = true; });
    lightUp(chainSet, {}, chain, worker.teams, true);
    teamNames = worker.teams.map(function (id) { return data.nodes[id].name; }).join(", ");
    panel = openPanel(worker.name, words.worker);
    panel.appendChild(element("p", "", format(words.worker_in, { name: worker.name, teams: teamNames })));
    chainBlock(panel, chain);
    if (svg) { panel.appendChild(element("p", "hint", words.clear_hint)); }
    reveal(worker.teams[0]);
  }
  function clearAll() { clearHighlight(); closePanel(); lastSelected = null; }

  /* The department overview: a click on a department's box selects all its teams at once,
     lights the departments their work flows through and those that feed them, and offers
     the department's weak links in the table. */
  var departmentTeams = {};
  if (data.boxes) {
    Object.keys(data.boxes).forEach(function (id) {
      if (data.nodes[id] && !data.nodes[id].end) { (departmentTeams[data.boxes[id]] = departmentTeams[data.boxes[id]] || []).push(id); }
    });
    Object.keys(departmentTeams).forEach(function (box) { if (nodeElements[box]) { nodeElements[box].classList.add("cm-pick"); } });
  }
  /* The box an end client is drawn in, seen from a department's box: its own (the overview
     draws each end client once); a department's own box of end clients, "<box>c", if any. */
  function endBoxOf(fromBox, id) {
    return boxOf(id) || (nodeElements[fromBox + "c"] ? fromBox + "c" : null);
  }
  /* The department arrows that the links among `set` follow, as "box>box" keys, and the
     boxes at their ends: an arrow lights up only when a link of this flow runs along it. */
  /* (With `only`, a set of "team>team" keys, just the links among those.) */
  function flowAlongArrows(set, only) {
    var pairs = {}, boxes = {};
    Object.keys(set).forEach(function (from) {
      var start = boxOf(from);
      if (!start) { return; }
      boxes[start] = true;
      (data.succ[from] || []).forEach(function (to) {
        var end = set[to] && (!only || only[from + ">" + to]) ? (data.nodes[to] && data.nodes[to].end ? endBoxOf(start, to) : boxOf(to)) : null;
        if (end && end !== start) { pairs[start + ">" + end] = true; boxes[end] = true; }
      });
    });
    return { pairs: pairs, boxes: boxes };
  }
  /* lightUp in the overview: the teams and links of a selection are drawn as the boxes and
     arrows that stand for them, the end clients' boxes included (a team's own link to an end
     client runs along its department's arrow to the end clients). */
  function lightBoxes(down, up, chain, selected, chainOnly) {
    var inChain = {}, nodes = {}, edges = [], along, downstream, upstream;
    (chain || []).forEach(function (id) { inChain[id] = true; });
    along = flowAlongArrows(inChain, chainPairs(chain));
    downstream = chainOnly ? along : flowAlongArrows(down);
    upstream = chainOnly ? { pairs: {}, boxes: {} } : flowAlongArrows(up);
    [along, downstream, upstream].forEach(function (flow) {
      Object.keys(flow.boxes).forEach(function (box) { nodes[box] = ["cm-on"]; });
    });
    selected.forEach(function (id) { if (boxOf(id)) { nodes[boxOf(id)] = ["cm-on", "cm-sel"]; } });
    edgeElements.forEach(function (edge) {
      var key = edge.s + ">" + edge.c;
      if (along.pairs[key]) { edges.push([edge.g, ["cm-on", "cm-down", "cm-chain"]]); }
      else if (downstream.pairs[key]) { edges.push([edge.g, ["cm-on", "cm-down"]]); }
      else if (upstream.pairs[key]) { edges.push([edge.g, ["cm-on", "cm-up"]]); }
    });
    draw(nodes, edges);
  }
  function selectDepartment(box) {
    var teams = departmentTeams[box], down = reach(teams, data.succ), up = reach(teams, data.pred);
    var first = data.nodes[teams[0]], name = first.dept || words.no_department, clients = [], workers = 0, panel;
    lastSelected = box;
    lightBoxes(down.set, up.set, null, [box], false);
    teams.forEach(function (id) { workers += data.nodes[id].members; });
    Object.keys(down.set).forEach(function (id) { if (data.nodes[id] && data.nodes[id].end) { clients.push(data.nodes[id].name); } });
    panel = openPanel(name, [say("teams", { n: teams.length }), say("members", { n: workers })].join(" · "));
    if (clients.length) { keyed(panel, "down", format(words.dept_reaches, { clients: clients.sort().join(", ") })); }
    else { panel.appendChild(element("p", "", words.no_chain)); }
    if (up.count) { keyed(panel, "up", say("dept_upstream", { n: up.count })); } else { panel.appendChild(element("p", "", words.nothing_upstream)); }
    departmentFilterButton(panel, first.dept);
    panel.appendChild(element("p", "hint", words.clear_hint));
  }
  /* A button that shows the department's weak links in the table (when it has some). */
  function departmentFilterButton(panel, dept) {
    var filter = document.querySelector("select[data-filter=dept]"), option = null, button;
    if (!filter || !dept) { return; }
    Array.prototype.forEach.call(filter.options, function (o) { if (o.value && o.textContent === dept) { option = o; } });
    if (!option) { panel.appendChild(element("p", "", words.dept_no_weak)); return; }
    button = panel.appendChild(element("p")).appendChild(element("button", "cm-show-weak", words.dept_show_weak));
    button.type = "button";
    button.addEventListener("click", function () {
      filter.value = option.value;
      filter.dispatchEvent(new Event("change"));
      document.getElementById("cm-findings").scrollIntoView({ behavior: "smooth", block: "start" });
    });
  }

  if (svg) {
    figure.addEventListener("click", function (event) {
      var group = event.target.closest ? event.target.closest("g.node") : null;
      var id = group ? group.getAttribute("data-ref") || group.id : null;
      if (id && data.nodes[id]) { selectNode(id); }
      else if (id && departmentTeams[id]) { selectDepartment(id); }
      else { clearAll(); }
    });
  }
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && document.activeElement !== searchBox) { clearAll(); }
  });

  /* Search: teams, end clients and workers, by any part of the name, accents ignored. */
  var searchBox = document.getElementById("cm-search");
  var results = document.getElementById("cm-results");
  var entries = [];
  var active = -1;
  var shownEntries = [];
  Object.keys(data.nodes).forEach(function (id) {
    var node = data.nodes[id];
    entries.push({ key: fold(node.name + " " + node.id), name: node.name, detail: node.end ? words.end_client : (node.dept || words.team), node: id });
  });
  /* A worker's row is [name, id, teams], and the team their chain starts from when it is
     not their first team. */
  function workerOf(row) {
    return { name: row[0], id: row[1], teams: row[2], start: row.length > 3 ? row[3] : row[2][0] };
  }
  data.workers.forEach(function (row) {
    var worker = workerOf(row);
    var teams = worker.teams.map(function (id) { return data.nodes[id].name; }).join(", ");
    entries.push({ key: fold(worker.name + " " + worker.id), name: worker.name, detail: words.worker + " · " + teams, worker: worker });
  });

  function closeResults() { results.hidden = true; searchBox.setAttribute("aria-expanded", "false"); active = -1; }
  function choose(entry) {
    if (!entry) { return; }
    searchBox.value = entry.name;
    closeResults();
    if (entry.worker) { selectWorker(entry.worker); } else { selectNode(entry.node); }
  }
  function setActive(index) {
    var items = results.querySelectorAll("li[role=option]");
    if (!items.length) { return; }
    active = (index + items.length) % items.length;
    Array.prototype.forEach.call(items, function (item, i) { item.setAttribute("aria-selected", i === active ? "true" : "false"); });
    items[active].scrollIntoView({ block: "nearest" });
    searchBox.setAttribute("aria-activedescendant", items[active].id);
  }
  function search() {
    var query = fold(searchBox.value.trim()), starts = [], contains = [], limit = 12;
    results.textContent = "";
    active = -1;
    if (!query) { closeResults(); return; }
    entries.forEach(function (entry) {
      var at = entry.key.indexOf(query);
      if (at === 0 || (at > 0 && entry.key.charAt(at - 1) === " ")) { starts.push(entry); } else if (at > 0) { contains.push(entry); }
    });
    shownEntries = starts.concat(contains);
    shownEntries.slice(0, limit).forEach(function (entry, i) {
      var item = element("li");
      item.id = "cm-result-" + i;
      item.setAttribute("role", "option");
      item.appendChild(element("span", "name", entry.name));
      item.appendChild(element("span", "kind", entry.detail));
      item.addEventListener("mousedown", function (event) { event.preventDefault(); choose(entry); });
      results.appendChild(item);
    });
    if (!shownEntries.length) { results.appendChild(element("li", "empty", format(words.no_match, { q: searchBox.value.trim() }))); }
    if (shownEntries.length > limit) { results.appendChild(element("li", "empty", format(words.more, { n: shownEntries.length - limit }))); }
    results.hidden = false;
    searchBox.setAttribute("aria-expanded", "true");
  }
  searchBox.addEventListener("input", search);
  searchBox.addEventListener("focus", function () { if (searchBox.value.trim()) { search(); } });
  searchBox.addEventListener("blur", closeResults);
  searchBox.addEventListener("keydown", function (event) {
    if (event.key === "ArrowDown") { event.preventDefault(); if (results.hidden) { search(); } setActive(active + 1); }
    else if (event.key === "ArrowUp") { event.preventDefault(); setActive(active - 1); }
    else if (event.key === "Enter") { event.preventDefault(); choose(shownEntries[active < 0 ? 0 : active]); }
    else if (event.key === "Escape") { if (results.hidden) { searchBox.value = ""; clearAll(); } closeResults(); }
  });

  /* Zoom. The diagram opens at reading size, the names in its boxes READABLE_PX high at
     least, and the frame scrolls, or is dragged, to the rest: fitted to the page, a hospital's
     names were 7 px high and a large group's departments 5. "See the whole diagram" fits all
     of it in the frame, and the same button ("Zoom in to read") goes back; a drawing readable
     whole opens whole. + and − scale it about the middle of the view. */
  var READABLE_PX = 13;
  var zoom = 1, readable = 1, lastSelected = null;
  var fitButton = document.getElementById("cm-fit"), panHint = document.getElementById("cm-pan-hint");
  function natural() { var box = svg.viewBox.baseVal; return box && box.width ? box.width * 4 / 3 : figure.clientWidth; }
  function naturalHeight() { var box = svg.viewBox.baseVal; return box && box.height ? box.height * 4 / 3 : figure.clientHeight; }
  /* The size of the boxes' names, in the drawing's units: the median of each box's largest text. */
  function nameSize() {
    var sizes = [];
    Object.keys(nodeElements).forEach(function (id) {
      var largest = 0;
      Array.prototype.forEach.call(nodeElements[id].querySelectorAll("text"), function (text) {
        largest = Math.max(largest, parseFloat(text.getAttribute("font-size")) || 0);
      });
      if (largest) { sizes.push(largest); }
    });
    sizes.sort(function (a, b) { return a - b; });
    return sizes.length ? sizes[Math.floor(sizes.length / 2)] : 14;
  }
  /* The zoom that shows the whole drawing in the frame (its tallest is 78% of the window). */
  function fitZoom() {
    var style = getComputedStyle(figure);
    var width = figure.offsetWidth - parseFloat(style.borderLeftWidth) - parseFloat(style.borderRightWidth);
    var height = (parseFloat(style.maxHeight) || window.innerHeight) - parseFloat(style.borderTopWidth) - parseFloat(style.borderBottomWidth);
    return Math.min(1, (width - 1) / natural(), (height - 1) / naturalHeight());
  }
  function whole() { return zoom <= fitZoom() * 1.001; }
  function applyZoom() {
    var width = Math.round(natural() * zoom) + "px", pannable;
    [svg, overlay].forEach(function (drawing) {
      if (!drawing) { return; }
      drawing.style.maxWidth = "none";
      drawing.style.width = width;
    });
    pannable = figure.scrollWidth > figure.clientWidth + 1 || figure.scrollHeight > figure.clientHeight + 1;
    figure.classList.toggle("cm-pannable", pannable);
    if (panHint) { panHint.hidden = !pannable; }
    if (fitButton) {
      fitButton.textContent = whole() ? words.zoom_read : words.zoom_all;
      fitButton.hidden = whole() && readable <= zoom;
    }
  }
  function zoomTo(value) {
    var x = figure.scrollLeft + figure.clientWidth / 2, y = figure.scrollTop + figure.clientHeight / 2, ratio = value / zoom;
    zoom = value;
    applyZoom();
    figure.scrollLeft = x * ratio - figure.clientWidth / 2;
    figure.scrollTop = y * ratio - figure.clientHeight / 2;
  }
  function zoomBy(factor) { zoomTo(Math.min(4, Math.max(Math.min(0.1, fitZoom()), zoom * factor))); }
  /* At reading size, show the selection, or else the start of the flow (the left), from the
     top unless a lower place shows a quarter more boxes whole. */
  function placeView() {
    var origin = svg.getBoundingClientRect(), boxes = [], tops, counts, most;
    if (lastSelected && boxOf(lastSelected)) { reveal(lastSelected); return; }
    Object.keys(nodeElements).forEach(function (id) {
      var box = nodeElements[id].getBoundingClientRect();
      if (box.right - origin.left <= figure.clientWidth) { boxes.push([box.top - origin.top, box.bottom - origin.top]); }
    });
    tops = [0].concat(boxes.map(function (box) { return Math.max(0, Math.floor(box[0] - 12)); })).sort(function (a, b) { return a - b; });
    counts = tops.map(function (top) {
      return boxes.filter(function (box) { return box[0] >= top && box[1] <= top + figure.clientHeight; }).length;
    });
    most = Math.max.apply(null, counts);
    figure.scrollLeft = 0;
    figure.scrollTop = counts[0] * 1.25 >= most ? 0 : tops[counts.indexOf(most)];
  }
  /* Drag the drawing to move it in its frame (a touch screen scrolls it natively); a drag is
     no click: it neither selects nor clears. */
  var drag = null, dragged = false;
  function endDrag() { drag = null; figure.classList.remove("cm-dragging"); }
  if (svg) {
    document.getElementById("cm-zoom-in").addEventListener("click", function () { zoomBy(1.25); });
    document.getElementById("cm-zoom-out").addEventListener("click", function () { zoomBy(0.8); });
    fitButton.addEventListener("click", function () {
      if (whole()) { zoomTo(Math.max(readable, fitZoom())); placeView(); } else { zoomTo(fitZoom()); }
    });
    document.getElementById("cm-clear").addEventListener("click", function () { searchBox.value = ""; clearAll(); });
    figure.addEventListener("pointerdown", function (event) {
      dragged = false;
      if (event.button !== 0 || event.pointerType === "touch" || !figure.classList.contains("cm-pannable")) { return; }
      drag = { x: event.clientX, y: event.clientY, left: figure.scrollLeft, top: figure.scrollTop, pointer: event.pointerId };
    });
    figure.addEventListener("pointermove", function (event) {
      if (!drag) { return; }
      if (!dragged && Math.abs(event.clientX - drag.x) + Math.abs(event.clientY - drag.y) < 6) { return; }
      if (!dragged) { dragged = true; figure.setPointerCapture(drag.pointer); figure.classList.add("cm-dragging"); }
      figure.scrollLeft = drag.left - (event.clientX - drag.x);
      figure.scrollTop = drag.top - (event.clientY - drag.y);
    });
    figure.addEventListener("pointerup", endDrag);
    figure.addEventListener("pointercancel", endDrag);
    figure.addEventListener("click", function (event) {
      if (dragged) { dragged = false; event.stopImmediatePropagation(); }
    }, true);
    window.addEventListener("resize", function () { if (whole()) { zoom = fitZoom(); } applyZoom(); });
    readable = Math.min(1, READABLE_PX / (nameSize() * 4 / 3));
    zoom = fitZoom();  /* it opens whole: the end clients and the legend in view */
    applyZoom();
  }

  /* A team chosen outside the diagram (in the table): selected, the drawing zoomed to reading
     size if it was smaller, and scrolled to bring it into view. */
  function showTeam(id) {
    var box;
    if (svg && zoom < readable) { zoomTo(readable); }
    selectNode(id);
    box = nodeElements[boxOf(id)];
    if (box && box.scrollIntoView) { box.scrollIntoView({ block: "center", inline: "center" }); }
  }

  /* Weak links: filter by severity, kind and department; sort by any column. */
  var table = document.getElementById("cm-findings");
  if (!table) { return; }
  var rows = Array.prototype.slice.call(table.tBodies[0].rows);
  var shown = document.getElementById("cm-shown");
  var filters = Array.prototype.slice.call(document.querySelectorAll("select[data-filter]"));
  rows.forEach(function (row, index) { row.setAttribute("data-order", String(index)); });

  function keep(row, filter) {
    var value = filter.value, name = filter.getAttribute("data-filter");
    if (!value) { return true; }
    if (name === "dept") { return (" " + row.getAttribute("data-dept") + " ").indexOf(" " + value + " ") >= 0; }
    return row.getAttribute("data-" + name) === value;
  }
  /* The command line's filters (--severity, --team, --top…) choose the rows shown first; any
     change of a filter here, or "Show every weak link", lifts them. */
  var initial = document.getElementById("cm-initial");
  function liftInitial() {
    if (initial) { initial.hidden = true; initial = null; }
  }
  function applyFilters() {
    var count = 0;
    rows.forEach(function (row) {
      var visible = filters.every(function (filter) { return keep(row, filter); })
        && !(initial && row.getAttribute("data-initial") === "0");
      row.hidden = !visible;
      if (visible) { count += 1; }
    });
    shown.textContent = format(words.rows, { shown: count, total: rows.length });
  }
  filters.forEach(function (filter) { filter.addEventListener("change", function () { liftInitial(); applyFilters(); }); });
  if (initial) {
    document.getElementById("cm-show-all").addEventListener("click", function () { liftInitial(); applyFilters(); });
  }

  var collator = new Intl.Collator(document.documentElement.lang || undefined, { numeric: true, sensitivity: "base" });
  function sortKey(row, column, numeric) {
    var cell = row.cells[column];
    return numeric ? Number(cell.getAttribute("data-sort")) : cell.textContent.trim();
  }
  function sortBy(header) {
    var column = header.cellIndex, numeric = header.hasAttribute("data-numeric");
    var current = header.getAttribute("aria-sort");
    /* a column of counts (workers affected) starts with the most */
    var ascending = current === "none" || !current ? header.getAttribute("data-first") !== "descending" : current !== "ascending";
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (cell) { cell.setAttribute("aria-sort", "none"); });
    header.setAttribute("aria-sort", ascending ? "ascending" : "descending");
    rows.sort(function (a, b) {
      var x = sortKey(a, column, numeric), y = sortKey(b, column, numeric);
      var order = numeric ? x - y : collator.compare(x, y);
      if (!ascending) { order = -order; }
      return order || Number(a.getAttribute("data-order")) - Number(b.getAttribute("data-order"));
    });
    var fragment = document.createDocumentFragment();
    rows.forEach(function (row) { fragment.appendChild(row); });
    table.tBodies[0].appendChild(fragment);
  }
  Array.prototype.forEach.call(table.tHead.rows[0].cells, function (header) {
    header.querySelector("button").addEventListener("click", function () { sortBy(header); });
  });
  table.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("button.node-link") : null;
    if (!button) { return; }
    document.getElementById("explore").scrollIntoView({ block: "start" });
    showTeam(button.getAttribute("data-node"));
  });
  /* The severity badges of the key figures ("4 errors") filter the table by their severity. */
  Array.prototype.forEach.call(document.querySelectorAll(".figures .badge[data-severity]"), function (badge) {
    badge.addEventListener("click", function () {
      filterBy("severity", badge.getAttribute("data-severity"));
      document.getElementById("weak").scrollIntoView({ block: "start" });
    });
  });
  /* The one way the table is filtered from outside its lists (a badge; the triage's initial filter). */
  function filterBy(name, value) {
    filters.forEach(function (filter) {
      if (filter.getAttribute("data-filter") === name) { filter.value = value; }
    });
    applyFilters();
  }
  applyFilters();
}());
