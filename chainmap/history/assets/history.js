/* chainmap report, "Over time": a date slider over the diagram of every team and link the
   history had. Every text is written with textContent, never as HTML. */
(function () {
  "use strict";
  var holder = document.getElementById("cm-history-data");
  var slider = document.getElementById("cm-history-slider");
  var svg = document.querySelector("#cm-history-diagram svg");
  if (!holder || !slider || !svg) { return; }
  var data = JSON.parse(holder.textContent);
  var day = document.getElementById("cm-history-day");
  var line = document.getElementById("cm-history-figures");
  var nodes = {}, edges = {};
  Array.prototype.forEach.call(svg.querySelectorAll("g.node[id]"), function (g) { nodes[g.id] = g; });
  Array.prototype.forEach.call(svg.querySelectorAll("g.edge[id]"), function (g) { edges[g.id] = g; });

  function percent(share) { return share === null ? "—" : Math.round(share * 100) + " %"; }
  function show(index) {
    var point = data.points[index], words = data.words, present = {}, broken = {};
    point.nodes.forEach(function (id) { present[id] = true; });
    point.nochain.forEach(function (id) { broken[id] = true; });
    Object.keys(nodes).forEach(function (id) {
      nodes[id].classList.toggle("cm-absent", !present[id]);
      nodes[id].classList.toggle("cm-broken", !!broken[id]);
    });
    Object.keys(edges).forEach(function (id) {
      var state = point.links[id] || "";
      edges[id].classList.toggle("cm-absent", !state);
      edges[id].classList.toggle("cm-one-sided", state.indexOf("o") >= 0);
      edges[id].classList.toggle("cm-weak", state.indexOf("w") >= 0);
    });
    day.textContent = point.day + " · " + point.ref + (point.label ? " · " + point.label : "");
    var f = point.figures;
    line.textContent = [f.errors + " " + words.errors, f.warnings + " " + words.warnings,
      words.confirmed + " " + percent(f.confirmed),
      words.satisfaction + " " + (f.satisfaction === null ? "—" : f.satisfaction),
      f.workers + " " + words.workers + " (" + f.nochain + " " + words.nochain + ")"].join(" · ");
  }
  slider.addEventListener("input", function () { show(Number(slider.value)); });
  show(Number(slider.value));
}());
