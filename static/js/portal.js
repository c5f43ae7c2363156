// Organisation picker: a click on a search result fills the hidden id and the visible label. A label that reads as
// a path ("省 / 市 / 名称") shows the record's own name in the box and its ancestors below it (as the widget renders).
var PATH_SEPARATOR = " / ";

function showPicked(picker, label) {
  var cut = label.lastIndexOf(PATH_SEPARATOR);
  var text = picker.querySelector("[data-org-picker-text]");
  var path = picker.querySelector("[data-org-picker-path]");
  text.value = cut < 0 ? label : label.slice(cut + PATH_SEPARATOR.length);
  text.title = label;
  if (path) {
    path.title = label;
    path.firstElementChild.textContent = cut < 0 ? "" : label.slice(0, cut);
  }
}

// A picker of several records (RecordMultiPicker): a pick adds a tag holding its own hidden input, × removes it.
function addPickedTag(picker, pk, label) {
  var name = picker.dataset.orgPickerMulti;
  var chosen = picker.querySelector("[data-org-picker-chosen]");
  var taken = Array.prototype.some.call(chosen.querySelectorAll("input"), function (input) { return input.value === pk; });
  if (!taken) {
    var cut = label.lastIndexOf(PATH_SEPARATOR);
    var tag = document.createElement("span");
    tag.className = "badge text-bg-light border fw-normal org-picker-tag";
    tag.title = label;
    var input = document.createElement("input");
    input.type = "hidden";
    input.name = name;
    input.value = pk;
    var remove = document.createElement("button");
    remove.type = "button";
    remove.className = "btn-close org-picker-remove";
    remove.setAttribute("data-org-picker-remove", "");
    remove.setAttribute("aria-label", "×");
    tag.appendChild(input);
    tag.appendChild(document.createTextNode((cut < 0 ? label : label.slice(cut + PATH_SEPARATOR.length)) + " "));
    tag.appendChild(remove);
    chosen.appendChild(tag);
  }
  picker.querySelector("[data-org-picker-text]").value = "";
  picker.querySelector(".org-picker-results").innerHTML = "";
}

document.addEventListener("click", function (event) {
  var pick = event.target.closest("[data-org-pick]");
  var picker = event.target.closest(".org-picker");
  if (picker && picker.dataset.orgPickerMulti !== undefined) {
    if (pick) {
      addPickedTag(picker, pick.dataset.orgPick, pick.dataset.orgLabel);
      return;
    }
    var remove = event.target.closest("[data-org-picker-remove]");
    if (remove) {
      remove.closest(".org-picker-tag").remove();
      return;
    }
  }
  if (pick && picker) {
    picker.querySelector("[data-org-picker-value]").value = pick.dataset.orgPick;
    showPicked(picker, pick.dataset.orgLabel);
    picker.querySelector(".org-picker-results").innerHTML = "";
    return;
  }
  if (event.target.closest("[data-org-picker-clear]") && picker) {
    picker.querySelector("[data-org-picker-value]").value = "";
    showPicked(picker, "");
    picker.querySelector(".org-picker-results").innerHTML = "";
    return;
  }
  document.querySelectorAll(".org-picker-results").forEach(function (box) {
    if (!box.parentElement.contains(event.target)) box.innerHTML = "";
  });
});
