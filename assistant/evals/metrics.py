"""Classification metrics for the corpora: accuracy, per-class precision/recall/F1, confusion.

Small and dependency-free on purpose: the corpus tests, the eval suites and the reports all
compute their figures here, so a number means the same thing everywhere.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, field


@dataclass(frozen=True)
class ClassScores:
    precision: float
    recall: float
    f1: float
    support: int  # gold count
    predicted: int


@dataclass
class Confusion:
    """A confusion matrix over gold (rows) and predicted (columns) labels."""

    labels: list[Hashable]
    counts: Counter[tuple[Hashable, Hashable]] = field(default_factory=Counter)

    @classmethod
    def build(cls, gold: Sequence[Hashable], predicted: Sequence[Hashable]) -> Confusion:
        if len(gold) != len(predicted):
            raise ValueError("gold and predicted differ in length")
        labels = sorted({*gold, *predicted}, key=repr)
        return cls(labels=labels, counts=Counter(zip(gold, predicted, strict=True)))

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def accuracy(self) -> float:
        if not self.total:
            return 0.0
        return sum(n for (g, p), n in self.counts.items() if g == p) / self.total

    def scores(self, label: Hashable) -> ClassScores:
        tp = self.counts[(label, label)]
        support = sum(n for (g, _), n in self.counts.items() if g == label)
        predicted = sum(n for (_, p), n in self.counts.items() if p == label)
        return binary_scores(tp, predicted - tp, support - tp, support, predicted)

    def matrix(self) -> list[list[int]]:
        return [[self.counts[(g, p)] for p in self.labels] for g in self.labels]

    def render(self, title: str = "") -> str:
        """A plain-text table: rows are gold labels, columns predicted labels."""
        names = [str(label) for label in self.labels]
        width = max([len(n) for n in names] + [6])
        head = " " * (width + 9) + " ".join(n.rjust(width) for n in names)
        lines = [f"{title}  accuracy={self.accuracy:.3f}  n={self.total}", "gold \\ predicted"]
        lines.append(head)
        for name, row in zip(names, self.matrix(), strict=True):
            lines.append(
                f"  {name.rjust(width)}  →    " + " ".join(str(c).rjust(width) for c in row)
            )
        return "\n".join(lines)


def binary_scores(tp: int, fp: int, fn: int, support: int, predicted: int) -> ClassScores:
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return ClassScores(precision, recall, f1, support, predicted)


def multilabel_scores(
    gold: Iterable[set[str]], predicted: Iterable[set[str]], categories: Iterable[str]
) -> dict[str, ClassScores]:
    """Per-category precision/recall/F1 when each item may carry several categories."""
    pairs = list(zip(gold, predicted, strict=True))
    out: dict[str, ClassScores] = {}
    for cat in categories:
        tp = sum(1 for g, p in pairs if cat in g and cat in p)
        fp = sum(1 for g, p in pairs if cat not in g and cat in p)
        fn = sum(1 for g, p in pairs if cat in g and cat not in p)
        out[cat] = binary_scores(tp, fp, fn, tp + fn, tp + fp)
    return out
