"""The forecast scoreboard: published seat forecasts scored against the official result.

>>> from swingometer.scoreboard import board  # doctest: +SKIP
>>> print(markdown(board("2024").scores))  # doctest: +SKIP
"""

from .board import Board, board, markdown, ranked, score_folder
from .ours import OurForecast, our_forecast, register, verify
from .outcome import Outcome, outcome
from .scores import FLOOR, Score, score

__all__ = ["FLOOR", "Board", "OurForecast", "Outcome", "Score", "board", "markdown",
           "our_forecast", "outcome", "ranked", "register", "score", "score_folder", "verify"]
