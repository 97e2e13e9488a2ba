// The contest monitor reloads itself every 15 seconds (figures of a round in progress).
setTimeout(function () {
    location.reload();
}, 15000);
