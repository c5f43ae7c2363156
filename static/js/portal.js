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

document.addEventListener("click", function (event) {
  var pick = event.target.closest("[data-org-pick]");
  var picker = event.target.closest(".org-picker");
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
