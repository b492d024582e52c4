"""actionplans: search and classification of probation inspection action plans.

This package only wires the layers together (CLI, configuration, the record pipeline); the
work is done in ``nlp`` (reading), ``models`` (themes), ``index`` (store and search) and
``webapp`` (pages and API).
"""

__version__ = "0.1.0"
