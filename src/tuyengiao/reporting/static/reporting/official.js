// Follow the report files being written: poll each queued or running one until it is done,
// then show its status and the download link.
(function () {
    "use strict";
    var rows = document.querySelectorAll("[data-render]");
    function poll(row) {
        fetch(row.dataset.statusUrl, {credentials: "same-origin"})
            .then(function (response) { return response.json(); })
            .then(function (data) {
                var status = row.querySelector("[data-render-status]");
                if (data.status === "queued" || data.status === "running") {
                    var bar = status.querySelector("progress");
                    if (bar) { bar.value = data.progress; bar.textContent = data.progress + "%"; }
                    window.setTimeout(function () { poll(row); }, 1500);
                    return;
                }
                status.textContent = data.label + (data.error ? " — " + data.error : "");
                if (data.url) {
                    var link = document.createElement("a");
                    link.href = data.url;
                    link.textContent = row.dataset.downloadLabel || "Tải về";
                    row.querySelector("[data-render-file]").replaceChildren(link);
                }
            });
    }
    rows.forEach(function (row) {
        if (row.querySelector("progress")) { poll(row); }
    });
})();
