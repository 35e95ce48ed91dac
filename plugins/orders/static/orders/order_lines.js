/* Order lines: add and remove rows of the order form, show the product's price as a hint.
   Without this script the form still works with its blank rows. */
(function () {
  "use strict";
  var table = document.getElementById("order-lines");
  if (!table) { return; }
  var body = table.tBodies[0];
  var addButton = document.querySelector("[data-add-line]");
  var priceField = table.getAttribute("data-price-field");

  function rows() { return body.querySelectorAll("tr.order-line"); }

  function nextIndex() {
    var highest = -1;
    body.querySelectorAll("[name^='lines-']").forEach(function (input) {
      var match = /^lines-(\d+)-/.exec(input.name);
      if (match) { highest = Math.max(highest, parseInt(match[1], 10)); }
    });
    return highest + 1;
  }

  function showPrice(row) {
    var select = row.querySelector("select[data-product]");
    var price = row.querySelector("[name$='-" + priceField + "']");
    if (!select || !price || priceField !== "unit_price") { return; }
    var option = select.options[select.selectedIndex];
    var hint = option && option.getAttribute("data-price");
    price.placeholder = hint ? hint : price.getAttribute("data-placeholder") || "";
  }

  function wire(row) {
    var remove = row.querySelector("[data-remove-line]");
    if (remove) {
      remove.classList.remove("d-none");
      remove.addEventListener("click", function () {
        if (rows().length > 1) { row.remove(); } else { clear(row); }
      });
    }
    var select = row.querySelector("select[data-product]");
    var price = row.querySelector("[name$='-" + priceField + "']");
    if (price && !price.hasAttribute("data-placeholder")) {
      price.setAttribute("data-placeholder", price.placeholder || "");
    }
    if (select) { select.addEventListener("change", function () { showPrice(row); }); }
    showPrice(row);
  }

  function clear(row) {
    row.querySelectorAll("input, select").forEach(function (input) {
      if (input.tagName === "SELECT") { input.selectedIndex = 0; } else { input.value = ""; }
      input.classList.remove("is-invalid");
    });
    row.querySelectorAll(".invalid-feedback").forEach(function (el) { el.remove(); });
    showPrice(row);
  }

  function addRow() {
    var source = rows()[rows().length - 1];
    var index = nextIndex();
    var row = source.cloneNode(true);
    row.querySelectorAll("[name], [id], label[for]").forEach(function (el) {
      ["name", "id", "for"].forEach(function (attr) {
        var value = el.getAttribute(attr);
        if (value) { el.setAttribute(attr, value.replace(/^lines-\d+-/, "lines-" + index + "-")); }
      });
    });
    body.appendChild(row);
    clear(row);
    wire(row);
    var first = row.querySelector("select, input");
    if (first) { first.focus(); }
  }

  rows().forEach(wire);
  if (addButton) {
    addButton.classList.remove("d-none");
    addButton.addEventListener("click", addRow);
  }
}());
