"""Settings package: ``base`` holds what every environment shares; ``dev``, ``test`` and
``production`` adjust it. The environment is read once, in ``env``, through typed helpers."""
