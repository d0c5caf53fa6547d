// The review page's copy buttons: the only thing on the page that needs JavaScript.
document.querySelectorAll("button.review-copy").forEach(function (button) {
  button.hidden = false;
  button.addEventListener("click", function () {
    var text = document.getElementById(button.dataset.copy).textContent;
    navigator.clipboard.writeText(text).then(function () {
      button.textContent = "Copied";
      setTimeout(function () { button.textContent = "Copy the snippet"; }, 1500);
    });
  });
});
