"""The course's explorers, one declaration each (see :mod:`collectives.explorer`).

One module per topic: :mod:`~collectives.widgets.day1` (growth, timeline, cases, survival),
:mod:`~collectives.widgets.governance`, :mod:`~collectives.widgets.evaluation`,
:mod:`~collectives.widgets.kpi`, :mod:`~collectives.widgets.feedback` and
:mod:`~collectives.widgets.valuation`. :mod:`~collectives.widgets.data` holds the upload box for
participants' own files, which needs a kernel.
"""
