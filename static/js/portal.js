// Organisation picker: a click on a search result fills the hidden id and the visible label.
document.addEventListener("click", function (event) {
  var pick = event.target.closest("[data-org-pick]");
  var picker = event.target.closest(".org-picker");
  if (pick && picker) {
    picker.querySelector("[data-org-picker-value]").value = pick.dataset.orgPick;
    picker.querySelector("[data-org-picker-text]").value = pick.dataset.orgLabel;
    picker.querySelector(".org-picker-results").innerHTML = "";
    return;
  }
  if (event.target.closest("[data-org-picker-clear]") && picker) {
    picker.querySelector("[data-org-picker-value]").value = "";
    picker.querySelector("[data-org-picker-text]").value = "";
    picker.querySelector(".org-picker-results").innerHTML = "";
    return;
  }
  document.querySelectorAll(".org-picker-results").forEach(function (box) {
    if (!box.parentElement.contains(event.target)) box.innerHTML = "";
  });
});
