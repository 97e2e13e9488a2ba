// The countdown of an attempt: minutes and seconds left, from the server's figure. The server
// alone decides whether an answer came in time; this only informs the entrant.
(function () {
    var left = document.getElementById("left");
    if (!left) return;
    var seconds = Number(left.dataset.seconds);
    var timer = setInterval(function () {
        seconds--;
        if (seconds < 0) {
            clearInterval(timer);
            return;
        }
        left.textContent = Math.floor(seconds / 60) + ":" + ("0" + (seconds % 60)).slice(-2);
    }, 1000);
})();
