"""Links to external datasets: read them (model), check them, suggest missing ones, cache labels.

The SPARQL sent to endpoints lives in ``sparql/*.rq`` beside this package; ``client`` is the
only module that talks to the network.
"""
