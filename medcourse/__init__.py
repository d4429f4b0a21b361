"""medcourse: the library behind "Evaluating medical-imaging AI with TensorFlow".

The package is split by concern (see ``DESIGN.md``): :mod:`medcourse.metrics`,
:mod:`medcourse.clinical`, :mod:`medcourse.plots` and :mod:`medcourse.glossary`
need only NumPy, pandas and matplotlib and never import TensorFlow, so the metric
chapters and the grader start fast. Importing the package downloads and writes
nothing.

>>> import medcourse
>>> medcourse.__version__
'0.1.0'
"""

__version__ = "0.1.0"

#: Where the course's sources live; used for Colab badges and the book's links.
REPOSITORY_URL = "https://github.com/medcourse/medcourse"

#: The languages of the course, as codes accepted by every ``lang=`` argument.
LANGUAGES = ("en", "fr", "zh")

__all__ = ["LANGUAGES", "REPOSITORY_URL", "__version__"]
